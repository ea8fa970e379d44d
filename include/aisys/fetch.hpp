#pragma once
// Stage 2, fetch: each paper's repository README (GitHub REST API) and abstract
// (arXiv API, Semantic Scholar as fallback) over HTTP, concurrent, cached on
// disk, polite to rate limits, and never fatal per paper.

#include <aisys/paper.hpp>
#include <aisys/venue.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace aisys {

/// Where and how to fetch. from_environment() fills it the way the CLI does.
struct FetchOptions {
    std::string github_api = "https://api.github.com";                   ///< $AISYS_GITHUB_API
    std::string arxiv_api = "http://export.arxiv.org/api/query";          ///< $AISYS_ARXIV_API
    std::string s2_api = "https://api.semanticscholar.org/graph/v1";      ///< $AISYS_S2_API
    std::string github_token;                                             ///< $GITHUB_TOKEN: sent as a Bearer token
    std::string s2_key;                                                   ///< $S2_API_KEY: sent as x-api-key
    std::string cache_dir;        ///< required; the CLI uses $XDG_CACHE_HOME/aisys-search or --cache
    bool offline = false;         ///< never touch the network: cache only
    bool refresh = false;         ///< revalidate every cache entry, however fresh
    long ttl_seconds = 7 * 24 * 3600;       ///< entries younger than this are used without asking ($AISYS_CACHE_TTL)
    double arxiv_interval = 3.0;  ///< seconds between arXiv requests, their terms of use ($AISYS_ARXIV_INTERVAL)
    double s2_interval = 1.0;     ///< seconds between Semantic Scholar requests ($AISYS_S2_INTERVAL)
    double retry_base = 1.0;      ///< first retry delay in seconds, doubled each try, with jitter ($AISYS_RETRY_BASE)
    double max_retry_after = 120; ///< a longer Retry-After stops asking that host instead of waiting
    int max_tries = 4;            ///< attempts per request for timeouts, resets, 5xx and 429 ($AISYS_MAX_TRIES)
    int concurrency = 16;         ///< README requests in flight at once
    int per_host_connections = 16;///< connections to one host at once (GitHub is one host)
    long connect_timeout_ms = 10'000;
    long total_timeout_ms = 60'000;         ///< whole transfer, milliseconds ($AISYS_TIMEOUT)
    long low_speed_bytes = 100;   ///< a transfer slower than this many bytes/s...
    long low_speed_seconds = 15;  ///< ...for this long is cut off
    std::size_t max_body_bytes = 8u << 20;  ///< larger answers are refused ($AISYS_MAX_BODY)
    double title_threshold = 0.85; ///< minimum title similarity to accept an abstract (measured: benchmarks/RESULTS.md)
    /// Venues a fetched venue must be found in to fill a paper's missing
    /// venue (not owned); null: fetched venues are not used.
    const VenueTable* venues = nullptr;

    /// Defaults overridden by the environment variables named above.
    /// Throws aisys::Error for a malformed number.
    static FetchOptions from_environment();
};

/// How the fetch went, for the summary the CLI prints.
struct FetchSummary {
    std::size_t readmes_fetched = 0;     ///< downloaded (or revalidated with 304) this run
    std::size_t readmes_cached = 0;      ///< served from a fresh cache entry
    std::size_t readmes_missing = 0;     ///< the repository has no README (404), or no GitHub link
    std::size_t readmes_failed = 0;      ///< could not be had: see failures
    std::size_t abstracts_found = 0;     ///< matched (fetched or cached)
    std::size_t abstracts_not_matched = 0;  ///< searched, but no result had the paper's title
    std::size_t abstracts_failed = 0;    ///< could not be had: see failures
    std::size_t offline_uncached = 0;    ///< READMEs and abstracts skipped: offline and not in the cache
    std::vector<std::string> failures;   ///< one line for each failed README and abstract: "zeus: README: timeout after 4 tries"
    std::vector<std::string> notes;      ///< e.g. skipped non-GitHub links, exhausted rate limits
};

/// One host's share of the requests still to make, for the time-left estimate.
struct HostLoad {
    std::string host;       ///< as notes name it: "GitHub", "arXiv", "Semantic Scholar"
    int lane = 0;           ///< hosts of one lane are asked one after another; lanes run at once
    double queued = 0;      ///< requests still to send (an estimate: a paper's later requests depend on its first answers)
    double interval = 0;    ///< least seconds between two requests (arXiv's terms: 3)
    double latency = 0;     ///< seconds a request took, on average so far; 0 until one has (k_assumed_latency then)
    unsigned parallel = 1;  ///< requests in flight at once
};

/// What a request is guessed to take before one has been timed.
inline constexpr double k_assumed_latency = 1.0;

/// Seconds the queued requests will take: each host's queued requests times
/// the longer of its interval and its latency over its parallel requests,
/// summed within a lane; the longest lane. Pure; never throws.
double seconds_left(const std::vector<HostLoad>& hosts);

/// What a progress callback is told.
struct FetchProgressInfo {
    std::size_t done = 0;      ///< READMEs and abstracts done (fetched, cached, missing or failed)
    std::size_t total = 0;     ///< READMEs and abstracts in all: twice the papers
    std::size_t failed = 0;    ///< of those done, how many failed
    double seconds_left = 0;   ///< seconds_left() of what the hosts still have queued
};

/// Progress callback after each README and abstract. Called from two
/// threads, never at once.
using FetchProgress = std::function<void(const FetchProgressInfo&)>;

/// Fills readme, abstract, authors (and a missing title, venue, year, arXiv
/// id or DOI) of each paper from the network or the cache, never replacing
/// what the list states. A paper with a DOI and no arXiv id is looked up on
/// Semantic Scholar by DOI first; then arXiv and Semantic Scholar by title. `readme` gets the README's raw bytes
/// as GitHub serves them (markdown, reStructuredText, ...): the caller turns
/// them into text with readme_to_text (<aisys/document.hpp>), since fetch
/// sits above the document stage. Per-paper failures are counted in the
/// summary, never thrown. Throws aisys::Error only when the cache folder
/// cannot be created.
FetchSummary fetch_all(std::vector<Paper>& papers, const FetchOptions& options, const FetchProgress& progress = {});

/// True for a list given as an http(s) URL or as github:OWNER/REPO.
bool is_remote_list(const std::string& spec);

/// The markdown of a remote list: the URL's body, or for github:OWNER/REPO
/// that repository's README through the GitHub API; cached and revalidated
/// like every fetch (`options.offline`: the cache only). Throws aisys::Error
/// naming the list when it cannot be had.
std::string fetch_list(const std::string& spec, const FetchOptions& options);

} // namespace aisys

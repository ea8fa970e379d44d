// fetch_all: READMEs (concurrently) and abstracts (one request at a time per
// API, as their terms ask) for a list of papers, in two threads.

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/fetch.hpp>
#include <aisys/text.hpp>

#include "fetch/cache.hpp"
#include "fetch/http.hpp"
#include "fetch/requester.hpp"
#include "fetch/sources.hpp"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace aisys {

using namespace fetch;

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

template <typename T>
void env_number(const char* name, T& into) {
    const std::string v = env(name);
    if (v.empty()) return;
    try {
        std::size_t used = 0;
        const double d = std::stod(v, &used);
        if (used != v.size() || d < 0) throw std::invalid_argument(v);
        into = static_cast<T>(d);
    } catch (const std::exception&) {
        throw Error(std::string(name) + "='" + v + "' is not a non-negative number", ErrorKind::usage);
    }
}

std::string strip_slash(std::string s) {
    while (!s.empty() && s.back() == '/') s.pop_back();
    return s;
}

// Title words for an arXiv title search: letters and digits only, so that no
// character of a title can change the query's syntax.
std::string title_words(const std::string& title) {
    std::string out;
    for (char c : title) out += std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80) ? c : ' ';
    return text::collapse_whitespace(out);
}

// A DOI as a path segment: escaped, its slashes kept ("10.1145/3600006.3613165"),
// as Semantic Scholar's own examples write it.
std::string doi_path(const std::string& doi) {
    std::string out;
    std::size_t start = 0;
    for (std::size_t slash; (slash = doi.find('/', start)) != std::string::npos; start = slash + 1)
        out += url_escape(doi.substr(start, slash - start)) + "/";
    return out + url_escape(doi.substr(start));
}

// The hosts in Shared::loads: GitHub in the README thread's lane, the two
// abstract APIs one after another in the other.
enum Host : std::size_t { k_github, k_arxiv, k_scholar };

struct Shared {
    std::mutex mutex;
    FetchSummary summary;
    std::size_t done = 0;
    std::size_t total = 0;
    const FetchProgress* progress = nullptr;
    std::vector<HostLoad> loads;  // indexed by Host

    void step(std::size_t n = 1) {
        std::lock_guard lock(mutex);
        done += n;
        if (progress && *progress)
            (*progress)({done, total, summary.readmes_failed + summary.abstracts_failed, seconds_left(loads)});
    }
    void load(Host host, double queued, double latency) {
        std::lock_guard lock(mutex);
        loads[host].queued = queued;
        loads[host].latency = latency;
    }
    const Paper* first = nullptr;  // papers[0]: failures are listed in the papers' order
    std::vector<std::pair<std::size_t, std::string>> failures;  // (paper's place, line)

    void failure(const Paper& p, const std::string& what, const std::string& why) {
        std::lock_guard lock(mutex);
        failures.emplace_back(static_cast<std::size_t>(&p - first), p.id + ": " + what + ": " + why);
    }
    void note(const std::string& n) {
        std::lock_guard lock(mutex);
        if (std::find(summary.notes.begin(), summary.notes.end(), n) == summary.notes.end()) summary.notes.push_back(n);
    }
};

void fetch_readmes(std::vector<Paper>& papers, const FetchOptions& o, const Cache& cache, Shared& shared) {
    auto client = make_curl_client(o);
    Requester github(*client, cache, o, 0, "GitHub");
    std::vector<HttpRequest> requests;
    std::vector<std::size_t> which;
    const std::string api = strip_slash(o.github_api);
    for (std::size_t i = 0; i < papers.size(); ++i) {
        const auto repo = github_repo(papers[i].repo);
        if (!repo) {
            std::lock_guard lock(shared.mutex);
            ++shared.summary.readmes_missing;
            if (!papers[i].repo.empty())
                shared.summary.notes.push_back(papers[i].id + ": " + papers[i].repo + " is not a GitHub repository; no README");
            continue;
        }
        HttpRequest r{api + "/repos/" + *repo + "/readme",
                      {"Accept: application/vnd.github.raw", "X-GitHub-Api-Version: 2022-11-28"}};
        if (!o.github_token.empty()) r.headers.push_back("Authorization: Bearer " + o.github_token);
        requests.push_back(std::move(r));
        which.push_back(i);
    }
    if (!o.offline) shared.load(k_github, double(which.size()), 0);
    shared.step(papers.size() - which.size());
    const auto results = github.get(requests);
    shared.load(k_github, 0, github.latency());
    for (std::size_t k = 0; k < results.size(); ++k) {
        Paper& p = papers[which[k]];
        const FetchResult& r = results[k];
        std::unique_lock lock(shared.mutex);
        if (o.offline && r.outcome == Outcome::failed) {
            ++shared.summary.offline_uncached;
            continue;
        }
        switch (r.outcome) {
        case Outcome::missing: ++shared.summary.readmes_missing; break;
        case Outcome::failed: ++shared.summary.readmes_failed; break;
        case Outcome::cached:
        case Outcome::stale: ++shared.summary.readmes_cached; break;
        case Outcome::fetched: ++shared.summary.readmes_fetched; break;
        }
        lock.unlock();
        // Papers not asked for because GitHub was given up on have its reason.
        if (r.outcome == Outcome::failed) shared.failure(p, "README", r.error);
        if (r.outcome == Outcome::stale && !r.gave_up) shared.failure(p, "README", r.error + " (used the cached copy)");
        // As served: turning it into text is the document stage's job, one stage down.
        if (!r.body.empty()) p.readme = r.body;
    }
    if (!github.stopped().empty()) shared.note(github.stopped());
    shared.step(which.size());
}

// The best match at least `threshold` alike, or nothing.
std::optional<PaperMatch> best_match(const std::vector<PaperMatch>& candidates, const Paper& p, double threshold) {
    std::optional<PaperMatch> best;
    double best_score = threshold;
    for (const auto& c : candidates) {
        const double s = title_similarity(c.title, p.title);
        if (s >= best_score) {
            best_score = s;
            best = c;
        }
    }
    return best;
}

enum class Lookup { found, not_matched, failed };

// What every Semantic Scholar request asks for.
constexpr const char* k_s2_fields = "fields=title,abstract,year,venue,externalIds,authors";

void fetch_abstracts(std::vector<Paper>& papers, const FetchOptions& o, const Cache& cache, Shared& shared) {
    auto client = make_curl_client(o);
    Requester arxiv(*client, cache, o, o.arxiv_interval, "arXiv");
    Requester scholar(*client, cache, o, o.s2_interval, "Semantic Scholar");
    const std::string arxiv_api = strip_slash(o.arxiv_api), s2_api = strip_slash(o.s2_api);
    // How many requests a paper takes shows only as papers are done: until
    // then, one arXiv request each (fetch_all's first guess, which weighs as
    // one paper done).
    std::size_t finished = 0;
    auto paper_done = [&] {
        const double left = double(papers.size() - ++finished), seen = double(finished + 1);
        if (!o.offline) {
            shared.load(k_arxiv, left * double(arxiv.sent() + 1) / seen, arxiv.latency());
            shared.load(k_scholar, left * double(scholar.sent()) / seen, scholar.latency());
        }
        shared.step();
    };

    for (Paper& p : papers) {
        std::optional<PaperMatch> match;
        std::string error;
        bool answered = false;  // some source answered, whether or not it matched

        auto try_arxiv = [&](const std::string& url, bool by_id) {
            auto r = arxiv.get(HttpRequest{url, {}});
            if (r.outcome == Outcome::failed) return void(error = "arXiv: " + r.error);
            try {
                answered = true;
                auto entries = parse_arxiv_feed(r.body);
                // arXiv sometimes answers an existing id with an empty feed by
                // mistake: ask once more, past the cache.
                if (by_id && entries.empty() && !o.offline) {
                    r = arxiv.get(HttpRequest{url, {}}, true);
                    if (r.outcome != Outcome::failed) entries = parse_arxiv_feed(r.body);
                }
                match = best_match(entries, p, o.title_threshold);
            } catch (const Error& e) {
                error = std::string("arXiv: ") + e.what();
            }
        };
        // A Semantic Scholar answer: nothing when it has no such paper (404),
        // the parsed paper otherwise; failures are noted in `error`.
        auto ask_scholar = [&](const std::string& url, auto parse) -> std::optional<PaperMatch> {
            HttpRequest r{url, {}};
            if (!o.s2_key.empty()) r.headers.push_back("x-api-key: " + o.s2_key);
            const auto res = scholar.get(r);
            if (res.outcome == Outcome::missing) {
                answered = true;
                return std::nullopt;
            }
            if (res.outcome == Outcome::failed) {
                error += (error.empty() ? "" : "; ") + std::string("Semantic Scholar: ") + res.error;
                return std::nullopt;
            }
            try {
                answered = true;
                return parse(res.body);
            } catch (const Error& e) {
                error += (error.empty() ? "" : "; ") + std::string(e.what());
                return std::nullopt;
            }
        };
        if (!p.arxiv_id.empty()) try_arxiv(arxiv_api + "?id_list=" + url_escape(p.arxiv_id), true);
        // A DOI names the paper exactly: no title to compare, and no search.
        // Without an abstract its answer still completes the paper.
        std::optional<PaperMatch> by_doi;
        if (!match && p.arxiv_id.empty() && !p.doi.empty()) {
            by_doi = ask_scholar(s2_api + "/paper/DOI:" + doi_path(p.doi) + "?" + k_s2_fields,
                                 [](const std::string& body) { return std::optional(parse_s2_paper(body)); });
            if (by_doi && !by_doi->abstract.empty()) match = by_doi;
        }
        if (!match && !title_words(p.title).empty())
            try_arxiv(arxiv_api + "?search_query=" + url_escape("ti:\"" + title_words(p.title) + "\"") + "&max_results=5", false);
        if (!match) {
            const auto m = ask_scholar(s2_api + "/paper/search/match?query=" + url_escape(p.title) + "&" + k_s2_fields,
                                       [](const std::string& body) { return parse_s2_match(body); });
            if (m && !m->abstract.empty() && title_similarity(m->title, p.title) >= o.title_threshold) match = m;
        }

        if (by_doi) complete_paper(p, *by_doi, o.venues);
        if (match) complete_paper(p, *match, o.venues);
        if (o.offline && !match && !answered) {
            {
                std::lock_guard lock(shared.mutex);
                ++shared.summary.offline_uncached;
            }
            paper_done();
            continue;
        }
        const bool failed = !match && !(answered && error.empty());
        {
            std::lock_guard lock(shared.mutex);
            if (match) ++shared.summary.abstracts_found;
            else if (failed) ++shared.summary.abstracts_failed;
            else ++shared.summary.abstracts_not_matched;
        }
        // Every failed paper has its reason, also when its API was given up on.
        if (failed) shared.failure(p, "abstract", error.empty() ? "no arXiv id, DOI or title to look it up by" : error);
        paper_done();
    }
    if (!arxiv.stopped().empty()) shared.note(arxiv.stopped());
    if (!scholar.stopped().empty()) shared.note(scholar.stopped());
}

} // namespace

FetchOptions FetchOptions::from_environment() {
    FetchOptions o;
    if (auto v = env("AISYS_GITHUB_API"); !v.empty()) o.github_api = v;
    if (auto v = env("AISYS_ARXIV_API"); !v.empty()) o.arxiv_api = v;
    if (auto v = env("AISYS_S2_API"); !v.empty()) o.s2_api = v;
    o.github_token = env("GITHUB_TOKEN");
    o.s2_key = env("S2_API_KEY");
    env_number("AISYS_CACHE_TTL", o.ttl_seconds);
    env_number("AISYS_ARXIV_INTERVAL", o.arxiv_interval);
    env_number("AISYS_S2_INTERVAL", o.s2_interval);
    env_number("AISYS_RETRY_BASE", o.retry_base);
    env_number("AISYS_TIMEOUT", o.total_timeout_ms);
    env_number("AISYS_MAX_TRIES", o.max_tries);
    env_number("AISYS_MAX_BODY", o.max_body_bytes);
    if (o.max_tries < 1) o.max_tries = 1;
    return o;
}

FetchSummary fetch_all(std::vector<Paper>& papers, const FetchOptions& options, const FetchProgress& progress) {
    if (options.cache_dir.empty()) throw Error("no cache folder given");
    const Cache cache(options.cache_dir);
    Shared shared;
    shared.total = 2 * papers.size();
    shared.progress = &progress;
    shared.first = papers.data();
    shared.loads = {{"GitHub", 0, 0, 0, 0, static_cast<unsigned>(std::max(options.concurrency, 1))},
                    {"arXiv", 1, options.offline ? 0.0 : double(papers.size()), options.arxiv_interval, 0, 1},
                    {"Semantic Scholar", 1, 0, options.s2_interval, 0, 1}};
    // Different fields of the same papers: the README thread writes `readme`,
    // the abstract thread the rest.
    std::thread readmes([&] { fetch_readmes(papers, options, cache, shared); });
    fetch_abstracts(papers, options, cache, shared);
    readmes.join();
    // Each thread adds its own as it goes: in the papers' order, README before abstract.
    std::sort(shared.failures.begin(), shared.failures.end());  // "id: README" sorts before "id: abstract"
    for (auto& [place, line] : shared.failures) shared.summary.failures.push_back(std::move(line));
    return shared.summary;
}

} // namespace aisys

namespace aisys {

bool is_remote_list(const std::string& spec) {
    const auto lower = text::to_lower(spec);
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0 || lower.rfind("github:", 0) == 0;
}

std::string fetch_list(const std::string& spec, const FetchOptions& o) {
    if (o.cache_dir.empty()) throw Error("no cache folder given");
    HttpRequest request{spec, {}};
    if (text::to_lower(spec).rfind("github:", 0) == 0) {
        const auto repo = github_repo("https://github.com/" + spec.substr(7));
        if (!repo) throw Error("'" + spec + "' is not github:OWNER/REPO", ErrorKind::usage);
        request = {strip_slash(o.github_api) + "/repos/" + *repo + "/readme",
                   {"Accept: application/vnd.github.raw", "X-GitHub-Api-Version: 2022-11-28"}};
        if (!o.github_token.empty()) request.headers.push_back("Authorization: Bearer " + o.github_token);
    }
    const Cache cache(o.cache_dir);
    auto client = make_curl_client(o);
    Requester requester(*client, cache, o, 0, "the list's host");
    const FetchResult r = requester.get(request);
    switch (r.outcome) {
    case Outcome::missing: throw Error("list " + spec + ": not found (404)", ErrorKind::network);
    case Outcome::failed: throw Error("list " + spec + ": " + r.error, ErrorKind::network);
    default: return r.body;
    }
}

} // namespace aisys

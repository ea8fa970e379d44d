#pragma once
// Cached, retried, paced GETs against one API: the policy between the HTTP
// client and the API-specific code.

#include "fetch/cache.hpp"
#include "fetch/http.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace aisys::fetch {

enum class Outcome {
    cached,       ///< a fresh cache entry, no request made
    fetched,      ///< downloaded now (or revalidated: 304)
    stale,        ///< the request failed; an older cache entry was used
    missing,      ///< 404/410: the thing does not exist (cached too)
    failed,       ///< nothing to be had: see error
};

struct FetchResult {
    Outcome outcome = Outcome::failed;
    std::string body;
    std::string error;  ///< for failed and stale
    bool gave_up = false;  ///< not asked: the API was given up on earlier (see Requester::stopped)
};

/// One API's requests. Not thread-safe: one per thread.
class Requester {
public:
    /// `interval`: minimum seconds between two requests (0: a whole batch
    /// goes out concurrently). `name` is used in notes ("GitHub").
    Requester(HttpClient& client, const Cache& cache, const FetchOptions& options, double interval, std::string name);

    /// Fetches each request's URL through the cache, in order of the input.
    /// `bypass_cache`: ask the network whatever the cache holds (unless offline).
    std::vector<FetchResult> get(const std::vector<HttpRequest>& requests, bool bypass_cache = false);
    FetchResult get(const HttpRequest& request, bool bypass_cache = false) {
        return get(std::vector<HttpRequest>{request}, bypass_cache).front();
    }

    /// Why this API was given up on for the rest of the run ("" while it was not).
    const std::string& stopped() const { return m_stopped; }

    /// Requests sent over the network so far (retries too, cache hits not).
    std::size_t sent() const { return m_sent; }
    /// Seconds a request took on average (a whole batch's time over its
    /// requests when they went out at once); 0 before the first.
    double latency() const { return m_sent ? m_busy / double(m_sent) : 0.0; }
    /// The least seconds between two requests, as constructed.
    double interval() const { return m_interval; }

private:
    std::vector<HttpResponse> send(const std::vector<HttpRequest>& batch);
    std::vector<HttpResponse> timed(const std::vector<HttpRequest>& batch);
    double backoff(int attempt);
    /// A request's reason when the API was given up on before it was sent.
    std::string not_asked() const;

    HttpClient& m_client;
    const Cache& m_cache;
    const FetchOptions& m_options;
    double m_interval;
    std::string m_name;
    std::string m_stopped;
    std::chrono::steady_clock::time_point m_last_request{};
    std::size_t m_sent = 0;
    double m_busy = 0;  // seconds spent waiting for answers
    unsigned m_jitter_state = 0x9e3779b9u;
};

} // namespace aisys::fetch

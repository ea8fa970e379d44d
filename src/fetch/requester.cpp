#include "fetch/requester.hpp"

#include "fetch/curl_api.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <ctime>
#include <optional>
#include <string_view>
#include <thread>

namespace aisys::fetch {

namespace {

bool is_fresh(const CacheEntry& e, const FetchOptions& o) {
    return !o.refresh && now_seconds() - e.fetched_at < o.ttl_seconds;
}

// A non-negative number of seconds, or nothing.
std::optional<double> parse_seconds(const std::string& s) {
    if (s.empty()) return std::nullopt;
    try {
        std::size_t used = 0;
        const double v = std::stod(s, &used);
        if (used == s.size() && v >= 0) return v;
    } catch (const std::exception&) {
    }
    return std::nullopt;
}

// Retry-After is either delay-seconds or an HTTP-date (RFC 9110); the
// delay until that date, never negative.
std::optional<double> retry_after_seconds(const std::string& s) {
    if (s.empty() || std::isdigit(static_cast<unsigned char>(s[0]))) return parse_seconds(s);
    const time_t when = fetch::curl().getdate(s.c_str(), nullptr);
    if (when < 0) return std::nullopt;
    return std::max(0.0, double(when - now_seconds()));
}

FetchResult from_entry(const CacheEntry& e, Outcome outcome, std::string error = "") {
    FetchResult r;
    r.outcome = e.status == 200 ? outcome : Outcome::missing;
    r.body = e.body;
    r.error = std::move(error);
    if (r.outcome == Outcome::missing) r.body.clear();
    return r;
}

// The answer when no request can be made: an older entry if there is one.
FetchResult fallback(const std::optional<CacheEntry>& entry, const std::string& why) {
    if (entry) return from_entry(*entry, Outcome::stale, why);
    FetchResult r;
    r.outcome = Outcome::failed;
    r.error = why;
    return r;
}

// What notes on an API given up on end with; a paper's own reason goes without it.
constexpr std::string_view k_rest_from_cache = "; the rest comes from the cache";

// 9999-12-31 23:59:59 UTC. A later reset time is none a server means, and
// would overflow the conversion to an integer (x-ratelimit-reset: 1e300).
constexpr double k_max_reset = 253402300799.0;

std::string clock_time(long long epoch) {
    const std::time_t t = static_cast<std::time_t>(epoch);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%H:%M UTC", &tm);
    return buf;
}

} // namespace

Requester::Requester(HttpClient& client, const Cache& cache, const FetchOptions& options, double interval,
                     std::string name)
    : m_client(client), m_cache(cache), m_options(options), m_interval(interval), m_name(std::move(name)) {}

std::string Requester::not_asked() const {
    return "not asked: " + m_stopped.substr(0, m_stopped.rfind(k_rest_from_cache));
}

double Requester::backoff(int attempt) {
    // Exponential, with jitter in [0.5, 1.5) so that many clients don't retry in step.
    m_jitter_state = m_jitter_state * 1664525u + 1013904223u;
    const double jitter = 0.5 + (m_jitter_state >> 8) / double(1u << 24);
    return m_options.retry_base * std::pow(2.0, attempt) * jitter;
}

std::vector<HttpResponse> Requester::timed(const std::vector<HttpRequest>& batch) {
    const auto start = std::chrono::steady_clock::now();
    auto responses = m_client.perform(batch);
    m_busy += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    m_sent += batch.size();
    return responses;
}

std::vector<HttpResponse> Requester::send(const std::vector<HttpRequest>& batch) {
    if (m_interval <= 0) return timed(batch);
    std::vector<HttpResponse> out;
    for (const auto& request : batch) {
        const auto due = m_last_request + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                              std::chrono::duration<double>(m_interval));
        std::this_thread::sleep_until(due);  // the API's terms: one request per interval
        m_last_request = std::chrono::steady_clock::now();
        out.push_back(std::move(timed({request}).front()));
    }
    return out;
}

std::vector<FetchResult> Requester::get(const std::vector<HttpRequest>& requests, bool bypass_cache) {
    std::vector<FetchResult> results(requests.size());
    std::vector<std::optional<CacheEntry>> entries(requests.size());
    std::vector<std::size_t> pending;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        if (!bypass_cache || m_options.offline) entries[i] = m_cache.get(requests[i].url);
        if (entries[i] && (m_options.offline || is_fresh(*entries[i], m_options)))
            results[i] = from_entry(*entries[i], Outcome::cached);
        else if (m_options.offline)
            results[i] = fallback(std::nullopt, "not in the cache (offline)");
        else
            pending.push_back(i);
    }

    std::vector<std::string> last_error(requests.size());
    for (int attempt = 0; !pending.empty() && attempt < m_options.max_tries; ++attempt) {
        if (!m_stopped.empty()) break;
        std::vector<HttpRequest> batch;
        for (auto i : pending) {
            HttpRequest r = requests[i];
            if (entries[i] && entries[i]->status == 200) {
                if (!entries[i]->etag.empty()) r.headers.push_back("If-None-Match: " + entries[i]->etag);
                if (!entries[i]->last_modified.empty()) r.headers.push_back("If-Modified-Since: " + entries[i]->last_modified);
            }
            batch.push_back(std::move(r));
        }
        const auto responses = send(batch);

        std::vector<std::size_t> retry;
        double wait = 0;
        for (std::size_t k = 0; k < pending.size(); ++k) {
            const std::size_t i = pending[k];
            const HttpResponse& resp = responses[k];
            const auto remaining = resp.header("x-ratelimit-remaining");
            if (resp.status == 200) {
                CacheEntry e{requests[i].url, 200, resp.header("etag"), resp.header("last-modified"), now_seconds(), resp.body};
                m_cache.put(e);
                results[i] = from_entry(e, Outcome::fetched);
            } else if (resp.status == 304 && entries[i]) {
                entries[i]->fetched_at = now_seconds();
                m_cache.put(*entries[i]);
                results[i] = from_entry(*entries[i], Outcome::fetched);
            } else if (resp.status == 404 || resp.status == 410) {
                CacheEntry e{requests[i].url, 404, "", "", now_seconds(), ""};
                m_cache.put(e);
                results[i] = from_entry(e, Outcome::missing);
            } else if ((resp.status == 403 || resp.status == 429) && (remaining == "0" || resp.status == 429)) {
                const auto retry_after = retry_after_seconds(resp.header("retry-after"));
                const auto reset = parse_seconds(resp.header("x-ratelimit-reset"));
                double delay = retry_after.value_or(reset ? *reset - double(now_seconds()) : backoff(attempt));
                if (delay <= m_options.max_retry_after && attempt + 1 < m_options.max_tries) {
                    retry.push_back(i);
                    wait = std::max(wait, std::max(delay, 0.0));
                    last_error[i] = "rate limited (HTTP " + std::to_string(resp.status) + ")";
                } else {
                    const bool showable = reset && *reset <= k_max_reset;
                    m_stopped = m_name + " rate limit exhausted" +
                                (showable ? " until " + clock_time(static_cast<long long>(*reset)) : std::string()) +
                                std::string(k_rest_from_cache);
                    results[i] = fallback(entries[i], "rate limited");
                }
            } else if (resp.status >= 500 || resp.retryable) {
                retry.push_back(i);
                last_error[i] = resp.status ? "HTTP " + std::to_string(resp.status) : resp.error;
                const auto retry_after = retry_after_seconds(resp.header("retry-after"));
                wait = std::max(wait, std::min(retry_after.value_or(backoff(attempt)), m_options.max_retry_after));
            } else if (resp.unreachable) {
                // The first of a batch to find the API unreachable speaks for all of them.
                const bool first = m_stopped.empty();
                if (first) m_stopped = m_name + " is unreachable (" + resp.error + ")" + std::string(k_rest_from_cache);
                results[i] = fallback(entries[i], first ? resp.error : not_asked());
                results[i].gave_up = !first;
            } else {
                results[i] = fallback(entries[i], resp.status ? "HTTP " + std::to_string(resp.status) : resp.error);
            }
            if (resp.status == 200 && remaining == "0" && m_stopped.empty())
                m_stopped = m_name + " rate limit reached" + std::string(k_rest_from_cache);
        }
        pending = std::move(retry);
        if (!pending.empty() && m_stopped.empty() && attempt + 1 < m_options.max_tries && wait > 0)
            std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    }
    for (auto i : pending) {
        const bool gave_up = !m_stopped.empty() && last_error[i].empty();
        results[i] = fallback(entries[i], gave_up ? not_asked()
                                                  : last_error[i] + " after " + std::to_string(m_options.max_tries) + " tries");
        results[i].gave_up = gave_up;
    }
    return results;
}

} // namespace aisys::fetch

// The GitHub README answer: status, rate-limit and caching headers and the
// raw README bytes (Accept: application/vnd.github.raw), as the Requester
// handles them (retries, Retry-After, x-ratelimit-*, ETag revalidation, the
// disk cache) and then as fetch_all and fetch_list read the body: a README to
// index, or a list given as github:OWNER/REPO.
//
// An input is the server's answers, one per request made, separated by a
// "\n--next--\n" line, each written like an HTTP response without its
// version:
//
//     429 retryable            <- status, then optional "retryable" / "unreachable"
//     retry-after: 0           <- headers until a blank line
//
//     body bytes...
//
// Headers starting "x-fuzz-" in the first answer set up the case instead:
// x-fuzz-batch: N (1-4 READMEs asked at once), x-fuzz-cached: STATUS (a cache
// entry exists, with the answer's etag), x-fuzz-fresh, x-fuzz-offline,
// x-fuzz-bypass. Delays are capped at zero: nothing ever sleeps.

#include "fuzz_support.hpp"

#include "fetch/cache.hpp"
#include "fetch/http.hpp"
#include "fetch/requester.hpp"

#include <aisys/catalog.hpp>
#include <aisys/document.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include <algorithm>
#include <deque>

namespace {

using aisys::fetch::HttpRequest;
using aisys::fetch::HttpResponse;

constexpr std::string_view k_separator = "\n--next--\n";

HttpResponse parse_answer(std::string_view s) {
    HttpResponse r;
    auto line_end = std::min(s.find('\n'), s.size());
    const std::string status_line(s.substr(0, line_end));
    r.status = std::strtol(status_line.c_str(), nullptr, 10);
    r.retryable = status_line.find("retryable") != std::string::npos;
    r.unreachable = status_line.find("unreachable") != std::string::npos;
    // The HTTP seam's contract: a failed transfer has status 0 (unless cut
    // short after the status line) and says why.
    if (r.unreachable) r.status = 0;
    if (r.status == 0 || r.retryable) r.error = r.unreachable ? "could not connect" : "transfer failed";
    s.remove_prefix(std::min(line_end + 1, s.size()));
    while (!s.empty()) {
        line_end = std::min(s.find('\n'), s.size());
        const std::string_view line = s.substr(0, line_end);
        s.remove_prefix(std::min(line_end + 1, s.size()));
        if (line.empty()) break;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        // The HTTP seam's contract: header names lower-cased.
        r.headers[aisys::text::to_lower(line.substr(0, colon))] = aisys::text::trim(line.substr(colon + 1));
    }
    r.body = std::string(s);
    return r;
}

// The server: hands out the input's answers in order, then failed transfers.
class ScriptedClient : public aisys::fetch::HttpClient {
public:
    explicit ScriptedClient(std::deque<HttpResponse> answers) : m_answers(std::move(answers)) {}

    std::vector<HttpResponse> perform(const std::vector<HttpRequest>& requests) override {
        std::vector<HttpResponse> out;
        for (std::size_t i = 0; i < requests.size(); ++i) {
            if (m_answers.empty()) {
                HttpResponse none;
                none.error = "no more answers";
                out.push_back(std::move(none));
            } else {
                out.push_back(std::move(m_answers.front()));
                m_answers.pop_front();
            }
        }
        return out;
    }

private:
    std::deque<HttpResponse> m_answers;
};

const aisys::test::TempDir& cache_dir() {
    static const aisys::test::TempDir dir;
    return dir;
}

// How fetch_all and fetch_list read a body.
void read_body(const std::string& body) {
    try {
        const std::string text = aisys::readme_to_text(body);
        if (!aisys::text::is_valid_utf8(text)) aisys::fuzz::contract_broken("README text is not UTF-8", text);
    } catch (const aisys::Error&) {
        // Binary: readme_to_text's contract (fetch_all counts it as a failure).
    }
    try {
        aisys::parse_list(body, "github:example/list", aisys::test::venues());
    } catch (const aisys::Error&) {
        // Not a list: parse_list's contract.
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = aisys::fuzz::as_text(data, size);
    std::deque<HttpResponse> answers;
    for (std::size_t start = 0; start <= input.size();) {
        const auto end = std::min(input.find(k_separator, start), input.size());
        answers.push_back(parse_answer(input.substr(start, end - start)));
        start = end + k_separator.size();
    }
    const HttpResponse& setup = answers.front();
    const auto setting = [&](const std::string& name) { return setup.header("x-fuzz-" + name); };

    aisys::FetchOptions options;
    options.cache_dir = cache_dir().path().string();
    options.retry_base = 0;       // backoff without waiting
    options.max_retry_after = 0;  // any Retry-After or reset in the future stops, never sleeps
    options.ttl_seconds = setting("fresh").empty() ? 0 : 3600;
    options.offline = !setting("offline").empty();
    const aisys::fetch::Cache cache(options.cache_dir);

    std::vector<HttpRequest> requests;
    const long batch = std::clamp(std::strtol(setting("batch").c_str(), nullptr, 10), 1L, 4L);
    for (long i = 0; i < batch; ++i) {
        requests.push_back({"https://api.github.test/repos/example/repo" + std::to_string(i) + "/readme",
                            {"Accept: application/vnd.github.raw", "X-GitHub-Api-Version: 2022-11-28"}});
        // Each input starts from the cache it sets up, not from what the one before left.
        std::filesystem::remove(cache.path_for(requests.back().url));
        if (const auto cached = setting("cached"); !cached.empty())
            cache.put({requests.back().url, std::strtol(cached.c_str(), nullptr, 10), setup.header("etag"),
                       setup.header("last-modified"), aisys::fetch::now_seconds(), "# Cached\n\nAn older README."});
    }

    ScriptedClient client(std::move(answers));
    aisys::fetch::Requester github(client, cache, options, 0, "GitHub");
    const auto results = github.get(requests, !setting("bypass").empty());
    if (results.size() != requests.size()) aisys::fuzz::contract_broken("one result per request");
    for (const auto& r : results) {
        using aisys::fetch::Outcome;
        if (r.outcome == Outcome::missing && !r.body.empty()) aisys::fuzz::contract_broken("a missing README has a body");
        if ((r.outcome == Outcome::failed || r.outcome == Outcome::stale) && r.error.empty())
            aisys::fuzz::contract_broken("a failure without an error");
        if (!r.body.empty()) read_body(r.body);
    }
    return 0;
}

// Fetch benchmark: N READMEs from a loopback server that adds 100 ms to every
// GitHub answer, with the default concurrency and one request at a time, then
// a fully cached `aisys-search index` of the default list.
//
//   build/benchmarks/fetch_bench [N]

#include <CLI/CLI.hpp>

#include <aisys/catalog.hpp>
#include <aisys/fetch.hpp>
#include <aisys/paths.hpp>

#include "http_server.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

namespace fs = std::filesystem;
using aisys::test::HttpReply;
using aisys::test::HttpRequest;

namespace {

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::vector<aisys::Paper> synthetic_papers(int n) {
    std::vector<aisys::Paper> papers(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        auto& p = papers[static_cast<std::size_t>(i)];
        p.id = "paper-" + std::to_string(i);
        p.title = "Benchmark Paper Number " + std::to_string(i);
        p.repo = "https://github.com/bench/repo" + std::to_string(i);
    }
    return papers;
}

aisys::FetchOptions options_for(const std::string& url, const fs::path& cache) {
    aisys::FetchOptions o;
    o.github_api = url + "/gh";
    o.arxiv_api = url + "/arxiv";
    o.s2_api = url + "/s2";
    o.arxiv_interval = o.s2_interval = 0;
    o.retry_base = 0;
    o.cache_dir = cache.string();
    return o;
}

double timed_fetch(int n, aisys::FetchOptions o, aisys::FetchSummary& summary) {
    auto papers = synthetic_papers(n);
    const auto start = std::chrono::steady_clock::now();
    summary = aisys::fetch_all(papers, o);
    return seconds_since(start);
}

} // namespace

int main(int argc, char** argv) {
    int n = 200;
    CLI::App app{"Fetch speed: READMEs from a loopback server that answers in 100 ms", "fetch_bench"};
    app.add_option("papers", n, "Papers to fetch")->capture_default_str()->check(CLI::PositiveNumber);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    const fs::path tmp = fs::temp_directory_path() / ("aisys-fetch-bench-" + std::to_string(::getpid()));
    fs::remove_all(tmp);

    // GitHub answers take 100 ms; the abstract APIs answer "no match" at once,
    // so the READMEs are what is measured.
    aisys::test::HttpServer server([](const HttpRequest& r) {
        if (r.path.rfind("/gh/repos/", 0) == 0) {
            HttpReply reply{200, {{"ETag", "\"v1\""}}, "# A repository\n\nIt does " + r.path + " things.\n"};
            reply.delay_ms = 100;
            return reply;
        }
        if (r.path == "/arxiv") return HttpReply{200, {}, "<feed xmlns=\"http://www.w3.org/2005/Atom\"></feed>"};
        return HttpReply{404, {}, "{\"error\":\"Title match not found\"}"};
    });

    aisys::FetchSummary concurrent_summary, sequential_summary, cached_summary;
    auto o = options_for(server.url(), tmp / "cache-concurrent");
    const double concurrent = timed_fetch(n, o, concurrent_summary);
    const double cached = timed_fetch(n, o, cached_summary);

    auto seq = options_for(server.url(), tmp / "cache-sequential");
    seq.concurrency = 1;
    seq.per_host_connections = 1;
    const double sequential = timed_fetch(n, seq, sequential_summary);

    // The default list, cached: a whole `aisys-search index` process.
    const std::string env = "AISYS_OFFLINE=0 AISYS_GITHUB_API=" + server.url() + "/gh AISYS_ARXIV_API=" + server.url() +
                            "/arxiv AISYS_S2_API=" + server.url() + "/s2 AISYS_ARXIV_INTERVAL=0 AISYS_S2_INTERVAL=0 " +
                            "XDG_CACHE_HOME=" + (tmp / "cache-default").string() + " AISYS_DB=" + (tmp / "db").string();
    const std::string index = env + " " + AISYS_BINARY + " index --quiet > /dev/null";
    if (std::system(index.c_str()) != 0) return 1;  // fills the cache
    const auto start = std::chrono::steady_clock::now();
    if (std::system(index.c_str()) != 0) return 1;
    const double cached_default = seconds_since(start);

    std::printf("READMEs fetched from a loopback server adding 100 ms per answer, N = %d\n\n", n);
    std::printf("%-44s %10s %12s\n", "run", "seconds", "READMEs ok");
    std::printf("%-44s %10.2f %12zu\n", "concurrent (default: 16 in flight)", concurrent, concurrent_summary.readmes_fetched);
    std::printf("%-44s %10.2f %12zu\n", "one at a time", sequential, sequential_summary.readmes_fetched);
    std::printf("%-44s %10.3f %12zu\n", "second run, all cached (fresh)", cached, cached_summary.readmes_cached);
    std::printf("%-44s %10.3f %12s\n", "aisys-search index, default list, cached", cached_default, "16");
    std::printf("\nspeed-up of concurrent over one at a time: %.1fx\n", sequential / concurrent);
    fs::remove_all(tmp);
    return 0;
}

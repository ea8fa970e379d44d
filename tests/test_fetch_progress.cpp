// How a fetch says how long it has left, and what it could not fetch
// (issue 14, point 7).

#include <aisys/fetch.hpp>

#include "http_server.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <fstream>
#include <future>
#include <mutex>

using namespace aisys;

TEST_CASE("fetch: time left is the requests queued per host at each host's pace", "[fetch_progress]") {
    // Issue 14: READMEs done, ten papers left for arXiv at one request every
    // 3 s: 30 s, whatever the time per paper so far said ("about 1 s left").
    std::vector<HostLoad> hosts = {{"GitHub", 0, 0, 0, 0.4, 16},
                                   {"arXiv", 1, 10, 3.0, 0.2, 1},
                                   {"Semantic Scholar", 1, 0, 1.0, 0, 1}};
    CHECK(seconds_left(hosts) == Approx(30));
    // An answer slower than the interval sets the pace.
    hosts[1].latency = 5;
    CHECK(seconds_left(hosts) == Approx(50));
    hosts[1].latency = 0.2;
    // Semantic Scholar is asked in the same thread, after arXiv: the times add.
    hosts[2].queued = 4;
    CHECK(seconds_left(hosts) == Approx(34));
    // GitHub runs beside them, many requests at once: the longer lane counts.
    hosts[0].queued = 160;  // 160 × 0.4 s over 16 connections
    CHECK(seconds_left(hosts) == Approx(34));
    hosts[0].queued = 1600;
    CHECK(seconds_left(hosts) == Approx(40));
    // A host not yet timed is guessed at k_assumed_latency a request.
    CHECK(seconds_left({{"arXiv", 1, 2, 0, 0, 1}}) == Approx(2 * k_assumed_latency));
    CHECK(seconds_left({}) == 0);
    CHECK(seconds_left({{"arXiv", 1, 0, 3.0, 0, 1}}) == 0);
}

namespace {

std::string feed_for(const std::string& id, const std::string& title) {
    return "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><id>http://arxiv.org/abs/" + id +
           "v1</id><published>2024-01-01T00:00:00Z</published><title>" + title +
           "</title><summary>An abstract.</summary></entry></feed>";
}

} // namespace

TEST_CASE("fetch: progress counts the arXiv requests still queued at its interval", "[fetch_progress]") {
    const std::vector<std::pair<std::string, std::string>> known = {
        {"2401.00001", "Alpha Systems Paper"}, {"2401.00002", "Beta Systems Paper"},
        {"2401.00003", "Gamma Systems Paper"}, {"2401.00004", "Delta Systems Paper"}};
    // arXiv answers nothing before the first report: that report then sees
    // every arXiv request still to be answered, however loaded the machine.
    std::promise<void> reported;
    std::shared_future<void> first_report = reported.get_future().share();
    test::HttpServer server([&](const test::HttpRequest& r) {
        if (r.path.rfind("/arxiv", 0) == 0) first_report.wait_for(std::chrono::seconds(30));  // a bound, not a pace
        for (const auto& [id, title] : known)
            if (r.query.count("id_list") && r.query.at("id_list") == id) return test::HttpReply{200, {}, feed_for(id, title)};
        return test::HttpReply{404, {}, "{}"};
    });
    test::TempDir tmp;
    std::vector<Paper> papers;
    for (const auto& [id, title] : known) {
        Paper p;
        p.id = title.substr(0, title.find(' '));
        p.title = title;
        p.arxiv_id = id;
        papers.push_back(p);
    }
    FetchOptions o;
    o.github_api = server.url() + "/gh";
    o.arxiv_api = server.url() + "/arxiv";
    o.s2_api = server.url() + "/s2";
    o.cache_dir = (tmp.path() / "cache").string();
    o.arxiv_interval = 0.05;
    o.s2_interval = 0;
    o.retry_base = 0;
    std::mutex mutex;
    std::vector<FetchProgressInfo> reports;
    const auto summary = fetch_all(papers, o, [&](const FetchProgressInfo& p) {
        std::lock_guard lock(mutex);
        reports.push_back(p);
        if (reports.size() == 1) reported.set_value();
    });
    CHECK(summary.abstracts_found == 4);
    REQUIRE(reports.size() >= 5);
    // The first report, before any answer: the four arXiv requests are to
    // come, 0.05 s apart at least (the first may be asked already, so three
    // intervals at least).
    CHECK(reports.front().seconds_left >= 3 * 0.05 - 1e-9);
    for (const auto& p : reports) {
        INFO(p.done << "/" << p.total << ": " << p.seconds_left << " s");
        const std::size_t abstracts_left = p.total - p.done;  // the READMEs (no repository) are all done at once
        if (p.done >= 4) CHECK(p.seconds_left >= double(abstracts_left) * 0.05 - 1e-9);
    }
    CHECK(reports.back().done == reports.back().total);
    CHECK(reports.back().seconds_left == 0);
}

TEST_CASE("fetch: every README and abstract that failed is listed with its reason", "[fetch_progress]") {
    // A port nothing listens on: every API unreachable, so all but the first
    // request of each are never sent; each paper still gets its line.
    int closed_port = 0;
    {
        test::HttpServer gone([](const test::HttpRequest&) { return test::HttpReply{}; });
        closed_port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
    }
    const std::string dead = "http://127.0.0.1:" + std::to_string(closed_port);
    test::TempDir tmp;
    const auto list = tmp.path() / "list.md";
    {
        std::ofstream out(list);
        out << "# Papers\n\n## Systems\n\n";
        for (int i = 1; i <= 12; ++i)
            out << "- [Paper Number " << i << ": A System](https://github.com/example-lab/system" << i << ")\n";
    }
    const std::map<std::string, std::string> env = {
        {"AISYS_OFFLINE", "0"},       {"AISYS_GITHUB_API", dead + "/gh"}, {"AISYS_ARXIV_API", dead + "/arxiv"},
        {"AISYS_S2_API", dead + "/s2"}, {"AISYS_ARXIV_INTERVAL", "0"},    {"AISYS_S2_INTERVAL", "0"},
        {"AISYS_RETRY_BASE", "0"},    {"AISYS_TIMEOUT", "3000"},
        {"XDG_CACHE_HOME", (tmp.path() / "cache").string()}, {"AISYS_DB", (tmp.path() / "db").string()}};

    const auto j = test::run_cli({"index", "--json", "--list", list.string()}, env);
    INFO(j.err);
    REQUIRE(j.exit_code == 0);
    const auto fetch = nlohmann::json::parse(j.out).at("fetch");
    CHECK(fetch.at("readmes").at("failed") == 12);
    CHECK(fetch.at("abstracts").at("failed") == 12);
    const auto failures = fetch.at("failures");
    REQUIRE(failures.size() == 24);
    // In the papers' order, README then abstract, each with its reason:
    // what went wrong, or for those never sent, why not.
    for (std::size_t i = 0; i < failures.size(); ++i) {
        const std::string line = failures[i].get<std::string>();
        INFO(line);
        const std::string head = "paper-number-" + std::to_string(i / 2 + 1) + (i % 2 ? ": abstract: " : ": README: ");
        CHECK(line.rfind(head, 0) == 0);
        CHECK(line.size() > head.size() + 10);
    }
    CHECK(failures[2].get<std::string>() == "paper-number-2: README: not asked: GitHub is unreachable (Couldn't connect to server)");

    // At the terminal: the first ten, then a count, unless --verbose.
    const auto text = test::run_cli({"index", "--list", list.string()}, env);
    REQUIRE(text.exit_code == 0);
    CHECK(text.err.find("14 more READMEs and abstracts could not be had; --verbose lists them") != std::string::npos);
    const auto verbose = test::run_cli({"index", "--verbose", "--list", list.string()}, env);
    REQUIRE(verbose.exit_code == 0);
    CHECK(verbose.err.find("--verbose lists them") == std::string::npos);
    for (int i = 1; i <= 12; ++i) {
        const std::string id = "paper-number-" + std::to_string(i);
        INFO(id << "\n" << verbose.err);
        CHECK(verbose.err.find(id + ": README: ") != std::string::npos);
        CHECK(verbose.err.find(id + ": abstract: ") != std::string::npos);
    }
}

// Issue 15: the web front. A real server on 127.0.0.1 over real indexes,
// asked by a real HTTP client: the API answers as the command line does,
// statuses, bounds, headers, hostile text escaped, rebuilds served live.

#include "cli/serve/server.hpp"

#include <aisys/error.hpp>

#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <httplib.h>
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <set>
#include <sstream>
#include <thread>

using namespace aisys;
using nlohmann::json;

namespace {

// A Server on a free port, serving on a thread of its own until destroyed.
class Running {
public:
    explicit Running(cli::serve::ServerOptions options) : m_server(std::move(options)) {
        m_port = m_server.bind();
        m_thread = std::thread([this] { m_server.run(); });
    }
    ~Running() {
        m_server.stop();
        m_thread.join();
    }
    httplib::Client client() const {
        httplib::Client c("127.0.0.1", m_port);
        c.set_read_timeout(30);
        c.set_url_encode(false);  // paths go as written: '+' a space, %2B a plus
        return c;
    }
    int port() const { return m_port; }

private:
    cli::serve::Server m_server;
    int m_port = 0;
    std::thread m_thread;
};

cli::serve::ServerOptions options_for(const std::string& db) {
    cli::serve::ServerOptions o;
    o.db_dir = db;
    o.port = 0;
    o.threads = 4;
    return o;
}

std::vector<Paper> papers() {
    std::vector<Paper> out = {
        test::make_paper("gavel", "Gavel: Heterogeneity-Aware Cluster Scheduling for Deep Learning",
                         "A scheduler for GPU clusters that accounts for heterogeneity.", "", "OSDI", 2020),
        test::make_paper("tiresias", "Tiresias: A GPU Cluster Manager for Distributed Deep Learning",
                         "Scheduling of GPU jobs without complete knowledge.", "", "NSDI", 2019),
        test::make_paper("pollux", "Pollux: Co-adaptive Cluster Scheduling for Goodput-Optimized Deep Learning",
                         "Adaptive scheduling of training jobs on GPU clusters.", "", "OSDI", 2021),
        test::make_paper("vllm", "Efficient Memory Management for Large Language Model Serving with PagedAttention",
                         "Paged attention for LLM serving.", "", "SOSP", 2023),
        test::make_paper("orca", "Orca: A Distributed Serving System for Transformer-Based Generative Models",
                         "Iteration-level scheduling for serving.", "", "OSDI", 2022),
    };
    out[1].categories = {"Scheduling"};
    out[3].categories = {"Serving"};
    out[4].categories = {"Serving"};
    for (int i = 0; i < 14; ++i)
        out.push_back(test::make_paper("sched" + std::to_string(i), "Scheduling Study Number " + std::to_string(i),
                                       "GPU scheduling measured again.", "", i % 2 ? "EuroSys" : "ATC", 2010 + i));
    return out;
}

std::string cli_json(const std::string& db, const std::vector<std::string>& args) {
    const auto r = test::run_cli(args, {{"AISYS_DB", db}});
    INFO(r.err);
    REQUIRE(r.exit_code <= 1);
    return r.out;
}

} // namespace

TEST_CASE("serve: the API answers exactly what --json prints for the same request", "[serve]") {
    const test::TestIndex index(papers());
    const Running server(options_for(index.dir()));
    auto client = server.client();

    const std::vector<std::pair<std::string, std::vector<std::string>>> cases = {
        {"/api/search?q=gpu+scheduling", {"search", "gpu scheduling", "--json"}},
        {"/api/search?q=gpu+%2Bscheduling", {"search", "gpu +scheduling", "--json"}},  // '+' a space, %2B a plus
        {"/api/search?q=gpu%20scheduling&venue=osdi&year=2020..2021", {"search", "gpu scheduling", "--venue", "osdi", "--year", "2020..2021", "--json"}},
        {"/api/search?q=scheduling&sort=year&limit=3&offset=2&explain=1",
         {"search", "scheduling", "--sort", "year", "--limit", "3", "--offset", "2", "--explain", "--json"}},
        {"/api/search?q=schedulng", {"search", "schedulng", "--json"}},
        {"/api/search?q=schedulng&exact=1", {"search", "schedulng", "--exact", "--json"}},
        {"/api/search?category=Serving&no_related=1", {"search", "--category", "Serving", "--no-related", "--json"}},
        {"/api/similar/gavel?limit=4", {"similar", "gavel", "--limit", "4", "--json"}},
        {"/api/paper/gavel", {"show", "gavel", "--json"}},
        {"/api/stats", {"stats", "--json"}},
    };
    for (const auto& [path, args] : cases) {
        INFO(path);
        const auto res = client.Get(path.c_str());
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->get_header_value("Content-Type") == "application/json");
        CHECK(res->body == cli_json(index.dir(), args));
    }
    // The format the CLI's contract names travels with it.
    const auto res = client.Get("/api/search?q=gpu");
    REQUIRE(res);
    const json j = json::parse(res->body);
    CHECK(j.at("total").get<int>() > 0);
    CHECK(j.at("facets").contains("venue"));
}

TEST_CASE("serve: errors are JSON with the HTTP status that says what went wrong", "[serve]") {
    const test::TestIndex index(papers());
    const Running server(options_for(index.dir()));
    auto client = server.client();
    auto expect = [&](const std::string& path, int status) {
        INFO(path);
        const auto res = client.Get(path.c_str());
        REQUIRE(res);
        CHECK(res->status == status);
        const json j = json::parse(res->body);
        CHECK(j.at("status") == status);
        CHECK(!j.at("error").get<std::string>().empty());
        return j.at("error").get<std::string>();
    };
    CHECK(expect("/api/search?q=%22gpu+scheduling", 400).find("unbalanced double quote") != std::string::npos);
    CHECK(expect("/api/search?venue=NoSuchVenue", 400).find("NoSuchVenue") != std::string::npos);
    expect("/api/search?q=gpu&limit=101", 400);
    expect("/api/search?q=gpu&limit=-1", 400);
    expect("/api/search?q=gpu&offset=x", 400);
    expect("/api/search?q=gpu&sort=random", 400);
    expect("/api/search?year=twenty", 400);
    CHECK(expect("/api/paper/no-such-paper", 404).find("no-such-paper") != std::string::npos);
    expect("/api/similar/no-such-paper", 404);
    expect("/api/nothing-here", 404);
    const std::string words = [] {
        std::string q;
        for (int i = 0; i < 300; ++i) q += "w" + std::to_string(i) + "+";
        return q;
    }();
    expect("/api/search?q=" + words, 400);  // past the query's word bound, as on the command line

    // Pages answer in HTML, with the same statuses.
    const auto page = client.Get("/?q=gpu&page=0");
    REQUIRE(page);
    CHECK(page->status == 400);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(page->body.find("role=\"alert\"") != std::string::npos);
    const auto missing = client.Get("/paper/no-such-paper");
    REQUIRE(missing);
    CHECK(missing->status == 404);

    // No endpoint takes a body, and none writes.
    const auto post = client.Post("/api/search", std::string(10000, 'x'), "text/plain");
    REQUIRE(post);
    CHECK(post->status == 413);
    const auto put = client.Put("/api/paper/gavel", "{}", "application/json");
    REQUIRE(put);
    CHECK(put->status == 405);
    CHECK(json::parse(put->body).at("status") == 405);
    const auto del = client.Delete("/api/paper/gavel");
    REQUIRE(del);
    CHECK(del->status == 405);
}

TEST_CASE("serve: without an index every search answers 503, and a new index is served without a restart", "[serve]") {
    const test::TempDir dir;
    const std::string db = (dir.path() / "index").string();
    const Running server(options_for(db));
    auto client = server.client();
    for (const char* path : {"/api/search?q=gpu", "/api/stats", "/api/paper/gavel", "/?q=gpu"}) {
        INFO(path);
        const auto res = client.Get(path);
        REQUIRE(res);
        CHECK(res->status == 503);
    }
    test::build_test_index(db, papers());
    const auto res = client.Get("/api/search?q=gavel");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(json::parse(res->body).at("results").at(0).at("id") == "gavel");
}

TEST_CASE("serve: pages carry the security headers and no CORS unless asked", "[serve]") {
    const test::TestIndex index(papers());
    {
        const Running server(options_for(index.dir()));
        auto client = server.client();
        for (const char* path : {"/", "/?q=gpu", "/api/search?q=gpu", "/assets/app.js", "/nothing"}) {
            INFO(path);
            const auto res = client.Get(path);
            REQUIRE(res);
            CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
            const std::string csp = res->get_header_value("Content-Security-Policy");
            CHECK(csp.find("script-src 'self'") != std::string::npos);
            CHECK(csp.find("unsafe-inline") == std::string::npos);
            CHECK(!res->has_header("Access-Control-Allow-Origin"));
        }
        const auto js = client.Get("/assets/app.js");
        REQUIRE(js);
        CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
        // Only the compiled-in assets: no path reaches a file.
        for (const char* path : {"/assets/../../etc/passwd", "/assets/", "/etc/passwd", "/assets/style.css/.."}) {
            const auto res = client.Get(path);
            REQUIRE(res);
            CHECK(res->status == 404);
        }
    }
    auto options = options_for(index.dir());
    options.cors = "https://example.org";
    const Running server(options);
    const auto res = server.client().Get("/api/search?q=gpu");
    REQUIRE(res);
    CHECK(res->get_header_value("Access-Control-Allow-Origin") == "https://example.org");
}

TEST_CASE("serve: the page shows results, facets as links that add and remove filters, and pages", "[serve]") {
    const test::TestIndex index(papers());
    const Running server(options_for(index.dir()));
    auto client = server.client();
    const auto res = client.Get("/?q=scheduling");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    const std::string& page = res->body;
    CHECK(page.find("<mark>") != std::string::npos);
    CHECK(page.find("href=\"/?q=scheduling&amp;venue=OSDI\"") != std::string::npos);  // a facet value adds its filter
    CHECK(page.find("href=\"/?q=scheduling&amp;page=2\"") != std::string::npos);      // 16 matches: two pages
    CHECK(page.find("href=\"/?like=") != std::string::npos);                          // similar papers
    CHECK(page.find("@inproceedings{") != std::string::npos);                         // BibTeX
    CHECK(page.find("<details class=\"explain\">") != std::string::npos);

    const auto filtered = client.Get("/?q=scheduling&venue=OSDI");
    REQUIRE(filtered);
    CHECK(filtered->body.find("papers match") != std::string::npos);
    CHECK(filtered->body.find("Remove filter venue OSDI") != std::string::npos);
    // Clicked again, the value removes its filter.
    CHECK(filtered->body.find("href=\"/?q=scheduling\" class=\"facet-value on\"") != std::string::npos);
    // The form keeps the filter for the next query.
    CHECK(filtered->body.find("<input type=\"hidden\" name=\"venue\" value=\"OSDI\">") != std::string::npos);

    const auto second = client.Get("/?q=scheduling&page=2");
    REQUIRE(second);
    CHECK(second->body.find("<ol class=\"hit-list\" start=\"11\">") != std::string::npos);
    const auto corrected = client.Get("/?q=schedulng");
    REQUIRE(corrected);
    CHECK(corrected->body.find("Showing results for <strong>scheduling</strong>") != std::string::npos);
    CHECK(corrected->body.find("href=\"/?q=schedulng&amp;exact=1\"") != std::string::npos);
}

TEST_CASE("serve: a page asked with no_related=1 keeps it in its own links and forms", "[serve]") {
    const test::TestIndex index(papers());
    const Running server(options_for(index.dir()));
    auto client = server.client();
    // The page's links to itself: every href="/?..." and every form's fields.
    const auto self_links = [](const std::string& page) {
        std::vector<std::string> out;
        for (std::size_t at = page.find("href=\"/?"); at != std::string::npos; at = page.find("href=\"/?", at + 1))
            out.push_back(page.substr(at + 6, page.find('"', at + 6) - at - 6));
        return out;
    };
    const auto forms = [](const std::string& page) {
        std::vector<std::string> out;
        for (std::size_t at = page.find("<form"); at != std::string::npos; at = page.find("<form", at + 1))
            out.push_back(page.substr(at, page.find("</form>", at) - at));
        return out;
    };

    // "gavel": one match, so the first page would be filled with related papers.
    const auto filled = client.Get("/?q=gavel");
    REQUIRE(filled);
    REQUIRE(filled->status == 200);
    CHECK(filled->body.find("Related papers") != std::string::npos);
    for (const auto& link : self_links(filled->body)) CHECK(link.find("no_related") == std::string::npos);
    CHECK(filled->body.find("name=\"no_related\"") == std::string::npos);

    // Paging, facets, sort and "search as typed": each kind of link, each asked with no_related=1.
    for (const std::string path : {"/?q=gavel&no_related=1", "/?q=scheduling&no_related=1",
                                   "/?q=scheduling&venue=OSDI&sort=year&no_related=1", "/?q=schedulng&no_related=1"}) {
        INFO(path);
        const auto res = client.Get(path.c_str());
        REQUIRE(res);
        REQUIRE(res->status == 200);
        const std::string& page = res->body;
        CHECK(page.find("Related papers") == std::string::npos);
        const auto links = self_links(page);
        CHECK_FALSE(links.empty());
        for (const auto& link : links) {
            INFO(link);
            CHECK(link.find("&amp;no_related=1") != std::string::npos);
        }
        const auto all_forms = forms(page);
        REQUIRE_FALSE(all_forms.empty());
        for (const auto& form : all_forms) CHECK(form.find("<input type=\"hidden\" name=\"no_related\" value=\"1\">") != std::string::npos);
    }
    // Each kind is there: the next page, a facet, the sort kept on paging, the query as typed.
    const auto links_of = [&](const char* path) { return client.Get(path)->body; };
    CHECK(links_of("/?q=scheduling&no_related=1").find("href=\"/?q=scheduling&amp;no_related=1&amp;page=2\"") != std::string::npos);
    CHECK(links_of("/?q=scheduling&no_related=1").find("href=\"/?q=scheduling&amp;venue=OSDI&amp;no_related=1\"") != std::string::npos);
    CHECK(links_of("/?q=scheduling&sort=year&no_related=1").find("href=\"/?q=scheduling&amp;sort=year&amp;no_related=1&amp;page=2\"") != std::string::npos);
    CHECK(links_of("/?q=schedulng&no_related=1").find("href=\"/?q=schedulng&amp;exact=1&amp;no_related=1\"") != std::string::npos);
    // Followed, the next page is matches only too.
    const auto followed = client.Get("/?q=gavel&exact=1&no_related=1");
    REQUIRE(followed);
    CHECK(followed->body.find("Related papers") == std::string::npos);
}

TEST_CASE("serve: hostile titles, links and READMEs are rendered as text", "[serve][hostile]") {
    Paper evil = test::make_paper("evil", "<script>alert('t')</script> Evil \x1b[31mred\x1b[0m \u202eesrever \"onmouseover=\"x",
                                  "<img src=x onerror=alert(1)> abstract", "<script>alert('readme')</script> readme", "OSDI", 2022);
    evil.repo = "javascript:alert(1)";
    evil.paper_url = "JAVASCRIPT:alert(2)";
    evil.authors = {"<b>Mallory</b>"};
    evil.categories = {"<i>cat</i>\"><script>x</script>"};
    const test::TestIndex index({evil, papers()[0]});
    const Running server(options_for(index.dir()));
    auto client = server.client();
    for (const char* path : {"/?q=evil", "/?q=readme", "/?q=abstract", "/paper/evil", "/?like=gavel"}) {
        INFO(path);
        const auto res = client.Get(path);
        REQUIRE(res);
        CHECK(res->status == 200);
        const std::string& body = res->body;
        CHECK(body.find("<script>alert") == std::string::npos);
        CHECK(body.find("<script>x") == std::string::npos);
        CHECK(body.find("<img") == std::string::npos);
        CHECK(body.find("<b>Mallory") == std::string::npos);
        // As text (a BibTeX url, a record's field) it is harmless; as a link it is not.
        std::string lower = body;
        for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        CHECK(lower.find("href=\"javascript:") == std::string::npos);
        CHECK(body.find('\x1b') == std::string::npos);
        CHECK(body.find("\u202e") == std::string::npos);
        CHECK(body.find("\"onmouseover") == std::string::npos);
    }
    const auto res = client.Get("/?q=evil");
    REQUIRE(res);
    CHECK(res->body.find("&lt;script&gt;alert(&#39;t&#39;)&lt;/script&gt; Evil") != std::string::npos);
}

TEST_CASE("serve: requests log one line each, and a request line past the bound is refused", "[serve]") {
    const test::TestIndex index(papers());
    std::ostringstream log;
    auto options = options_for(index.dir());
    options.log = &log;
    {
        const Running server(options);
        auto client = server.client();
        REQUIRE(client.Get("/api/stats"));
        const auto res = client.Get("/api/search?q=\x1b[2Jgpu");
        REQUIRE(res);
        const auto huge = client.Get(("/api/search?q=" + std::string(20000, 'a')).c_str());
        REQUIRE(huge);
        CHECK(huge->status >= 400);
        const auto header = client.Get("/api/stats", {{"X-Big", std::string(20000, 'b')}});
        CHECK((!header || header->status >= 400));
    }
    const std::string lines = log.str();
    CHECK(lines.find("GET /api/stats 200 ") != std::string::npos);
    CHECK(lines.find("ms\n") != std::string::npos);
    CHECK(lines.find('\x1b') == std::string::npos);
}

TEST_CASE("serve: a port in use is refused, not shared", "[serve]") {
    const test::TestIndex index(papers());
    const Running first(options_for(index.dir()));
    auto options = options_for(index.dir());
    options.port = first.port();
    cli::serve::Server second(options);
    CHECK_THROWS_AS(second.bind(), Error);
}

TEST_CASE("serve: clients that send nothing are dropped, so they cannot hold the workers", "[serve]") {
    const test::TestIndex index(papers());
    auto options = options_for(index.dir());
    options.threads = 2;
    options.read_timeout_s = 1;
    const Running server(options);
    // Two connections that send half a request line and stop hold both
    // workers; the read timeout frees them, so a third client is answered
    // (without it, the third would wait out its own 30 s timeout and fail).
    std::vector<int> silent;
    for (int i = 0; i < 2; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        REQUIRE(fd >= 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(static_cast<std::uint16_t>(server.port()));
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        REQUIRE(::send(fd, "GET /api/st", 11, 0) == 11);
        silent.push_back(fd);
    }
    const auto res = server.client().Get("/api/stats");
    REQUIRE(res);
    CHECK(res->status == 200);
    // The server closed the silent ones: reading them ends.
    for (const int fd : silent) {
        char buf[256];
        CHECK(::recv(fd, buf, sizeof buf, 0) >= 0);
        ::close(fd);
    }
}

TEST_CASE("serve: concurrent requests during rebuilds see the old index or the new one, never an error", "[serve]") {
    const test::TempDir dir;
    const std::string db = (dir.path() / "index").string();
    std::vector<Paper> old_papers = papers();
    std::vector<Paper> new_papers = papers();
    new_papers.push_back(test::make_paper("newcomer", "Newcomer: GPU Scheduling Arrives", "scheduling on GPU", "", "OSDI", 2024));
    test::build_test_index(db, old_papers);
    const Running server(options_for(db));

    const auto old_total = json::parse(server.client().Get("/api/search?q=scheduling")->body).at("total").get<std::size_t>();
    std::atomic<bool> done{false};
    std::atomic<int> errors{0};
    std::atomic<int> answers{0};
    std::mutex seen_mutex;
    std::set<std::size_t> seen;
    std::vector<std::thread> clients;
    for (int c = 0; c < 4; ++c)
        clients.emplace_back([&] {
            auto client = server.client();
            while (!done) {
                const auto res = client.Get("/api/search?q=scheduling&limit=20");
                if (!res || res->status != 200) {
                    ++errors;
                    continue;
                }
                ++answers;
                const auto total = json::parse(res->body).at("total").get<std::size_t>();
                std::lock_guard lock(seen_mutex);
                seen.insert(total);
            }
        });
    for (int round = 0; round < 6; ++round) test::build_test_index(db, round % 2 == 0 ? new_papers : old_papers);
    done = true;
    for (auto& t : clients) t.join();
    CHECK(errors == 0);
    CHECK(answers > 0);
    for (const auto total : seen) CHECK((total == old_total || total == old_total + 1));
    // The last build (old papers) is what the next request sees.
    CHECK(json::parse(server.client().Get("/api/search?q=scheduling")->body).at("total") == old_total);
}

TEST_CASE("search: Index handles searching in parallel threads share no Xapian object", "[serve][search]") {
    // Regression: every search copied Xapian::Query::MatchAll, one static
    // object with a reference count that is not atomic; the web front's
    // workers searching at once corrupted it and crashed within seconds.
    const test::TestIndex index(papers());
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            const Index own = Index::open(index.dir());
            for (int i = 0; i < 1500; ++i) {
                SearchRequest r;
                if ((i + t) % 3 == 0) r.filters["venue"] = {"OSDI"};  // filters only: a MatchAll query
                else r.query = i % 2 ? "gpu scheduling" : "serving";
                if (own.search(r).total == 0) ++failures;
            }
        });
    for (auto& t : threads) t.join();
    CHECK(failures == 0);
}

// aisys-search links no web server (cpp-httplib loads OpenSSL: 7 ms of every
// process's start): its `serve` runs aisys-search-serve beside it with the
// same arguments. The refusal of a port in use comes from the server's own
// code, so only the program with the server can have said it.
TEST_CASE("serve: the binary's serve runs aisys-search-serve, and says so when it is missing", "[serve][e2e]") {
    const test::TestIndex index(papers());
    const Running first(options_for(index.dir()));
    const auto taken = test::run_cli({"serve", "--db", index.dir(), "--port", std::to_string(first.port()), "--quiet"});
    CHECK(taken.exit_code != 0);
    CHECK(taken.err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())) != std::string::npos);

    // A copy of aisys-search alone, without the server program beside it.
    test::TempDir tmp;
    const auto alone = tmp.path() / "aisys-search";
    std::filesystem::copy_file(AISYS_BINARY, alone);
    test::ChildLimits copy;
    copy.program = alone.string();
    const auto missing = test::run_cli({"serve", "--db", index.dir(), "--port", "0"}, {}, copy);
    CHECK(missing.exit_code != 0);
    CHECK(missing.err.find("aisys-search-serve") != std::string::npos);
    CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);
}

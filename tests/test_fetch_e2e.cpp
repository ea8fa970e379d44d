// End to end: `aisys-search index` fetching from a real HTTP server on
// 127.0.0.1 that speaks the GitHub, arXiv and Semantic Scholar formats and
// injects faults. Never the internet.

#include "http_server.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <aisys/catalog.hpp>
#include <aisys/fetch.hpp>
#include <aisys/text.hpp>

#include <fstream>
#include <set>
#include <mutex>
#include <sstream>

namespace fs = std::filesystem;
using aisys::test::HttpReply;
using aisys::test::HttpRequest;
using aisys::test::HttpServer;
using nlohmann::json;

namespace {

std::string atom_feed(const std::vector<std::map<std::string, std::string>>& entries) {
    std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">
<opensearch:totalResults>)" + std::to_string(entries.size()) + "</opensearch:totalResults>\n";
    auto esc = [](const std::string& s) {
        std::string out;
        for (char c : s) {
            if (c == '&') out += "&amp;";
            else if (c == '<') out += "&lt;";
            else if (c == '>') out += "&gt;";
            else out += c;
        }
        return out;
    };
    for (const auto& e : entries) {
        xml += "<entry><id>http://arxiv.org/abs/" + e.at("id") + "v1</id><published>" + e.at("published") +
               "</published>\n<title>" + esc(e.at("title")) + "</title>\n<summary>" + esc(e.at("summary")) + "</summary>\n";
        std::istringstream authors(e.count("authors") ? e.at("authors") : "");
        std::string a;
        while (std::getline(authors, a, ';'))
            if (!a.empty()) xml += "<author><name>" + esc(a) + "</name></author>";
        xml += "</entry>\n";
    }
    return xml + "</feed>\n";
}

// The three papers of tests/fixtures/e2e-list.md, as the APIs would describe them.
const std::string k_borealis = "Borealis: Tiered Prompt Caching for Multi-Tenant Inference";
const std::string k_quillstore = "Quillstore: Log-Structured Storage of Attention State";
const std::string k_marmot = "Marmot: Topology-Aware Placement of Training Jobs on GPU Pods";

// A world where every API answers well; tests override single routes.
struct FakeApis {
    std::mutex mutex;
    std::map<std::string, std::function<HttpReply(const HttpRequest&)>> overrides;

    HttpReply answer(const HttpRequest& r) {
        std::function<HttpReply(const HttpRequest&)> override_handler;
        {
            std::lock_guard lock(mutex);
            if (auto it = overrides.find(r.path); it != overrides.end()) override_handler = it->second;
        }
        return override_handler ? override_handler(r) : answer_default(r);
    }

    // What the APIs answer when no test overrides the route.
    HttpReply answer_default(const HttpRequest& r) const {
        if (r.path == "/gh/repos/example-lab/borealis/readme")
            return {200, {{"ETag", "\"b1\""}}, "# Borealis\n\nPrompt caching in **tiers** across tenants.\n"};
        if (r.path == "/gh/repos/example-lab/quillstore/readme")
            return {200, {{"ETag", "\"q1\""}}, "# Quillstore\n\nA log-structured store for attention state.\n"};
        if (r.path == "/gh/repos/example-lab/marmot/readme")
            return {200, {{"Last-Modified", "Tue, 01 Jan 2030 00:00:00 GMT"}}, "Marmot places jobs by topology.\n"};
        if (r.path == "/arxiv" && r.query.count("id_list") && r.query.at("id_list") == "2405.01234")
            return {200, {}, atom_feed({{{"id", "2405.01234"}, {"published", "2024-05-02T00:00:00Z"}, {"title", k_quillstore},
                                          {"summary", "Quillstore keeps key-value attention tensors in an append-only log."},
                                          {"authors", "Ada Example;Bo Sample"}}})};
        if (r.path == "/arxiv" && r.query.count("search_query")) {
            const auto& q = r.query.at("search_query");
            if (q.find("Borealis") != std::string::npos)
                return {200, {}, atom_feed({{{"id", "2401.00007"}, {"published", "2024-01-05T00:00:00Z"}, {"title", k_borealis},
                                              {"summary", "Borealis shares cached prompt prefixes between tenants of an inference cluster."},
                                              {"authors", "Cy Person"}}})};
            return {200, {}, atom_feed({})};
        }
        if (r.path == "/s2/paper/search/match" && r.query.count("query") && r.query.at("query") == k_marmot)
            return {200, {}, json{{"data", {{{"paperId", "m1"}, {"title", k_marmot}, {"year", 2025},
                                             {"abstract", "Marmot schedules training jobs onto GPU pods along the network topology."},
                                             {"externalIds", {{"DOI", "10.1/m"}}},
                                             {"authors", {{{"authorId", "9"}, {"name", "Dee Writer"}}}}}}}}.dump()};
        if (r.path == "/s2/paper/search/match") return {404, {}, R"({"error":"Title match not found"})"};
        return {404, {}, R"({"message":"Not Found"})"};
    }
    void set(const std::string& path, std::function<HttpReply(const HttpRequest&)> f) {
        std::lock_guard lock(mutex);
        overrides[path] = std::move(f);
    }
};

struct World {
    FakeApis apis;
    HttpServer server{[this](const HttpRequest& r) { return apis.answer(r); }};
    aisys::test::TempDir tmp;

    std::map<std::string, std::string> env(std::map<std::string, std::string> extra = {}) const {
        std::map<std::string, std::string> e = {
            {"AISYS_OFFLINE", "0"},          {"AISYS_GITHUB_API", server.url() + "/gh"},
            {"AISYS_ARXIV_API", server.url() + "/arxiv"}, {"AISYS_S2_API", server.url() + "/s2"},
            {"AISYS_ARXIV_INTERVAL", "0"},   {"AISYS_S2_INTERVAL", "0"},
            {"AISYS_RETRY_BASE", "0"},       {"AISYS_TIMEOUT", "3000"},
            {"XDG_CACHE_HOME", (tmp.path() / "cache").string()},
            {"AISYS_DB", (tmp.path() / "db").string()}};
        for (auto& [k, v] : extra) e[k] = v;
        return e;
    }
    json index(std::vector<std::string> args = {}, std::map<std::string, std::string> extra = {}) const {
        std::vector<std::string> full = {"index", "--json", "--list", aisys::test::fixture("e2e-list.md")};
        full.insert(full.end(), args.begin(), args.end());
        const auto r = aisys::test::run_cli(full, env(extra));
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return json::parse(r.out).at("fetch");
    }
    json search(const std::vector<std::string>& args) const {
        std::vector<std::string> full = args;
        full.push_back("--json");
        const auto r = aisys::test::run_cli(full, env());
        INFO(r.err);
        REQUIRE(r.exit_code <= 1);
        return json::parse(r.out);
    }
    json show(const std::string& id) const { return search({"show", id}); }
    std::size_t requests_to(const std::string& path) const {
        std::size_t n = 0;
        for (const auto& r : server.requests()) n += r.path == path;
        return n;
    }
};

const std::string k_readme_b = "/gh/repos/example-lab/borealis/readme";
const std::string k_readme_q = "/gh/repos/example-lab/quillstore/readme";
const std::string k_readme_m = "/gh/repos/example-lab/marmot/readme";

} // namespace

TEST_CASE("fetch: READMEs and abstracts from all three APIs are indexed", "[fetch_e2e]") {
    World w;
    const auto f = w.index();
    CHECK(f.at("readmes") == json{{"fetched", 3}, {"cached", 0}, {"missing", 0}, {"failed", 0}});
    CHECK(f.at("abstracts") == json{{"found", 3}, {"not_matched", 0}, {"failed", 0}});

    // The requests were the real APIs' requests.
    bool saw_readme = false;
    for (const auto& r : w.server.requests()) {
        if (r.path != k_readme_b) continue;
        saw_readme = true;
        CHECK(r.headers.at("accept") == "application/vnd.github.raw");
        CHECK(r.headers.at("user-agent").rfind("aisys-search/", 0) == 0);
        CHECK(r.headers.count("authorization") == 0);
    }
    CHECK(saw_readme);
    CHECK(w.requests_to("/arxiv") == 3);  // Quillstore by id; Borealis and Marmot by title
    CHECK(w.requests_to("/s2/paper/search/match") == 1);  // Marmot, found by neither

    const auto q = w.show("quillstore");
    CHECK(q.at("abstract") == "Quillstore keeps key-value attention tensors in an append-only log.");
    CHECK(q.at("authors") == json{"Ada Example", "Bo Sample"});
    CHECK(q.at("readme") == "Quillstore\n\nA log-structured store for attention state.");
    CHECK(w.show("marmot").at("authors") == json{"Dee Writer"});

    // Abstract and README words are searchable; snippets come from them.
    auto s = w.search({"tenants"});
    REQUIRE(s.at("total") == 1);
    CHECK(s.at("results")[0].at("id") == "borealis");
    CHECK(s.at("results")[0].at("snippet").get<std::string>().find("tenants") != std::string::npos);
    s = w.search({"topology"});
    CHECK(s.at("results")[0].at("id") == "marmot");
    CHECK(w.search({"author:writer"}).at("results")[0].at("id") == "marmot");
}

TEST_CASE("fetch: GITHUB_TOKEN and S2_API_KEY are sent", "[fetch_e2e]") {
    World w;
    w.index({}, {{"GITHUB_TOKEN", "tok123"}, {"S2_API_KEY", "key456"}});
    for (const auto& r : w.server.requests()) {
        if (r.path.rfind("/gh/", 0) == 0) CHECK(r.headers.at("authorization") == "Bearer tok123");
        if (r.path.rfind("/s2/", 0) == 0) CHECK(r.headers.at("x-api-key") == "key456");
    }
}

TEST_CASE("fetch: the cache answers within its TTL, revalidates after, and --offline sends nothing", "[fetch_e2e]") {
    World w;
    w.index();
    const auto first = w.server.requests().size();

    w.server.clear_requests();
    auto f = w.index();
    CHECK(w.server.requests().empty());
    CHECK(f.at("readmes").at("cached") == 3);
    CHECK(f.at("abstracts").at("found") == 3);

    w.apis.set(k_readme_b, [](const HttpRequest& r) {
        if (r.headers.count("if-none-match") && r.headers.at("if-none-match") == "\"b1\"") return HttpReply{304, {}, ""};
        return HttpReply{200, {{"ETag", "\"b2\""}}, "changed"};
    });
    w.apis.set(k_readme_m, [](const HttpRequest& r) {
        CHECK(r.headers.at("if-modified-since") == "Tue, 01 Jan 2030 00:00:00 GMT");
        return HttpReply{304, {}, ""};
    });
    f = w.index({"--refresh"});
    CHECK(w.server.requests().size() == first);
    CHECK(f.at("readmes").at("fetched") == 3);
    CHECK(w.show("borealis").at("readme") == "Borealis\n\nPrompt caching in tiers across tenants.");

    w.server.clear_requests();
    f = w.index({}, {{"AISYS_CACHE_TTL", "0"}});  // everything stale: conditional requests only
    for (const auto& r : w.server.requests())
        if (r.path == k_readme_b) CHECK(r.headers.count("if-none-match") == 1);
    CHECK(w.requests_to(k_readme_b) == 1);

    w.server.clear_requests();
    f = w.index({"--offline"});
    CHECK(w.server.requests().empty());
    CHECK(f.at("readmes").at("cached") == 3);
    CHECK(w.search({"tenants"}).at("total") == 1);
}

TEST_CASE("fetch: a corrupt cache entry is discarded and fetched again", "[fetch_e2e]") {
    World w;
    w.index();
    for (const auto& e : fs::recursive_directory_iterator(w.tmp.path() / "cache"))
        if (e.is_regular_file()) aisys::test::write_file(e.path(), "garbage");
    w.server.clear_requests();
    const auto f = w.index();
    CHECK(f.at("readmes").at("fetched") == 3);
    CHECK(w.requests_to(k_readme_q) == 1);
}

TEST_CASE("fetch: 404 is a missing README, remembered, not retried", "[fetch_e2e]") {
    World w;
    w.apis.set(k_readme_q, [](const HttpRequest&) { return HttpReply{404, {}, R"({"message":"Not Found"})"}; });
    auto f = w.index();
    CHECK(f.at("readmes") == json{{"fetched", 2}, {"cached", 0}, {"missing", 1}, {"failed", 0}});
    CHECK(w.requests_to(k_readme_q) == 1);
    w.server.clear_requests();
    f = w.index();
    CHECK(w.requests_to(k_readme_q) == 0);
    CHECK(f.at("readmes").at("missing") == 1);
}

TEST_CASE("fetch: 5xx, 429 with Retry-After and a cut-short body are retried", "[fetch_e2e]") {
    World w;
    std::atomic<int> b{0}, q{0}, m{0};
    w.apis.set(k_readme_b, [&](const HttpRequest&) {
        return ++b == 1 ? HttpReply{500, {}, "oops"} : HttpReply{200, {}, "Borealis after a 500."};
    });
    w.apis.set(k_readme_q, [&](const HttpRequest&) {
        // Retry-After as delay-seconds, then as an HTTP-date (already past).
        if (++q == 1) return HttpReply{429, {{"Retry-After", "0"}}, "slow down"};
        if (q == 2) return HttpReply{503, {{"Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"}}, "later"};
        return HttpReply{200, {}, "Quillstore after a 429 and a 503."};
    });
    w.apis.set(k_readme_m, [&](const HttpRequest&) {
        HttpReply r{200, {}, "Marmot after a truncated answer, long enough to be cut in half."};
        r.truncate = ++m == 1;
        return r;
    });
    const auto f = w.index();
    CHECK(f.at("readmes").at("fetched") == 3);
    CHECK(b == 2);
    CHECK(q == 3);
    CHECK(m == 2);
    CHECK(w.show("marmot").at("readme") == "Marmot after a truncated answer, long enough to be cut in half.");
}

TEST_CASE("fetch: failures that persist end as reasons in the summary, and the paper is still indexed", "[fetch_e2e]") {
    World w;
    std::atomic<int> tries{0};
    w.apis.set(k_readme_b, [&](const HttpRequest&) {
        ++tries;
        return HttpReply{503, {}, "down"};
    });
    w.apis.set(k_readme_q, [](const HttpRequest&) {
        HttpReply r{200, {}, "never in time"};
        r.delay_ms = 5000;
        return r;
    });
    w.apis.set(k_readme_m, [](const HttpRequest&) { return HttpReply{403, {}, R"({"message":"Forbidden"})"}; });
    const auto f = w.index({}, {{"AISYS_TIMEOUT", "300"}, {"AISYS_MAX_TRIES", "3"}});
    CHECK(tries == 3);
    CHECK(f.at("readmes").at("failed") == 3);
    const auto failures = f.at("failures").dump();
    CHECK(failures.find("borealis: README: HTTP 503 after 3 tries") != std::string::npos);
    CHECK(failures.find("quillstore: README: timeout after 3 tries") != std::string::npos);
    CHECK(failures.find("marmot: README: HTTP 403") != std::string::npos);
    CHECK(w.search({"--category", "caching"}).at("total") == 2);
}

TEST_CASE("fetch: a trickling server is cut off", "[fetch_e2e]") {
    World w;
    w.apis.set(k_readme_b, [](const HttpRequest&) {
        HttpReply r{200, {}, std::string(200, 'x')};
        r.trickle_ms = 200;
        return r;
    });
    const auto f = w.index({}, {{"AISYS_TIMEOUT", "1000"}, {"AISYS_MAX_TRIES", "1"}});
    CHECK(f.at("readmes").at("failed") == 1);
    CHECK(f.at("failures").dump().find("borealis: README: timeout") != std::string::npos);
}

TEST_CASE("fetch: gzip, redirects, size cap, invalid UTF-8 and binary READMEs", "[fetch_e2e]") {
    World w;
    w.apis.set(k_readme_b, [](const HttpRequest&) {
        HttpReply r{200, {}, "# Borealis\n\nCompressed words: zephyr.\n"};
        r.gzip = true;
        return r;
    });
    w.apis.set(k_readme_q, [&](const HttpRequest&) {
        return HttpReply{301, {{"Location", w.server.url() + "/gh/repos/example-lab/quillstore-renamed/readme"}}, ""};
    });
    w.apis.set("/gh/repos/example-lab/quillstore-renamed/readme",
               [](const HttpRequest&) { return HttpReply{200, {}, "Renamed repository, word: wombat caf\xe9.\n"}; });
    w.apis.set(k_readme_m, [](const HttpRequest&) { return HttpReply{200, {}, std::string("PNG\0\x01\x02 binary", 14)}; });
    auto f = w.index();
    CHECK(w.search({"zephyr"}).at("results")[0].at("id") == "borealis");
    CHECK(w.search({"wombat"}).at("results")[0].at("id") == "quillstore");
    CHECK(w.show("quillstore").at("readme").get<std::string>().find("caf\xEF\xBF\xBD") != std::string::npos);
    CHECK(f.at("failures").dump().find("marmot: README") != std::string::npos);
    CHECK(w.show("marmot").at("readme") == "");

    w.apis.set(k_readme_b, [](const HttpRequest&) { return HttpReply{200, {}, std::string(5000, 'y')}; });
    f = w.index({"--refresh"}, {{"AISYS_MAX_BODY", "1000"}});
    CHECK(f.at("failures").dump().find("larger than 1000 bytes") != std::string::npos);
}

TEST_CASE("fetch: an abstract is taken only when the title really matches", "[fetch_e2e]") {
    World w;
    w.apis.set("/arxiv", [](const HttpRequest& r) {
        // Every search answers with some other paper.
        (void)r;
        return HttpReply{200, {}, atom_feed({{{"id", "2401.09999"}, {"published", "2024-01-01T00:00:00Z"},
                                               {"title", "Borealis: A Survey of Polar Lights Photography"},
                                               {"summary", "Nothing to do with inference."}}})};
    });
    const auto f = w.index();
    CHECK(f.at("abstracts").at("found") == 1);  // Marmot, from Semantic Scholar
    CHECK(f.at("abstracts").at("not_matched") == 2);
    CHECK(w.show("borealis").at("abstract") == "");
    CHECK(w.search({"photography"}).at("total") == 0);
}

TEST_CASE("fetch: an exhausted GitHub rate limit stops asking and says so", "[fetch_e2e]") {
    World w;
    std::atomic<int> calls{0};
    for (const auto& path : {k_readme_b, k_readme_q, k_readme_m})
        w.apis.set(path, [&](const HttpRequest&) {
            ++calls;
            return HttpReply{403, {{"X-RateLimit-Remaining", "0"}, {"X-RateLimit-Reset", "4102444800"}},
                             R"({"message":"API rate limit exceeded"})"};
        });
    const auto f = w.index();
    CHECK(calls >= 1);
    CHECK(f.at("readmes").at("failed") == 3);
    CHECK(f.at("notes").dump().find("GitHub rate limit exhausted") != std::string::npos);
    // The next run goes on from the cache: here there is none, so it asks once more and stops again.
    CHECK(f.at("abstracts").at("found") == 3);
}

TEST_CASE("fetch: with the network unreachable, index still builds from the list and the cache", "[fetch_e2e]") {
    World w;
    w.index();  // fill the cache
    // A port nothing listens on: connections are refused at once.
    int closed_port = 0;
    {
        HttpServer gone([](const HttpRequest&) { return HttpReply{}; });
        closed_port = std::stoi(gone.url().substr(gone.url().rfind(':') + 1));
    }
    const std::string dead = "http://127.0.0.1:" + std::to_string(closed_port);
    const std::map<std::string, std::string> unreachable = {{"AISYS_GITHUB_API", dead + "/gh"},
                                                            {"AISYS_ARXIV_API", dead + "/arxiv"},
                                                            {"AISYS_S2_API", dead + "/s2"},
                                                            {"AISYS_CACHE_TTL", "0"}};
    const auto r = aisys::test::run_cli({"index", "--list", aisys::test::fixture("e2e-list.md")}, w.env(unreachable));
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("unreachable") != std::string::npos);
    CHECK(w.search({"tenants"}).at("total") == 1);  // the stale cached README was used

    // No cache at all: still builds from the list.
    const auto fresh = aisys::test::run_cli({"index", "--list", aisys::test::fixture("e2e-list.md")},
                                            w.env({{"AISYS_GITHUB_API", dead + "/gh"},
                                                   {"AISYS_ARXIV_API", dead + "/arxiv"},
                                                   {"AISYS_S2_API", dead + "/s2"},
                                                   {"XDG_CACHE_HOME", (w.tmp.path() / "empty-cache").string()}}));
    CHECK(fresh.exit_code == 0);
    CHECK(fresh.out.find("READMEs: 0 fetched, 0 from cache, 0 missing, 3 failed") != std::string::npos);
    CHECK(w.search({"--category", "placement"}).at("total") == 1);
}

namespace {

// ../shared/corpus served as GitHub, arXiv and Semantic Scholar would serve it.
struct CorpusApis {
    struct Row {
        std::string name, title, arxiv_id, authors, readme, abstract;
        int year = 0;
    };
    std::vector<Row> rows;

    explicit CorpusApis(const std::string& corpus) {
        std::ifstream tsv(corpus + "/papers.tsv");
        std::string line;
        std::getline(tsv, line);  // header
        while (std::getline(tsv, line)) {
            std::vector<std::string> c;
            std::istringstream in(line);
            std::string cell;
            while (std::getline(in, cell, '\t')) c.push_back(cell);
            if (c.size() < 10) continue;
            auto slurp = [&](const std::string& rel) {
                std::ifstream f(corpus + "/" + rel, std::ios::binary);
                return std::string(std::istreambuf_iterator<char>(f), {});
            };
            rows.push_back({c[0], c[2], c[5], c[6], slurp(c[8]), slurp(c[9]), std::stoi(c[4])});
        }
    }

    std::map<std::string, std::string> entry(const Row& r) const {
        return {{"id", r.arxiv_id.empty() ? "0000.00000" : r.arxiv_id},
                {"published", std::to_string(r.year) + "-01-01T00:00:00Z"},
                {"title", r.title}, {"summary", r.abstract}, {"authors", r.authors}};
    }

    HttpReply answer(const HttpRequest& req) const {
        const std::string prefix = "/gh/repos/MachineLearningSystem/";
        if (req.path.rfind(prefix, 0) == 0) {
            const auto name = req.path.substr(prefix.size(), req.path.size() - prefix.size() - std::string("/readme").size());
            for (const auto& r : rows)
                if (r.name == name) return {200, {}, r.readme};
            return {404, {}, R"({"message":"Not Found"})"};
        }
        if (req.path == "/arxiv" && req.query.count("id_list")) {
            for (const auto& r : rows)
                if (r.arxiv_id == req.query.at("id_list")) return {200, {}, atom_feed({entry(r)})};
            return {200, {}, atom_feed({})};
        }
        if (req.path == "/arxiv") return {200, {}, atom_feed({})};  // title search: leave it to S2
        if (req.path == "/s2/paper/search/match") {
            for (const auto& r : rows)
                if (aisys::title_similarity(r.title, req.query.at("query")) > 0.95) {
                    json authors = json::array();
                    std::istringstream in(r.authors);
                    std::string a;
                    while (std::getline(in, a, ';')) authors.push_back({{"name", a}});
                    return {200, {}, json{{"data", {{{"title", r.title}, {"abstract", r.abstract}, {"year", r.year},
                                                     {"externalIds", json::object()}, {"authors", authors}}}}}.dump()};
                }
            return {404, {}, R"({"error":"Title match not found"})"};
        }
        return {404, {}, "{}"};
    }
};

} // namespace

TEST_CASE("fetch: the real corpus in ../shared, served locally, makes README and abstract words findable", "[fetch_e2e]") {
    const auto shared = aisys::test::shared_dir();
    if (shared.empty()) {
        WARN("skipped: ../shared is absent, so the corpus cannot be served");
        return;
    }
    const CorpusApis corpus(shared + "/corpus");
    REQUIRE(corpus.rows.size() == 16);
    HttpServer server([&](const HttpRequest& r) { return corpus.answer(r); });
    aisys::test::TempDir tmp;
    const std::map<std::string, std::string> env = {
        {"AISYS_OFFLINE", "0"}, {"AISYS_GITHUB_API", server.url() + "/gh"}, {"AISYS_ARXIV_API", server.url() + "/arxiv"},
        {"AISYS_S2_API", server.url() + "/s2"}, {"AISYS_ARXIV_INTERVAL", "0"}, {"AISYS_S2_INTERVAL", "0"},
        {"AISYS_RETRY_BASE", "0"}, {"XDG_CACHE_HOME", tmp.str() + "/cache"}, {"AISYS_DB", tmp.str() + "/db"}};
    const auto built = aisys::test::run_cli({"index", "--json"}, env);
    INFO(built.err);
    REQUIRE(built.exit_code == 0);
    const auto f = json::parse(built.out).at("fetch");
    CHECK(f.at("readmes").at("fetched") == 16);
    CHECK(f.at("abstracts").at("found") == 16);

    auto search = [&](const std::string& q) {
        const auto r = aisys::test::run_cli({q, "--json"}, env);
        REQUIRE(r.exit_code == 0);
        return json::parse(r.out);
    };
    for (const auto& [query, first] : std::vector<std::pair<std::string, std::string>>{
             {"energy", "zeus"}, {"mixture of experts", "fastmoe"}, {"gpu scheduling", ""}}) {
        INFO(query);
        const auto j = search(query);
        const auto& top = j.at("results")[0];
        if (!first.empty()) CHECK(top.at("id") == first);
        // The snippet is cut from README or abstract text, not the title.
        CHECK(top.at("snippet") != top.at("title"));
        CHECK_FALSE(top.at("highlights").empty());
    }
    // Papers with both words rank above those with one: Gavel and Lucid
    // (schedulers whose text says GPU) first; Shockwave, a scheduler whose
    // text never says GPU, after every paper that has both words.
    const auto ranked = aisys::test::run_cli({"gpu scheduling", "--json", "--explain", "--limit", "20"}, env);
    REQUIRE(ranked.exit_code == 0);
    const auto results = json::parse(ranked.out).at("results");
    std::string ranking;
    for (const auto& r : results)
        ranking += r.at("id").get<std::string>() + " " + r.value("explain", json()).dump() + "; ";
    INFO(ranking);
    REQUIRE(results.size() >= 3);
    CHECK(std::set<std::string>{results[0].at("id"), results[1].at("id")} == std::set<std::string>{"lucid", "gavel"});
    bool partial_seen = false;
    for (const auto& r : results) {
        if (r.at("related")) continue;
        const bool all = r.at("explain").at("all_terms");
        CHECK_FALSE((all && partial_seen));  // no paper with every term after one without
        partial_seen = partial_seen || !all;
        if (r.at("id") == "shockwave") CHECK_FALSE(all);
    }
    CHECK(partial_seen);

    // With the whole text, `similar` on a scheduler puts another scheduler
    // first, never the paper itself. (One-document relevance feedback over 16
    // long READMEs is noisy: issue 5's evaluation is where it gets tuned.)
    for (const std::string id : {"shockwave", "gavel", "lucid"}) {
        INFO(id);
        const auto r = aisys::test::run_cli({"similar", id, "--json", "--limit", "3"}, env);
        REQUIRE(r.exit_code == 0);
        const auto found = json::parse(r.out);
        REQUIRE_FALSE(found.at("results").empty());
        const std::string first = found.at("results")[0].at("id");
        CHECK(first != id);
        CHECK((first == "lucid" || first == "shockwave" || first == "gavel"));
    }
}

TEST_CASE("fetch: lists given as a URL or github:OWNER/REPO are fetched and cached", "[fetch_e2e]") {
    World w;
    const std::string url_list = "# Remote\n\n## Caching\n- [Borealis: Tiered Prompt Caching for Multi-Tenant Inference]"
                                 "(https://github.com/example-lab/borealis) OSDI'24\n";
    const std::string repo_list = "# Repo list\n\n## Placement\n- [Marmot: Topology-Aware Placement of Training Jobs on GPU Pods]"
                                  "(https://github.com/example-lab/marmot) EuroSys'25\n";
    w.apis.set("/lists/remote.md", [&](const HttpRequest&) { return HttpReply{200, {{"ETag", "\"l1\""}}, url_list}; });
    w.apis.set("/gh/repos/example-lab/awesome-placement/readme", [&](const HttpRequest& r) {
        CHECK(r.headers.at("accept") == "application/vnd.github.raw");
        return HttpReply{200, {}, repo_list};
    });
    const std::string url = w.server.url() + "/lists/remote.md";
    auto r = aisys::test::run_cli({"index", "--list", url, "--list", "github:example-lab/awesome-placement"}, w.env());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("indexed 2 papers") == 0);
    CHECK(w.search({"--list", "remote.md"}).at("results")[0].at("id") == "borealis");
    CHECK(w.search({"--venue", "eurosys"}).at("results")[0].at("id") == "marmot");

    // Offline, both lists come from the cache; catalog reads them the same way.
    w.server.clear_requests();
    r = aisys::test::run_cli({"catalog", "--offline", "--list", url, "--list", "github:example-lab/awesome-placement"}, w.env());
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("papers 2, projects 0, other 0; 0 problems") != std::string::npos);
    CHECK(w.server.requests().empty());

    // A list that cannot be had is an error that names it; the index stays.
    r = aisys::test::run_cli({"index", "--list", w.server.url() + "/lists/missing.md"}, w.env());
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("missing.md: not found (404)") != std::string::npos);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
    CHECK(w.search({"tiered"}).at("total") == 1);
    r = aisys::test::run_cli({"index", "--list", "github:not a repo"}, w.env());
    CHECK(r.exit_code == 2);
}

TEST_CASE("fetch: a Retry-After date too far ahead stops asking instead of waiting", "[fetch_e2e]") {
    World w;
    std::atomic<int> calls{0};
    w.apis.set(k_readme_b, [&](const HttpRequest&) {
        ++calls;
        return HttpReply{429, {{"Retry-After", "Fri, 01 Jan 2100 00:00:00 GMT"}}, "come back next century"};
    });
    const auto f = w.index({}, {{"AISYS_MAX_TRIES", "4"}});
    CHECK(calls == 1);  // not retried: the date is parsed, and it is past the longest wait
    CHECK(f.at("readmes").at("failed") == 1);
    CHECK(f.at("notes").dump().find("GitHub rate limit exhausted") != std::string::npos);
}

TEST_CASE("fetch: an empty arXiv feed for a listed id is asked once more", "[fetch_e2e]") {
    World w;
    std::atomic<int> calls{0};
    w.apis.set("/arxiv", [&](const HttpRequest& r) {
        if (r.query.count("id_list") && ++calls == 1) return HttpReply{200, {}, atom_feed({})};
        return w.apis.answer_default(r);
    });
    const auto f = w.index();
    CHECK(calls == 2);
    CHECK(f.at("abstracts").at("found") == 3);
    CHECK(w.show("quillstore").at("abstract") == "Quillstore keeps key-value attention tensors in an append-only log.");
}

TEST_CASE("fetch: redirects are followed only to http(s), at most five times", "[fetch_e2e]") {
    World w;
    for (const std::string target : {"file:///etc/passwd", "ftp://127.0.0.1/readme", "gopher://127.0.0.1/x"}) {
        INFO(target);
        w.apis.set(k_readme_b, [target](const HttpRequest&) { return HttpReply{302, {{"Location", target}}, ""}; });
        // Redirected over and over, each hop to a new address, so no loop detection saves it.
        w.apis.set(k_readme_q, [&](const HttpRequest& r) {
            const int hop = r.query.count("hop") ? std::stoi(r.query.at("hop")) : 0;
            return HttpReply{302, {{"Location", w.server.url() + k_readme_q + "?hop=" + std::to_string(hop + 1)}}, ""};
        });
        const std::size_t asked_before = w.requests_to(k_readme_q);
        const auto f = w.index({"--refresh"}, {{"AISYS_MAX_TRIES", "1"}});
        const std::string failures = f.at("failures").dump();
        CHECK(failures.find("borealis: README: redirected to a scheme other than http(s)") != std::string::npos);
        CHECK(failures.find("quillstore: README: too many redirects") != std::string::npos);
        CHECK(w.show("borealis").at("readme") == "");
        // The first request and five redirects followed; the sixth was never made.
        CHECK(w.requests_to(k_readme_q) - asked_before == 6);
    }
}

TEST_CASE("fetch: repository names with .., %2e or slashes are never asked for", "[fetch_e2e]") {
    World w;
    const auto list = w.tmp.path() / "dots.md";
    aisys::test::write_file(list, "# Dots\n\n## Systems\n\n"
                                  "- [Upward: One](https://github.com/../../etc) OSDI'21\n"
                                  "- [Encoded: Two](https://github.com/o/%2e%2e) OSDI'21\n"
                                  "- [Dotted: Three](https://github.com/o/..) OSDI'21\n"
                                  "- [Slashed: Four](https://github.com/o/a%2fb) OSDI'21\n"
                                  "- [Upper: Five](https://github.com/%2E%2E/passwd) OSDI'21\n"
                                  "- [Fine: Six](https://github.com/example-lab/borealis/tree/../../x) OSDI'21\n");
    const auto r = aisys::test::run_cli({"index", "--json", "--list", list.string()}, w.env());
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(json::parse(r.out).at("papers") == 6);
    std::size_t readme_requests = 0;
    for (const auto& req : w.server.requests()) {
        INFO(req.path);
        const std::string lower = aisys::text::to_lower(req.path);
        CHECK(lower.find("..") == std::string::npos);
        CHECK(lower.find("%2e") == std::string::npos);
        CHECK(lower.find("%2f") == std::string::npos);
        readme_requests += req.path.rfind("/gh/", 0) == 0;
    }
    // Only the one real repository's README was asked for.
    CHECK(readme_requests == 1);
    CHECK(w.requests_to(k_readme_b) == 1);
}

TEST_CASE("fetch: escape sequences in READMEs and abstracts never reach the terminal", "[fetch_e2e]") {
    World w;
    const std::string hostile = "\x1b]0;pwned title\x07\x1b[2J\x1b[1;1H\x1b]8;;https://evil.example\x1b\\"
                                "zephyr\x1b]8;;\x1b\\ \x1b[31mcrimson\x1b[0m \x07\x08\x7f \xc2\x9b" "31m"
                                " \u202eesrever\u202c \u2066iso\u2069";
    w.apis.set(k_readme_b, [&](const HttpRequest&) { return HttpReply{200, {}, "# Borealis\n\n" + hostile + "\n"}; });
    w.apis.set("/arxiv", [&](const HttpRequest& r) {
        if (!r.query.count("id_list")) return HttpReply{200, {}, atom_feed({})};
        return HttpReply{200, {}, atom_feed({{{"id", "2405.01234"}, {"published", "2024-05-02T00:00:00Z"},
                                             {"title", k_quillstore}, {"summary", "Attention logs. " + hostile},
                                             {"authors", "Ada \x1b[5mExample"}}})};
    });
    w.index();
    auto clean_terminal_text = [](const std::string& out) {
        for (std::size_t i = 0; i < out.size(); ++i) {
            const auto c = static_cast<unsigned char>(out[i]);
            if ((c < 0x20 && c != '\n') || c == 0x7f) return false;
            if (c == 0xc2 && i + 1 < out.size() && static_cast<unsigned char>(out[i + 1]) <= 0x9f) return false;
        }
        return out.find("\u202e") == std::string::npos && out.find("\u2066") == std::string::npos;
    };
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"zephyr"}, {"crimson", "--explain"}, {"attention", "--color", "always"}, {"show", "borealis"},
             {"show", "quillstore"}, {"similar", "borealis"}, {"stats"}}) {
        const auto r = aisys::test::run_cli(args, w.env());
        INFO(args[0] << " " << (args.size() > 1 ? args[1] : ""));
        CHECK(r.exit_code == 0);
        if (args[0] != "stats" && args[0] != "similar" && args.back() != "borealis") CHECK(r.out.find("crimson") != std::string::npos);
        CHECK(clean_terminal_text(r.err));
        if (args.back() == "always") {
            // Our own bold is the only escape, around the matched word.
            std::string out = r.out;
            for (const char* ours : {"\x1b[1m", "\x1b[0m"})
                for (auto at = out.find(ours); at != std::string::npos; at = out.find(ours)) out.erase(at, std::string(ours).size());
            CHECK(clean_terminal_text(out));
        } else {
            CHECK(clean_terminal_text(r.out));
        }
    }
    // JSON carries no raw control either, and the words are still there.
    const auto j = aisys::test::run_cli({"crimson", "--json"}, w.env());
    REQUIRE(j.exit_code == 0);
    CHECK(clean_terminal_text(j.out.substr(0, j.out.size() - 1)));
    CHECK(json::parse(j.out).at("total") == 2);
}

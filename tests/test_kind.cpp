// What an entry is (paper, project, other) and who wrote it: the kind filter
// and facet in the printers, --include-other, the catalogue's counts, the
// author line, fetched metadata that never overrides the list, and the
// Semantic Scholar lookup by DOI.

#include "cli/printer.hpp"
#include "fetch/sources.hpp"
#include "fixtures.hpp"
#include "http_server.hpp"

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/fetch.hpp>
#include <aisys/search.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace aisys;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

Paper with_kind(Paper p, std::string_view kind) {
    p.kind = std::string(kind);
    return p;
}

// Two papers and a project, all about scheduling; the first has five authors.
std::vector<Paper> mixed_papers() {
    auto a = test::make_paper("alpha", "Alpha: scheduling clusters", "", "", "OSDI", 2020);
    a.authors = {"Ada Lovelace", "Grace Hopper", "Alan Turing", "Edsger Dijkstra", "Barbara Liskov"};
    auto b = test::make_paper("beta", "Beta: scheduling serving", "", "", "NSDI", 2022);
    b.authors = {"Grace Hopper", "Ken Thompson"};
    auto c = with_kind(test::make_paper("gamma", "Gamma: a scheduling toolkit", "", "", "", 2023), k_kind_project);
    return {a, b, c};
}

std::string text_of(const SearchResult& r) {
    std::ostringstream out;
    cli::make_text_printer(out, false)->search(r);
    return out.str();
}

} // namespace

TEST_CASE("kind: the facet line and JSON facets count each kind, --kind and kind: filter", "[kind]") {
    const test::TestIndex index(mixed_papers());
    const auto all = index.query("scheduling");
    const std::string text = text_of(all);
    CHECK_THAT(text, Catch::Contains("\nkind: paper 2, project 1\n"));
    std::ostringstream out;
    cli::make_json_printer(out)->search(all);
    const auto j = json::parse(out.str());
    CHECK(j.at("facets").at("kind") == json{{"paper", 2}, {"project", 1}});
    for (const auto& hit : j.at("results"))
        if (hit.at("id") == "gamma") CHECK(hit.at("kind") == "project");

    CHECK(index.query("scheduling kind:project").total == 1);
    CHECK(index.query("scheduling kind:PAPER").total == 2);
    SearchRequest by_option;
    by_option.query = "scheduling";
    by_option.filters["kind"] = {"project"};
    by_option.related = false;
    const auto projects = index.run(by_option);
    REQUIRE(projects.hits.size() == 1);
    CHECK(projects.hits[0].paper.id == "gamma");
    // Every kind is known to the index, even one no entry has: no match, no error.
    CHECK(index.query("scheduling kind:other").total == 0);
    CHECK_THROWS_AS(index.query("kind:blog"), QueryError);
}

TEST_CASE("authors: the results line names three at most, then et al., author:SURNAME finds", "[kind]") {
    const test::TestIndex index(mixed_papers());
    const std::string text = text_of(index.query("scheduling"));
    CHECK_THAT(text, Catch::Contains("\n    Ada Lovelace, Grace Hopper, Alan Turing et al.\n"));
    CHECK_THAT(text, Catch::Contains("\n    Grace Hopper, Ken Thompson\n"));
    CHECK_THAT(text, !Catch::Contains("Liskov"));
    // No authors, no line: the project's venue line is followed by its repository.
    const auto gamma = text.substr(text.find("Gamma:"));
    CHECK(gamma.substr(gamma.find('\n') + 1).find("    unknown venue 2023 · Systems · id gamma\n    https://") == 0);

    const auto lovelace = index.query("author:lovelace");
    REQUIRE(lovelace.hits.size() >= 1);
    CHECK(lovelace.hits[0].paper.id == "alpha");
    CHECK(lovelace.total == 1);
    CHECK(index.query("author:hopper").total == 2);
}

TEST_CASE("catalog: drop_other leaves out the other entries and count_kind counts each kind", "[kind]") {
    Catalog c;
    c.papers = {test::make_paper("a", "A"), with_kind(test::make_paper("b", "B"), k_kind_other),
                with_kind(test::make_paper("c", "C"), k_kind_project), with_kind(test::make_paper("d", "D"), k_kind_other)};
    CHECK(count_kind(c, k_kind_paper) == 1);
    CHECK(count_kind(c, k_kind_project) == 1);
    CHECK(count_kind(c, k_kind_other) == 2);
    CHECK(drop_other(c) == 2);
    REQUIRE(c.papers.size() == 2);
    CHECK(c.papers[0].id == "a");
    CHECK(c.papers[1].id == "c");
    CHECK(drop_other(c) == 0);
}

TEST_CASE("catalog: the report counts each kind, in text and JSON", "[kind]") {
    Catalog c;
    c.papers = {test::make_paper("a", "A"), test::make_paper("b", "B"), with_kind(test::make_paper("c", "C"), k_kind_project),
                with_kind(test::make_paper("d", "D"), k_kind_other)};
    c.problems = {{"list.md", 4, "no link"}};
    std::ostringstream text, js;
    cli::make_text_printer(text, false)->catalog(c);
    CHECK_THAT(text.str(), Catch::Contains("\npapers 2, projects 1, other 1; 1 problem, 0 listings merged\n"));
    cli::make_json_printer(js)->catalog(c);
    CHECK(json::parse(js.str()).at("kinds") == json{{"paper", 2}, {"project", 1}, {"other", 1}});
}

TEST_CASE("index: the build report says how many other entries were left out, only when some were", "[kind]") {
    BuildReport report;
    report.db_path = "/tmp/db";
    report.generation = "gen-1";
    report.papers = 2;
    const Catalog catalog;
    std::ostringstream none, some, js;
    cli::make_text_printer(none, false)->built(report, catalog, nullptr, 0);
    CHECK_THAT(none.str(), !Catch::Contains("other entries"));
    cli::make_text_printer(some, false)->built(report, catalog, nullptr, 3);
    CHECK_THAT(some.str(), Catch::Contains("\n3 other entries (blogs, tutorials, ...) not indexed; --include-other indexes them\n"));
    cli::make_json_printer(js)->built(report, catalog, nullptr, 3);
    CHECK(json::parse(js.str()).at("other_not_indexed") == 3);
}

TEST_CASE("fetch: what a source says fills what the list lacks and never replaces what it states", "[kind]") {
    fetch::PaperMatch m;
    m.title = "Fetched Title";
    m.abstract = "Fetched abstract.";
    m.authors = {"Fetched Author"};
    m.year = 2019;
    m.venue = "SOSP";
    m.arxiv_id = "1901.00001";
    m.doi = "10.1/fetched";

    Paper stated = test::make_paper("x", "Listed Title", "", "", "OSDI", 2022);
    stated.authors = {"Listed Author"};
    stated.doi = "10.1/listed";
    fetch::complete_paper(stated, m, &test::venues());
    CHECK(stated.title == "Listed Title");
    CHECK(stated.venue == "OSDI");
    CHECK(stated.year == 2022);
    CHECK(stated.authors == std::vector<std::string>{"Listed Author"});
    CHECK(stated.doi == "10.1/listed");
    CHECK(stated.abstract == "Fetched abstract.");  // lists give no abstract
    Paper described;
    described.abstract = "a serving engine";  // a list's description of the entry
    fetch::complete_paper(described, m, nullptr);
    CHECK(described.abstract == "Fetched abstract.");
    CHECK(stated.arxiv_id == "1901.00001");

    Paper bare;
    bare.id = "y";
    fetch::complete_paper(bare, m, &test::venues());
    CHECK(bare.title == "Fetched Title");
    CHECK(bare.venue == "SOSP");
    CHECK(bare.venue_known);
    CHECK(bare.venue_kind == "conference");
    CHECK(bare.year == 2019);
    CHECK(bare.authors == std::vector<std::string>{"Fetched Author"});
    CHECK(bare.doi == "10.1/fetched");

    // A venue the table does not know is not taken: the facet would fill with spellings.
    Paper unknown;
    m.venue = "Proceedings of Something Nobody Lists";
    fetch::complete_paper(unknown, m, &test::venues());
    CHECK(unknown.venue.empty());
    fetch::complete_paper(unknown, m, nullptr);
    CHECK(unknown.venue.empty());
}

TEST_CASE("fetch: a Semantic Scholar paper object is parsed, DOI lower-cased", "[kind]") {
    const auto m = fetch::parse_s2_paper(
        R"({"paperId":"p1","title":"Heron:  Sparse\nPipelines","abstract":null,"year":2023,"venue":"SOSP",)"
        R"("externalIds":{"DOI":"10.1145/ABC.1","ArXiv":"2301.00001"},"authors":[{"authorId":"1","name":"Ada Lovelace"}]})");
    CHECK(m.title == "Heron: Sparse Pipelines");
    CHECK(m.abstract.empty());
    CHECK(m.year == 2023);
    CHECK(m.venue == "SOSP");
    CHECK(m.doi == "10.1145/abc.1");
    CHECK(m.arxiv_id == "2301.00001");
    CHECK(m.authors == std::vector<std::string>{"Ada Lovelace"});
    CHECK_THROWS_AS(fetch::parse_s2_paper("[1,2]"), Error);
    CHECK_THROWS_AS(fetch::parse_s2_paper("{oops"), Error);
}

namespace {

const std::string k_empty_feed = R"(<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><opensearch:totalResults xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/">0</opensearch:totalResults></feed>)";

// Semantic Scholar and arXiv as the DOI tests need them: one DOI known, one not,
// and a title match for the paper whose DOI is not.
test::HttpReply answer(const test::HttpRequest& r) {
    if (r.path == "/s2/paper/DOI:10.1145/3600006.3613165")
        return {200, {}, json{{"paperId", "h1"}, {"title", "Heron: Sparse Pipelines"}, {"abstract", "Heron pipelines sparse layers (from the DOI)."},
                              {"year", 2023}, {"venue", "SOSP"}, {"externalIds", {{"DOI", "10.1145/3600006.3613165"}}},
                              {"authors", {{{"authorId", "1"}, {"name", "Fetched Person"}}}}}.dump()};
    if (r.path == "/s2/paper/DOI:10.5555/no-abstract")
        return {200, {}, json{{"paperId", "o2"}, {"title", "Osprey: Elastic Checkpoints"}, {"abstract", nullptr}, {"year", 2021},
                              {"authors", {{{"authorId", "2"}, {"name", "Doi Person"}}}}}.dump()};
    if (r.path.rfind("/s2/paper/DOI:", 0) == 0) return {404, {}, R"({"error":"Paper with id DOI:x not found"})"};
    if (r.path == "/s2/paper/search/match" && r.query.count("query") && r.query.at("query") == "Osprey: Elastic Checkpoints")
        return {200, {}, json{{"data", {{{"paperId", "o1"}, {"title", "Osprey: Elastic Checkpoints"},
                                         {"abstract", "Osprey checkpoints elastically (from the title search)."}}}}}.dump()};
    if (r.path == "/s2/paper/search/match") return {404, {}, R"({"error":"Title match not found"})"};
    if (r.path == "/arxiv") return {200, {}, k_empty_feed};
    return {404, {}, R"({"message":"Not Found"})"};
}

FetchOptions local(const test::HttpServer& server, const test::TempDir& tmp) {
    FetchOptions o;
    o.github_api = server.url() + "/gh";
    o.arxiv_api = server.url() + "/arxiv";
    o.s2_api = server.url() + "/s2";
    o.cache_dir = (tmp.path() / "cache").string();
    o.arxiv_interval = 0;
    o.s2_interval = 0;
    o.retry_base = 0;
    o.total_timeout_ms = 3000;
    o.venues = &test::venues();
    return o;
}

Paper listed(const std::string& id, const std::string& title, const std::string& doi) {
    Paper p;
    p.id = id;
    p.title = title;
    p.doi = doi;
    return p;
}

std::vector<std::string> paths(const test::HttpServer& server) {
    std::vector<std::string> out;
    for (const auto& r : server.requests()) out.push_back(r.path);
    return out;
}

} // namespace

TEST_CASE("fetch: a DOI without an arXiv id is looked up on Semantic Scholar first", "[kind]") {
    test::HttpServer server(answer);
    test::TempDir tmp;
    std::vector<Paper> papers = {listed("heron", "Heron: Sparse Pipelines", "10.1145/3600006.3613165")};
    papers[0].venue = "OSDI";  // the list's word stands
    const auto summary = fetch_all(papers, local(server, tmp));
    CHECK(summary.abstracts_found == 1);
    CHECK(papers[0].abstract == "Heron pipelines sparse layers (from the DOI).");
    CHECK(papers[0].venue == "OSDI");
    CHECK(papers[0].year == 2023);
    CHECK(papers[0].authors == std::vector<std::string>{"Fetched Person"});
    // The DOI answered: no title search anywhere.
    CHECK(paths(server) == std::vector<std::string>{"/s2/paper/DOI:10.1145/3600006.3613165"});
    const auto fields = server.requests().at(0).query;
    CHECK(fields.count("fields"));
    CHECK_THAT(fields.at("fields"), Catch::Contains("abstract"));
}

TEST_CASE("fetch: a DOI Semantic Scholar does not know falls back to the title searches", "[kind]") {
    test::HttpServer server(answer);
    test::TempDir tmp;
    std::vector<Paper> papers = {listed("osprey", "Osprey: Elastic Checkpoints", "10.9999/unknown")};
    const auto summary = fetch_all(papers, local(server, tmp));
    CHECK(summary.abstracts_found == 1);
    CHECK(summary.failures.empty());
    CHECK(papers[0].abstract == "Osprey checkpoints elastically (from the title search).");
    const auto asked = paths(server);
    REQUIRE(asked.size() == 3);
    CHECK(asked[0] == "/s2/paper/DOI:10.9999/unknown");
    CHECK(asked[1] == "/arxiv");
    CHECK(asked[2] == "/s2/paper/search/match");
}

TEST_CASE("fetch: a DOI answer without an abstract still completes the paper, the searches give the abstract", "[kind]") {
    test::HttpServer server(answer);
    test::TempDir tmp;
    std::vector<Paper> papers = {listed("osprey", "Osprey: Elastic Checkpoints", "10.5555/no-abstract")};
    const auto summary = fetch_all(papers, local(server, tmp));
    CHECK(summary.abstracts_found == 1);
    CHECK(papers[0].abstract == "Osprey checkpoints elastically (from the title search).");
    CHECK(papers[0].authors == std::vector<std::string>{"Doi Person"});
    CHECK(papers[0].year == 2021);
    CHECK(paths(server) == std::vector<std::string>{"/s2/paper/DOI:10.5555/no-abstract", "/arxiv", "/s2/paper/search/match"});
}

TEST_CASE("fetch: a paper with an arXiv id is not looked up by DOI", "[kind]") {
    test::HttpServer server(answer);
    test::TempDir tmp;
    std::vector<Paper> papers = {listed("heron", "Heron: Sparse Pipelines", "10.1145/3600006.3613165")};
    papers[0].arxiv_id = "2301.00001";
    fetch_all(papers, local(server, tmp));
    for (const auto& path : paths(server)) CHECK(path.rfind("/s2/paper/DOI:", 0) == std::string::npos);
}

TEST_CASE("cli: author line, author:, --kind, kind: and --include-other on the real binary", "[kind][cli]") {
    test::TempDir tmp;
    const auto file = tmp.path() / "records.jsonl";
    {
        std::ofstream out(file);
        auto record = [](const std::string& id, const std::string& title, const std::string& authors) {
            return json{{"id", id},
                        {"title", title},
                        {"abstract", "About sharding tensors."},
                        {"authors", authors},
                        {"categories", "cs.DC"},
                        {"versions", json::array({{{"version", "v1"}, {"created", "Mon, 2 Apr 2018 19:18:42 GMT"}}})}}
                .dump();
        };
        out << record("2301.00001", "Elastic Tensor Sharding", "Ada Lovelace, Grace Hopper, Alan Turing and Edsger Dijkstra")
            << "\n"
            << record("2301.00002", "Sharding Embeddings Quickly", "Barbara Liskov") << "\n";
    }
    const std::map<std::string, std::string> env = {{"AISYS_DB", (tmp.path() / "db").string()}};
    auto built = test::run_cli({"index", "--jsonl", file.string(), "--include-other"}, env);
    INFO(built.err);
    REQUIRE(built.exit_code == 0);
    CHECK_THAT(built.out, !Catch::Contains("not indexed"));  // none to leave out

    auto r = test::run_cli({"sharding"}, env);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Contains("\n    Ada Lovelace, Grace Hopper, Alan Turing et al.\n"));
    CHECK_THAT(r.out, Catch::Contains("\n    Barbara Liskov\n"));
    CHECK_THAT(r.out, Catch::Contains("\nkind: paper 2\n"));
    const auto j = json::parse(test::run_cli({"sharding", "--json"}, env).out);
    CHECK(j.at("facets").at("kind") == json{{"paper", 2}});
    CHECK(j.at("results")[0].at("authors").size() >= 1);

    r = test::run_cli({"author:lovelace", "--json"}, env);
    CHECK(r.exit_code == 0);
    const auto by_author = json::parse(r.out);
    REQUIRE(by_author.at("results").size() >= 1);
    CHECK(by_author.at("results")[0].at("id") == "2301.00001");
    CHECK(by_author.at("total") == 1);

    CHECK(test::run_cli({"sharding", "--kind", "paper"}, env).exit_code == 0);
    CHECK(test::run_cli({"sharding", "--kind", "project"}, env).exit_code == 1);
    CHECK(test::run_cli({"sharding kind:project"}, env).exit_code == 1);
    CHECK(test::run_cli({"sharding kind:blog"}, env).exit_code == 3);

    const auto shown = test::run_cli({"show", "2301.00001"}, env);
    CHECK_THAT(shown.out, Catch::Contains("  kind:        paper\n"));
}

TEST_CASE("cli: catalog counts kinds and exits 0 on a list with nothing to fix", "[kind][cli]") {
    test::TempDir tmp;
    const auto list = tmp.path() / "clean.md";
    test::write_file(list, "# Clean\n\n## Serving\n"
                           "- [Kestrel: Fast Serving](https://github.com/o/kestrel) OSDI'22\n"
                           "- [Plover: Small Serving](https://github.com/o/plover) NSDI'23\n");
    const auto r = test::run_cli({"catalog", "--list", list.string()});
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("papers 2, projects 0, other 0; 0 problems, 0 listings merged\n"));
    const auto j = json::parse(test::run_cli({"catalog", "--list", list.string(), "--json"}).out);
    CHECK(j.at("kinds").at("paper") == 2);
}

TEST_CASE("cli: a list with papers, projects and other entries: index --list, --kind, author: and --include-other", "[kind][cli]") {
    test::TempDir tmp;
    const auto list = tmp.path() / "mixed.md";
    test::write_file(list, "# Mixed list\n\n## Sharding papers\n"
                           "- Elastic Tensor Sharding [[pdf]](https://example.org/elastic.pdf) [[code]](https://github.com/o/elastic)\n"
                           "  - OSDI'22\n"
                           "  - Ada Lovelace, Grace Hopper and Alan Turing\n"
                           "- [Sharding Embeddings Quickly](https://example.org/embed.pdf) by Barbara Liskov et al., NSDI 2023\n"
                           "\n## Open Source Projects\n"
                           "- [shardkit](https://github.com/o/shardkit): a sharding library\n"
                           "\n## Blogs\n"
                           "- [Sharding explained in a post](https://example.org/blog/sharding)\n");
    const std::map<std::string, std::string> env = {{"AISYS_DB", (tmp.path() / "db").string()},
                                                     {"AISYS_OFFLINE", "1"},
                                                     {"XDG_CACHE_HOME", (tmp.path() / "cache").string()}};
    const auto catalog = test::run_cli({"catalog", "--list", list.string()}, env);
    CHECK_THAT(catalog.err, Catch::Contains("papers 2, projects 1, other 1"));

    auto built = test::run_cli({"index", "--list", list.string(), "--offline"}, env);
    INFO(built.err);
    REQUIRE(built.exit_code == 0);
    CHECK_THAT(built.out, Catch::Contains("1 other entry (blogs"));
    auto r = test::run_cli({"sharding", "--json"}, env);
    auto j = json::parse(r.out);
    CHECK(j.at("total") == 3);  // the blog post is not indexed
    CHECK(j.at("facets").at("kind") == json{{"paper", 2}, {"project", 1}});

    j = json::parse(test::run_cli({"sharding", "--kind", "paper", "--json"}, env).out);
    CHECK(j.at("total") == 2);
    j = json::parse(test::run_cli({"sharding", "--kind", "project", "--json"}, env).out);
    REQUIRE(j.at("total") == 1);
    CHECK(j.at("results")[0].at("title") == "shardkit");

    j = json::parse(test::run_cli({"author:hopper", "--json"}, env).out);
    REQUIRE(j.at("total") == 1);
    CHECK(j.at("results")[0].at("title") == "Elastic Tensor Sharding");
    CHECK(j.at("results")[0].at("venue") == "OSDI");
    j = json::parse(test::run_cli({"author:liskov", "--json"}, env).out);
    REQUIRE(j.at("total") == 1);
    CHECK(j.at("results")[0].at("venue") == "NSDI");

    built = test::run_cli({"index", "--list", list.string(), "--offline", "--include-other"}, env);
    REQUIRE(built.exit_code == 0);
    j = json::parse(test::run_cli({"sharding", "--kind", "other", "--json"}, env).out);
    REQUIRE(j.at("total") == 1);
    CHECK(j.at("results")[0].at("title") == "Sharding explained in a post");
}

// Issue 14: what search and show put out. Links known from an arXiv id or a
// DOI, sorting by year within the ranks, related papers apart from the
// matches, --limit 0, counts in the singular, and venues named with a year.

#include <aisys/error.hpp>
#include <aisys/paper.hpp>
#include <aisys/search.hpp>

#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <map>
#include <set>

using namespace aisys;
using nlohmann::json;

namespace {

// The real binary on a TestIndex.
test::RunResult run_on(const test::TestIndex& index, const std::vector<std::string>& args) {
    return test::run_cli(args, {{"AISYS_DB", index.dir()}});
}

json json_on(const test::TestIndex& index, std::vector<std::string> args) {
    args.push_back("--json");
    const auto r = run_on(index, args);
    INFO(r.err);
    REQUIRE(r.exit_code <= 1);
    return json::parse(r.out);
}

std::vector<std::string> ranked_ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits)
        if (!h.related) out.push_back(h.paper.id);
    return out;
}

std::vector<Paper> linked_papers() {
    Paper arxiv = test::make_paper("zebra", "Zebra: Striped Attention Kernels", "Kernels for striped attention.");
    arxiv.arxiv_id = "2401.01234";
    arxiv.doi = "10.1145/1234567.7654321";
    arxiv.authors = {"Deepak Narayanan", "Keshav Santhanam", "Fiodar Kazhamiaka", "Amar Phanishayee"};
    Paper doi = test::make_paper("okapi", "Okapi: Striped Storage", "Storage in stripes.");
    doi.doi = "10.1145/3600006.3613165";
    Paper listed = test::make_paper("quagga", "Quagga: Striped Networks", "Networks in stripes.");
    listed.arxiv_id = "2402.04321";
    listed.paper_url = "https://example.org/quagga.pdf";
    Paper none = test::make_paper("tapir", "Tapir: Striped Nothing", "Nothing in stripes.");
    return {arxiv, doi, listed, none};
}

} // namespace

TEST_CASE("paper_link: the list's link, else arXiv, else DOI", "[output]") {
    const auto papers = linked_papers();
    CHECK(paper_link(papers[0]) == "https://arxiv.org/abs/2401.01234");
    CHECK(paper_link(papers[1]) == "https://doi.org/10.1145/3600006.3613165");
    CHECK(paper_link(papers[2]) == "https://example.org/quagga.pdf");
    CHECK(paper_link(papers[3]).empty());
}

TEST_CASE("show and search show the link an arXiv id or DOI gives, search JSON carries ids, authors and kind",
          "[output][cli]") {
    const test::TestIndex index(linked_papers());
    const auto show = run_on(index, {"show", "zebra"});
    CHECK_THAT(show.out, Catch::Contains("  paper:       https://arxiv.org/abs/2401.01234\n"));
    CHECK_THAT(run_on(index, {"show", "okapi"}).out, Catch::Contains("  paper:       https://doi.org/10.1145/3600006.3613165\n"));
    CHECK_THAT(run_on(index, {"show", "tapir"}).out, Catch::Contains("  paper:       -\n"));
    CHECK(json_on(index, {"show", "zebra"}).at("paper") == "https://arxiv.org/abs/2401.01234");

    const auto text = run_on(index, {"zebra"});
    CHECK_THAT(text.out, Catch::Contains("\n    https://arxiv.org/abs/2401.01234\n"));
    CHECK_THAT(text.out, Catch::Contains("\n    Deepak Narayanan, Keshav Santhanam, Fiodar Kazhamiaka et al.\n"));

    const auto j = json_on(index, {"striped", "--limit", "10"});
    REQUIRE(j.at("results").size() == 4);
    std::map<std::string, json> by_id;
    for (const auto& r : j.at("results")) by_id[r.at("id").get<std::string>()] = r;
    CHECK(by_id.at("zebra").at("paper") == "https://arxiv.org/abs/2401.01234");
    CHECK(by_id.at("zebra").at("arxiv_id") == "2401.01234");
    CHECK(by_id.at("zebra").at("doi") == "10.1145/1234567.7654321");
    CHECK(by_id.at("zebra").at("authors").size() == 4);
    CHECK(by_id.at("zebra").at("kind") == "paper");
    CHECK(by_id.at("okapi").at("paper") == "https://doi.org/10.1145/3600006.3613165");
    CHECK(by_id.at("okapi").at("arxiv_id") == "");
    CHECK(by_id.at("quagga").at("paper") == "https://example.org/quagga.pdf");
    CHECK(by_id.at("tapir").at("paper") == "");
}

namespace {

// Two papers with the title phrase, one with both words apart, two with one
// word only; the weak ones are the newest.
std::vector<Paper> tiered_papers() {
    Paper old_phrase = test::make_paper("oldphrase", "Pipeline Parallel Training", "Training at scale.", "", "", 2019);
    Paper new_phrase = test::make_paper("newphrase", "Pipeline Parallel Inference", "Serving at scale.", "", "", 2021);
    Paper undated = test::make_paper("undated", "Pipeline Parallel Undated", "No year known.", "", "", 2000);
    undated.year.reset();
    Paper apart = test::make_paper("apart", "Parallel Compilers", "A pipeline of passes.", "", "", 2022);
    Paper weak = test::make_paper("weak", "Pipeline Schedulers", "Stages of a pipeline.", "", "", 2024);
    Paper weaker = test::make_paper("weaker", "Stream Pipelines", "Pipelines for streams.", "", "", 2015);
    return {old_phrase, new_phrase, undated, apart, weak, weaker};
}

} // namespace

TEST_CASE("sorting by year happens within the ranks: an older title phrase before a newer one-word match", "[output][search]") {
    const test::TestIndex index(tiered_papers());
    SearchRequest r;
    r.query = "pipeline parallel";
    r.limit = 20;
    r.related = false;
    r.sort = SortOrder::relevance;
    const auto relevance = ranked_ids(index.run(r));
    REQUIRE(relevance.size() == 6);

    r.sort = SortOrder::year;
    CHECK(ranked_ids(index.run(r)) ==
          std::vector<std::string>{"newphrase", "oldphrase", "undated", "weak", "apart", "weaker"});
    r.sort = SortOrder::year_asc;
    CHECK(ranked_ids(index.run(r)) ==
          std::vector<std::string>{"oldphrase", "newphrase", "undated", "weaker", "apart", "weak"});

    // Paging cuts the same order.
    r.sort = SortOrder::year;
    r.offset = 1;
    r.limit = 2;
    CHECK(ranked_ids(index.run(r)) == std::vector<std::string>{"oldphrase", "undated"});

    // One word has no ranks: newest first, as before.
    SearchRequest one;
    one.query = "pipeline";
    one.sort = SortOrder::year;
    one.related = false;
    const auto years = index.run(one);
    REQUIRE(years.hits.size() >= 5);
    CHECK(years.hits.front().paper.id == "weak");

    const auto cli = run_on(index, {"pipeline parallel", "--sort", "year-asc", "--limit", "2"});
    INFO(cli.err);
    CHECK(cli.exit_code == 0);
    CHECK_THAT(cli.out, Catch::Contains(" 1. Pipeline Parallel Training\n"));
}

namespace {

std::vector<Paper> pipeline_papers() {
    return {test::make_paper("pipedream", "PipeDream: Generalized Pipeline Parallelism for DNN Training",
                             "Pipeline parallelism across machines."),
            test::make_paper("gpipe", "GPipe: Efficient Training of Giant Networks using Pipeline Parallelism",
                             "Pipeline parallelism with micro-batches."),
            test::make_paper("chimera", "Chimera: Bidirectional Pipelines for Training Large Networks",
                             "Bidirectional pipeline parallelism."),
            test::make_paper("zeus", "Zeus: Energy of GPU Training", "Energy and power limits.")};
}

} // namespace

TEST_CASE("related papers are kept out of the JSON results, in an array of their own", "[output][cli]") {
    const test::TestIndex index(pipeline_papers());
    const auto j = json_on(index, {"pipedream"});
    REQUIRE(j.at("results").size() == 1);
    CHECK(j.at("results")[0].at("id") == "pipedream");
    CHECK(j.at("results")[0].at("related") == false);
    REQUIRE(j.contains("related"));
    REQUIRE_FALSE(j.at("related").empty());
    for (const auto& r : j.at("related")) {
        CHECK(r.at("related") == true);
        CHECK(r.at("id") != "pipedream");
    }
    CHECK(j.at("total") == 1);
    const auto text = run_on(index, {"pipedream"});
    CHECK_THAT(text.out, Catch::Contains("Related papers, like the match but without the query's words:"));
    CHECK(json_on(index, {"pipedream", "--no-related"}).at("related").empty());
}

TEST_CASE("a zero limit prints the count and the facets, and one paper is one paper", "[output][cli]") {
    const test::TestIndex index(pipeline_papers());
    const auto none = run_on(index, {"pipeline", "--limit", "0"});
    CHECK(none.exit_code == 0);
    CHECK(none.out.rfind("3 papers match (none shown)\n", 0) == 0);
    CHECK_THAT(none.out, Catch::Contains("\ncategory: Systems 3\n"));
    CHECK_THAT(none.out, Catch::Contains("\nyear: 2023 3\n"));

    const auto one = run_on(index, {"zeus", "--limit", "0"});
    CHECK(one.out.rfind("1 paper matches (none shown)\n", 0) == 0);
    const auto past = run_on(index, {"zeus", "--offset", "5", "--no-related"});
    CHECK(past.out.rfind("1 paper matches (none shown)\n", 0) == 0);
    CHECK(run_on(index, {"zeus", "--no-related"}).out.rfind("1 paper matches (showing 1-1)\n", 0) == 0);
    CHECK(run_on(index, {"nothingatall", "--exact"}).out == "No papers match.\n");

    test::TempDir tmp;
    const auto file = tmp.path() / "one.jsonl";
    std::ofstream(file) << json{{"id", "2301.00001"}, {"title", "Elastic Tensor Sharding"}, {"abstract", "Sharding."},
                                {"authors", "Ada Lovelace"}, {"categories", "cs.DC"}}
                               .dump()
                        << "\n";
    const auto built = test::run_cli({"index", "--jsonl", file.string()}, {{"AISYS_DB", (tmp.path() / "db").string()}});
    INFO(built.err);
    CHECK(built.exit_code == 0);
    CHECK(built.out.rfind("indexed 1 paper into ", 0) == 0);
}

namespace {

std::vector<Paper> venue_papers() {
    Paper report = test::make_paper("report", "Striped Reports", "", "", "Tech report, Oct 13 2025", 2025);
    report.venue_known = false;
    return {test::make_paper("osdi24", "Striped Kernels", "", "", "OSDI", 2024),
            test::make_paper("osdi22", "Striped Caches", "", "", "OSDI", 2022),
            test::make_paper("sosp24", "Striped Logs", "", "", "SOSP", 2024), report};
}

std::set<std::string> match_ids(const SearchResult& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits)
        if (!h.related) out.insert(h.paper.id);
    return out;
}

} // namespace

TEST_CASE("a venue named with its year filters by both, and errors list known venues only", "[output][search]") {
    const test::TestIndex index(venue_papers());
    for (const std::string form : {"OSDI'24", "osdi24", "OSDI 2024", "osdi 24", "Osdi-2024"}) {
        INFO(form);
        SearchRequest r;
        r.filters["venue"] = {form};
        CHECK(match_ids(index.run(r)) == std::set<std::string>{"osdi24"});
    }
    SearchRequest both;
    both.filters["venue"] = {"osdi24", "sosp'24"};  // OR within the facet
    CHECK(match_ids(index.run(both)) == std::set<std::string>{"osdi24", "sosp24"});
    SearchRequest plain;
    plain.filters["venue"] = {"osdi"};
    CHECK(match_ids(index.run(plain)) == std::set<std::string>{"osdi24", "osdi22"});
    CHECK(match_ids(index.query("venue:osdi24")) == std::set<std::string>{"osdi24"});
    CHECK(match_ids(index.query("striped venue:osdi22")) == std::set<std::string>{"osdi22"});

    SearchRequest bad;
    bad.filters["venue"] = {"neverconf"};
    try {
        index.run(bad);
        FAIL("no error");
    } catch (const QueryError& e) {
        const std::string what = e.what();
        CHECK_THAT(what, Catch::Contains("OSDI, SOSP"));
        CHECK_THAT(what, !Catch::Contains("Tech report"));
    }
    bad.filters["venue"] = {"nowhere'24"};
    CHECK_THROWS_AS(index.run(bad), QueryError);
    const auto cli = run_on(index, {"venue:neverconf"});
    CHECK(cli.exit_code == 3);
    CHECK_THAT(cli.err, !Catch::Contains("Tech report"));
    CHECK(run_on(index, {"--venue", "OSDI'24"}).exit_code == 0);
}

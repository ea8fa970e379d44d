// Index::search on the default list: ranking, filters, query syntax, facets, snippets, errors.

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/index.hpp>
#include <aisys/search.hpp>
#include <aisys/text.hpp>

#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace aisys;

namespace {

// One index of the default list per test case.
struct DefaultIndex : test::TestIndex {
    DefaultIndex() : TestIndex(read_lists({test::default_list()}, test::venues()).papers) {}
    SearchResult run(SearchRequest r) const {
        if (r.limit == 10) r.limit = 100;
        return TestIndex::run(r);
    }
    SearchResult query(const std::string& q) const {
        SearchRequest r;
        r.query = q;
        return run(r);
    }
};

// The matches (not the related papers that fill a short page).
std::set<std::string> ids(const SearchResult& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits)
        if (!h.related) out.insert(h.paper.id);
    return out;
}

std::vector<std::string> ranked_ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits)
        if (!h.related) out.push_back(h.paper.id);
    return out;
}

using Ids = std::set<std::string>;

} // namespace

TEST_CASE("gpu scheduling ranks the Schedule section first", "[search]") {
    DefaultIndex d;
    const auto r = d.query("gpu scheduling");
    REQUIRE(r.hits.size() >= 3);
    CHECK(Ids{r.hits[0].paper.id, r.hits[1].paper.id, r.hits[2].paper.id} == Ids{"lucid", "shockwave", "gavel"});
    // Every paper with either word matches, nothing else.
    CHECK(ids(r) == Ids{"lucid", "shockwave", "gavel", "zeus", "glet", "igniter", "slapo", "veltair"});
    CHECK(r.hits[0].score >= r.hits[1].score);
}

TEST_CASE("a title match outranks a match elsewhere", "[search]") {
    DefaultIndex d;
    // "training" is in six titles and is the name of a category; the papers
    // with it in the title come first.
    const auto r = d.query("warmup");
    REQUIRE(r.total == 1);
    CHECK(r.hits[0].paper.id == "modelkeeper");
}

TEST_CASE("filters are OR within a facet and AND across facets", "[search]") {
    DefaultIndex d;
    SearchRequest r;
    r.filters["venue"] = {"NSDI"};
    auto res = d.run(r);
    CHECK(ids(res) == Ids{"zeus", "modelkeeper", "shockwave"});
    CHECK(res.facets.at("venue") == std::map<std::string, std::size_t>{{"NSDI", 3}});
    CHECK(res.facets.at("category") == std::map<std::string, std::size_t>{{"Training", 2}, {"Schedule", 1}});
    CHECK(res.facets.at("year") == std::map<std::string, std::size_t>{{"2023", 3}});

    r.filters["venue"] = {"osdi"};
    r.filters["year"] = {"2020"};
    CHECK(ids(d.run(r)) == Ids{"clockwork", "gavel"});

    r = {};
    r.filters["category"] = {"optimization"};
    res = d.run(r);
    CHECK(ids(res) == Ids{"spada", "hidet", "igniter", "magicube"});
    CHECK(res.facets.at("category") == std::map<std::string, std::size_t>{{"Optimization", 4}});

    r = {};
    r.filters["venue"] = {"osdi", "NSDI"};
    CHECK(d.run(r).total == 5);
    r.filters["category"] = {"Schedule"};
    CHECK(ids(d.run(r)) == Ids{"shockwave", "gavel"});
}

TEST_CASE("year ranges", "[search]") {
    DefaultIndex d;
    SearchRequest r;
    r.filters["year"] = {"..2021"};
    CHECK(ids(d.run(r)) == Ids{"clockwork", "gavel", "fastmoe", "lambdadnn"});
    r.filters["year"] = {"2023.."};
    CHECK(d.run(r).total == 6);
    r.filters["year"] = {"2020..2021", "2023"};
    CHECK(d.run(r).total == 10);
    CHECK_THROWS_AS(parse_year_range("20x2"), QueryError);
    CHECK_THROWS_AS(parse_year_range("2023..2020"), QueryError);
    CHECK_THROWS_AS(parse_year_range(".."), QueryError);
    CHECK_THROWS_AS(parse_year_range("99"), QueryError);
}

TEST_CASE("query syntax: prefixes, phrases, boolean operators, exclusion, wildcards", "[search]") {
    DefaultIndex d;
    CHECK(ids(d.query("venue:osdi")) == Ids{"clockwork", "gavel"});
    CHECK(ids(d.query("scheduling venue:osdi")) == Ids{"gavel"});
    CHECK(ids(d.query("category:schedule")) == Ids{"lucid", "shockwave", "gavel"});
    CHECK(ids(d.query("year:2020..2021 serving")) == Ids{"clockwork"});
    CHECK(ids(d.query("title:clockwork")) == Ids{"clockwork"});
    CHECK(ids(d.query("\"cluster scheduling\"")) == Ids{"shockwave", "gavel"});
    CHECK(ids(d.query("sparse AND matrix")) == Ids{"spada", "magicube"});
    CHECK(ids(d.query("sparse NOT quantized")) == Ids{"spada"});
    CHECK(ids(d.query("scheduling -cluster")) == Ids{"lucid", "slapo", "veltair"});
    CHECK(ids(d.query("hetero*")) == Ids{"glet", "gavel"});
    // Excluded words alone: every paper but those (Xapian's parser alone read them as wanted).
    const std::size_t all_papers = d.index().stats().papers;
    CHECK(d.query("-scheduling").total == all_papers - d.query("scheduling").total);
    CHECK(d.query("-sched* -hetero*").total == all_papers - d.query("sched* OR hetero*").total);
    for (const auto& h : d.query("-scheduling").hits) CHECK(text::to_lower(h.paper.title).find("schedul") == std::string::npos);
    // Stemming: "schedulers" finds "Scheduler", "Scheduling" and "Schedule".
    CHECK(d.query("schedulers").total == 5);
}

TEST_CASE("sorting, limit and offset", "[search]") {
    DefaultIndex d;
    SearchRequest r;
    r.filters["category"] = {"training"};
    r.sort = SortOrder::year;
    const auto res = d.run(r);
    REQUIRE(res.hits.size() == 6);
    for (std::size_t i = 1; i + 1 < res.hits.size(); ++i) CHECK(*res.hits[i - 1].paper.year >= *res.hits[i].paper.year);
    CHECK_FALSE(res.hits.back().paper.year.has_value());  // Slapo has none: last

    SearchRequest page;
    page.query = "gpu scheduling";
    page.limit = 2;
    page.offset = 1;
    const auto p = d.index().search(page);
    CHECK(p.total == 8);
    REQUIRE(p.hits.size() == 2);
    CHECK(p.hits[0].rank == 2);
    const auto all = ranked_ids(d.query("gpu scheduling"));
    CHECK(ranked_ids(p) == std::vector<std::string>(all.begin() + 1, all.begin() + 3));
}

TEST_CASE("snippets mark the matched words", "[search]") {
    DefaultIndex d;
    const auto r = d.query("gpu energy");
    REQUIRE(r.hits.size() >= 1);
    const auto& top = r.hits[0];
    CHECK(top.paper.id == "zeus");
    std::set<std::string> marked;
    for (const auto& [start, length] : top.highlights) marked.insert(top.snippet.substr(start, length));
    CHECK(marked == std::set<std::string>{"GPU", "Energy"});
    CHECK(top.snippet.find('\x01') == std::string::npos);
}

TEST_CASE("bad queries and unknown filter values are QueryErrors that say what is wrong", "[search]") {
    DefaultIndex d;
    SearchRequest r;
    r.filters["venue"] = {"neverconf"};
    CHECK_THROWS_WITH(d.run(r), Catch::Contains("unknown venue 'neverconf'") && Catch::Contains("OSDI"));
    r = {};
    r.filters["category"] = {"cooking"};
    CHECK_THROWS_WITH(d.run(r), Catch::Contains("unknown category 'cooking'") && Catch::Contains("Schedule"));
    CHECK_THROWS_AS(d.query("venue:neverconf"), QueryError);
    CHECK_THROWS_AS(d.query("year:soon"), QueryError);
    // Under + and -, and the first bad value is the one named.
    CHECK_THROWS_WITH(d.query("gpu +venue:neverconf"), Catch::Contains("unknown venue 'neverconf'"));
    CHECK_THROWS_WITH(d.query("-category:cooking +venue:neverconf"), Catch::Contains("unknown category 'cooking'"));
    CHECK_THROWS_WITH(d.query("\"gpu scheduling"), Catch::Contains("unbalanced double quote"));
    CHECK_THROWS_WITH(d.query("(gpu OR tpu"), Catch::Contains("unbalanced parentheses"));
    CHECK_THROWS_WITH(d.query("   "), Catch::Contains("empty query"));
    // A venue the table knows but no paper has is no error: just no results.
    r = {};
    r.filters["venue"] = {"SOSP"};
    CHECK(d.run(r).total == 0);
}

TEST_CASE("did you mean: unknown words are corrected from the index's vocabulary", "[search]") {
    DefaultIndex d;
    auto r = d.query("schedulng gpu");
    REQUIRE(r.did_you_mean);
    CHECK(r.did_you_mean->query == "scheduling gpu");
    CHECK(r.did_you_mean->total == d.query("scheduling gpu").total);
    // A word the index has in no form finds nothing: the correction is searched instead...
    CHECK(r.did_you_mean->applied);
    CHECK(ids(r) == ids(d.query("scheduling gpu")));
    r = d.query("schedulng");
    CHECK(r.total == 5);
    REQUIRE(r.did_you_mean);
    CHECK(r.did_you_mean->query == "scheduling");
    CHECK(r.did_you_mean->total == 5);
    CHECK(r.did_you_mean->applied);
    // ...unless the words are to be searched as typed.
    SearchRequest exact;
    exact.query = "schedulng";
    exact.correct = false;
    r = d.run(exact);
    CHECK(r.total == 0);
    REQUIRE(r.did_you_mean);
    CHECK(r.did_you_mean->query == "scheduling");
    CHECK_FALSE(r.did_you_mean->applied);
    // A word known only in another form is no typo: "experts" (the index has "expert").
    CHECK_FALSE(d.query("experts").did_you_mean);
    // Nothing near enough to correct to: no suggestion.
    CHECK_FALSE(d.query("xqzvbn").did_you_mean);
    // Known words are left alone.
    CHECK_FALSE(d.query("gpu scheduling").did_you_mean);
}

TEST_CASE("like: papers most like a given one, by relevance feedback", "[search]") {
    DefaultIndex d;
    SearchRequest r;
    r.like = "lucid";
    auto res = d.run(r);
    REQUIRE(res.hits.size() >= 2);
    CHECK(Ids{res.hits[0].paper.id, res.hits[1].paper.id} == Ids{"shockwave", "gavel"});  // the other schedulers
    CHECK(ids(res).count("lucid") == 0);                                                 // never itself
    r.like = "spada";
    res = d.run(r);
    REQUIRE_FALSE(res.hits.empty());
    CHECK(res.hits[0].paper.id == "magicube");  // the other sparse-matrix paper
    // Filters and words narrow it like any search.
    r.like = "lucid";
    r.filters["venue"] = {"osdi"};
    CHECK(d.run(r).hits.at(0).paper.id == "gavel");
    r = {};
    r.like = "lucid";
    r.query = "fair";
    CHECK(ids(d.run(r)) == Ids{"shockwave"});
    r.query.clear();
    r.like = "no-such-paper";
    CHECK_THROWS_WITH(d.run(r), Catch::Contains("no paper with id 'no-such-paper'"));
}

// Regression: Xapian 1.4.22 crashed (SIGSEGV) when asked to check every
// document while a query word was in all of them and the page was shorter.
TEST_CASE("a word every paper has is searched, a page at a time, with exact counts", "[search]") {
    test::TempDir tmp;
    std::vector<Paper> papers;
    for (int i = 0; i < 300; ++i) {
        Paper p;
        p.id = "p" + std::to_string(i);
        p.title = "Alpha paper number " + std::to_string(i);
        p.abstract = "alpha beta gamma, words " + std::to_string(i);
        p.venue = i % 2 ? "OSDI" : "NSDI";
        papers.push_back(p);
    }
    build_index(tmp.str(), papers);
    const auto index = Index::open(tmp.str());
    for (const std::string q : {"alpha", "alpha beta", "alpha paper"}) {
        INFO(q);
        SearchRequest r;
        r.query = q;
        const auto result = index.search(r);
        CHECK(result.hits.size() == 10);
        CHECK(result.total == 300);
        CHECK(result.exact);
        CHECK(result.facets.at("venue").at("OSDI") == 150);
        CHECK(result.facets.at("venue").at("NSDI") == 150);
    }
}

TEST_CASE("index: for_each_paper visits every paper once, with its record", "[search]") {
    const auto papers = read_lists({test::default_list()}, test::venues()).papers;
    const test::TestIndex index(papers);
    std::map<std::string, std::string> seen;  // id -> title
    std::size_t visits = 0;
    index.index().for_each_paper([&](const Paper& p) {
        ++visits;
        seen.emplace(p.id, p.title);
    });
    CHECK(visits == papers.size());
    REQUIRE(seen.size() == papers.size());
    for (const auto& p : papers) CHECK(seen.at(p.id) == p.title);
    // An exception from the visitor stops the walk.
    std::size_t before_throw = 0;
    CHECK_THROWS_AS(index.index().for_each_paper([&](const Paper&) {
                        if (++before_throw == 3) throw std::runtime_error("stop");
                    }),
                    std::runtime_error);
    CHECK(before_throw == 3);
}

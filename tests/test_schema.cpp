// The field registry (src/index/schema.hpp): every filter row is indexed,
// searchable as `name:value` and as a request filter, counted as a facet and
// listed in the index's metadata, from its row alone. A new row is covered by
// the generic cases here; its own test says what its values are.

#include "fixtures.hpp"

#include "index/schema.hpp"

#include <aisys/error.hpp>
#include <aisys/search.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <set>

using namespace aisys;

namespace {

std::vector<Paper> three_papers() {
    auto a = test::make_paper("alpha", "Alpha: scheduling clusters", "", "", "OSDI", 2020);
    a.categories = {"Schedule"};
    a.authors = {"Ada Lovelace"};
    a.listings = {{"lists/one.md", {"Schedule"}, 3}};
    auto b = test::make_paper("beta", "Beta: serving models", "", "", "NSDI", 2022);
    b.categories = {"Serving", "Schedule"};
    b.authors = {"Grace Hopper"};
    b.listings = {{"lists/two.md", {"Serving"}, 7}};
    auto c = test::make_paper("gamma", "Gamma: compiling kernels", "", "", "OSDI", 2023);
    c.categories = {"Compiler"};
    c.kind = std::string(k_kind_project);
    c.listings = {{"lists/one.md", {"Compiler"}, 9}, {"lists/two.md", {"Compiler"}, 12}};
    return {a, b, c};
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::set<std::string> ids(const SearchResult& r) {
    std::set<std::string> out;
    for (const auto& h : r.hits) out.insert(h.paper.id);
    return out;
}

// The papers whose row values include `value`, by the row's own function.
std::set<std::string> expected(const schema::FilterField& f, const std::vector<Paper>& papers, const std::string& value) {
    std::set<std::string> out;
    for (const auto& p : papers)
        for (const auto& v : f.values(p))
            if (v == value) out.insert(p.id);
    return out;
}

} // namespace

TEST_CASE("schema: every filter row filters by request, by query syntax and counts as its facet", "[schema]") {
    const auto papers = three_papers();
    test::TestIndexOptions options;
    options.sources = {"lists/one.md", "lists/two.md"};
    const test::TestIndex index(papers, options);
    const auto public_filters = filters();
    REQUIRE(public_filters.size() == schema::k_filters.size());
    const auto fields = query_fields();
    for (std::size_t i = 0; i < schema::k_filters.size(); ++i) {
        const auto& f = schema::k_filters[i];
        const std::string name(f.name);
        INFO("filter " << name);
        CHECK(public_filters[i].name == name);
        CHECK(public_filters[i].facet == f.facet);
        CHECK(std::find(fields.begin(), fields.end(), name) != fields.end());
        std::set<std::string> values;
        for (const auto& p : papers)
            for (const auto& v : f.values(p)) values.insert(v);
        REQUIRE(values.size() >= 2);  // the fixture gives every row something to tell apart
        for (const auto& value : values) {
            INFO("value " << value);
            const auto want = expected(f, papers, value);
            SearchRequest by_request;
            by_request.filters[name] = {value};
            by_request.limit = 10;
            by_request.related = false;
            const auto r = index.run(by_request);
            CHECK(ids(r) == want);
            // In another case, as people type it.
            SearchRequest any_case = by_request;
            any_case.filters[name] = {upper(value)};
            CHECK(ids(index.run(any_case)) == want);
            // The query syntax: `name:value`, quoted when it has spaces.
            SearchRequest by_syntax;
            by_syntax.query = name + ":" + (value.find(' ') == std::string::npos ? value : "\"" + value + "\"");
            by_syntax.limit = 10;
            by_syntax.related = false;  // matches only
            CHECK(ids(index.run(by_syntax)) == want);
            if (f.facet) {
                SearchRequest all;
                all.query = "scheduling OR serving OR compiling";
                all.limit = 10;
                const auto counted = index.run(all);
                REQUIRE(counted.facets.count(name));
                CHECK(counted.facets.at(name).at(value) == want.size());
            }
        }
        if (!f.numeric) {
            SearchRequest unknown;
            unknown.filters[name] = {"no-such-value"};
            CHECK_THROWS_AS(index.run(unknown), QueryError);
        }
    }
}

TEST_CASE("schema: the index lists every filter's values in its metadata, as its row orders them", "[schema]") {
    const auto papers = three_papers();
    test::TestIndexOptions options;
    options.sources = {"lists/one.md", "lists/two.md", "lists/empty.md"};
    const test::TestIndex index(papers, options);
    const auto stats = index.index().stats();
    for (const auto& f : schema::k_filters) {
        if (f.meta.empty()) continue;
        const std::string key = std::string(f.meta).substr(std::string("aisys.").size());
        INFO("filter " << f.name << ", metadata " << key);
        REQUIRE(stats.metadata.count(key));
        std::vector<std::string> values;
        for (const auto& p : papers)
            for (const auto& v : f.values(p))
                if (std::find(values.begin(), values.end(), v) == values.end()) values.push_back(v);
        for (const auto& v : values) CHECK(stats.metadata.at(key).find("\"" + v + "\"") != std::string::npos);
    }
    // A list that gave no paper is still a list of the index.
    CHECK(stats.metadata.at("lists").find("\"empty.md\"") != std::string::npos);
    // Categories keep the order the papers give them; venues are sorted.
    CHECK(stats.metadata.at("categories") == R"(["Schedule","Serving","Compiler"])");
    CHECK(stats.metadata.at("venues") == R"(["NSDI","OSDI"])");
    // Every kind, though no paper here is "other": --kind other then finds none instead of failing.
    CHECK(stats.metadata.at("kinds") == R"(["other","paper","project"])");
}

TEST_CASE("schema: the rows' own values", "[schema]") {
    const auto papers = three_papers();
    CHECK(schema::filter("venue").values(papers[0]) == std::vector<std::string>{"OSDI"});
    CHECK(schema::filter("category").values(papers[1]) == std::vector<std::string>{"Serving", "Schedule"});
    CHECK(schema::filter("year").values(papers[2]) == std::vector<std::string>{"2023"});
    // Lists by file name, each once, though a paper is listed twice in one.
    auto twice = papers[2];
    twice.listings.push_back({"elsewhere/one.md", {}, 1});
    CHECK(schema::filter("list").values(twice) == std::vector<std::string>{"one.md", "two.md"});
    CHECK(schema::filter("kind").values(papers[0]) == std::vector<std::string>{"paper"});
    CHECK(schema::filter("kind").values(papers[2]) == std::vector<std::string>{"project"});
    CHECK(schema::filter("year").numeric);
    CHECK_THROWS_AS(schema::filter("nothing"), std::logic_error);
}

TEST_CASE("schema: text fields are all explained and queryable as their rows say", "[schema]") {
    const auto names = text_fields();
    REQUIRE(names.size() == schema::k_text_fields.size());
    const auto fields = query_fields();
    for (const auto& f : schema::k_text_fields) {
        CHECK(std::find(names.begin(), names.end(), std::string(f.name)) != names.end());
        if (f.query_prefix) CHECK(std::find(fields.begin(), fields.end(), std::string(f.name)) != fields.end());
    }
    // The repository name is a field --explain reports (it was missing from the printer's own list).
    const auto papers = three_papers();
    const test::TestIndex index(papers);
    const auto r = index.query(papers[0].repo.substr(papers[0].repo.rfind('/') + 1), 5, true);
    REQUIRE_FALSE(r.hits.empty());
    REQUIRE(r.hits[0].explanation);
    CHECK(r.hits[0].explanation->fields.count("repo"));
}

// Shards: one database, the same papers in local shards, those shards
// compacted into one, and shards served by xapian-tcpsrv all answer every
// search alike, field by field; a shard server that is down is named, or
// left out when partial results are allowed, and never hangs a search.

#include <aisys/error.hpp>
#include <aisys/index.hpp>
#include <aisys/search.hpp>

#include "corpora.hpp"
#include "fixtures.hpp"
#include "support.hpp"
#include "tcpsrv.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>

using namespace aisys;
namespace fs = std::filesystem;

namespace {

// Papers made for the comparison: generated ones (ties in plenty: the same
// words at the same counts), plus some that exercise spelling, synonyms,
// acronyms and title phrases.
std::vector<Paper> corpus() {
    auto papers = test::generated_corpus(300, 16);
    papers.push_back(test::make_paper("moe-serving", "Mixture of Experts Serving at Scale",
                                      "We serve a mixture of experts (MoE) model with expert parallelism."));
    papers.push_back(test::make_paper("gpu-sched", "GPU Scheduling for Deep Learning Clusters",
                                      "A scheduler for GPU clusters that trains deep learning jobs."));
    papers.push_back(test::make_paper("kv-cache", "Paged KV Cache Management", "PagedAttention for LLM inference."));
    return papers;
}

// The searches compared: the index's own words alone and together, phrases,
// fields, filters, sorting, paging, likeness, a misspelling and a synonym.
// Wildcards and sorting by year too, remote shards included.
std::vector<SearchRequest> requests(const std::string& dir) {
    const auto words = test::index_words(dir);
    std::vector<SearchRequest> out;
    auto add = [&](const std::string& q, auto&& tweak) {
        SearchRequest r;
        r.query = q;
        r.limit = 25;
        r.explain = true;
        tweak(r);
        out.push_back(r);
    };
    auto plain = [](SearchRequest&) {};
    for (std::size_t i = 0; i < words.size() && i < 40; i += 4) add(words[i].first, plain);
    for (std::size_t i = 0; i + 7 < words.size() && i < 60; i += 7) add(words[i].first + " " + words[i + 7].first, plain);
    add("\"gpu scheduling\"", plain);
    add("sched* gpu", plain);  // a wildcard, expanded over every shard at once
    add("compil* OR infer*", plain);
    add("title:sched* OR abstract:infer*", plain);
    add("title:scheduling OR abstract:cache", plain);
    add("mixture of experts", plain);
    add("schedulng clusters", plain);
    add("deep -learning", plain);
    add("", [](SearchRequest& r) { r.filters["year"] = {"2020..2023"}; });
    // Sorted by year with facets: over remote shards Xapian 1.4 counted some
    // matches of a search sorted by value twice (302 papers for 300 matches,
    // FacetSpies::count_alone), so the facets get a match of their own there.
    // Both sorts, with and without ranks (the relevance-then-year sort), a page
    // further on, a page holding every match, and the facets alone.
    add(words.at(1).first, [](SearchRequest& r) { r.sort = SortOrder::year; });
    add(words.at(2).first, [](SearchRequest& r) { r.sort = SortOrder::year_asc; r.offset = 5; });
    add(words.at(1).first + " " + words.at(8).first, [](SearchRequest& r) { r.sort = SortOrder::year; });
    add(words.at(2).first, [](SearchRequest& r) { r.sort = SortOrder::year; r.limit = 0; });
    add("scheduling", [](SearchRequest& r) { r.sort = SortOrder::year_asc; r.limit = 400; });
    add("", [](SearchRequest& r) { r.sort = SortOrder::year_asc; r.filters["year"] = {"2018..2024"}; });
    add(words.at(3).first, [](SearchRequest& r) { r.filters["kind"] = {"paper"}; });
    add("", [](SearchRequest& r) { r.like = "gpu-sched"; });
    add("kv cache paged", [](SearchRequest& r) { r.limit = 3; });
    return out;
}


void same_results(const SearchResult& a, const SearchResult& b) {
    CHECK(a.total == b.total);
    CHECK(a.exact == b.exact);
    CHECK(a.facets == b.facets);
    CHECK(a.did_you_mean.has_value() == b.did_you_mean.has_value());
    if (a.did_you_mean && b.did_you_mean) {
        CHECK(a.did_you_mean->query == b.did_you_mean->query);
        CHECK(a.did_you_mean->total == b.did_you_mean->total);
        CHECK(a.did_you_mean->applied == b.did_you_mean->applied);
    }
    REQUIRE(a.synonyms.size() == b.synonyms.size());
    for (std::size_t i = 0; i < a.synonyms.size(); ++i) {
        CHECK(a.synonyms[i].phrase == b.synonyms[i].phrase);
        CHECK(a.synonyms[i].term == b.synonyms[i].term);
    }
    REQUIRE(a.hits.size() == b.hits.size());
    for (std::size_t i = 0; i < a.hits.size(); ++i) {
        const Hit& x = a.hits[i];
        const Hit& y = b.hits[i];
        INFO("hit " << i << ": " << x.paper.id << " / " << y.paper.id);
        CHECK(x.rank == y.rank);
        CHECK(x.score == Approx(y.score).margin(1e-9).epsilon(0));
        CHECK(paper_to_json(x.paper) == paper_to_json(y.paper));
        // Snippets too: their words are weighed alike in any layout (searcher.cpp's highlighter).
        CHECK(x.snippet == y.snippet);
        CHECK(x.highlights == y.highlights);
        CHECK(x.related == y.related);
        REQUIRE(x.explanation.has_value() == y.explanation.has_value());
        if (x.explanation) {
            CHECK(x.explanation->fields == y.explanation->fields);
            CHECK(x.explanation->all_terms == y.explanation->all_terms);
            CHECK(x.explanation->title_phrase == y.explanation->title_phrase);
            CHECK(x.explanation->relevance == Approx(y.explanation->relevance).margin(1e-9).epsilon(0));
        }
    }
}

void same_answers(const Index& one, const Index& other, const std::vector<SearchRequest>& searches) {
    for (const auto& r : searches) {
        INFO("query '" << r.query << "' like '" << r.like << "'");
        same_results(one.search(r), other.search(r));
    }
    std::vector<std::string> a, b;
    one.for_each_paper([&](const Paper& p) { a.push_back(p.id); });
    other.for_each_paper([&](const Paper& p) { b.push_back(p.id); });
    CHECK(a == b);
    CHECK(one.stats().papers == other.stats().papers);
    CHECK(one.stats().facets == other.stats().facets);
}

std::string generation_of(const fs::path& db) {
    std::istringstream stub(test::slurp((db / "XAPIANDB").string()));
    std::string backend, generation;
    stub >> backend >> generation;
    return generation;
}

} // namespace

TEST_CASE("shards: one database, local shards and the compacted shards answer alike", "[shards]") {
    const auto papers = corpus();
    test::TempDir one, sharded, compacted;
    test::build_test_index(one.str(), papers);
    test::build_test_index(sharded.str(), papers, {.shards = 3});
    test::build_test_index(compacted.str(), papers, {.shards = 3});

    // The sharded generation: a stub listing meta and three shards, each a plain database.
    const fs::path generation = sharded.path() / generation_of(sharded.path());
    CHECK(test::slurp((sharded.path() / "XAPIANDB").string()).rfind("auto gen-", 0) == 0);
    for (const char* part : {"meta", "shard-0", "shard-1", "shard-2"}) CHECK(fs::exists(generation / part / "iamglass"));
    std::size_t in_shards = 0;
    for (int k = 0; k < 3; ++k) {
        const Xapian::Database shard((generation / ("shard-" + std::to_string(k))).string());
        CHECK(shard.get_doccount() > 50);  // the hash spreads them
        in_shards += shard.get_doccount();
    }
    CHECK(in_shards == papers.size());

    const CompactReport report = compact_index(compacted.str());
    CHECK(report.shards == 3);
    CHECK(report.papers == papers.size());
    CHECK(fs::exists(compacted.path() / report.generation / "iamglass"));  // one database now
    CHECK(compact_index(compacted.str()).shards == 0);                     // nothing left to merge

    const Index a = Index::open(one.str());
    const Index b = Index::open(sharded.str());
    const Index c = Index::open(compacted.str());
    const auto searches = requests(one.str());
    {
        INFO("one database vs three shards");
        same_answers(a, b, searches);
    }
    {
        INFO("one database vs the shards compacted");
        same_answers(a, c, searches);
    }
}

TEST_CASE("shards: an incremental sharded build touches only the papers that changed", "[shards]") {
    auto papers = corpus();
    test::TempDir one, sharded;
    test::build_test_index(one.str(), papers);
    test::build_test_index(sharded.str(), papers, {.shards = 2});
    papers[10].title += " revised";
    papers.erase(papers.begin() + 20);
    papers.push_back(test::make_paper("late-arrival", "A Late Arrival on Cluster Scheduling"));
    test::build_test_index(one.str(), papers);
    BuildOptions options;
    options.shards = 2;
    options.mine_acronyms = true;
    const SynonymTable synonyms = SynonymTable::load(test::synonym_table());
    options.synonyms = &synonyms;
    options.venues = &test::venues();
    const BuildReport report = build_index(sharded.str(), papers, options);
    CHECK(report.incremental);
    CHECK(report.added == 1);
    CHECK(report.changed == 1);
    CHECK(report.removed == 1);
    CHECK(report.unchanged == papers.size() - 2);
    same_answers(Index::open(one.str()), Index::open(sharded.str()), requests(one.str()));
}


TEST_CASE("shards: two shards served by xapian-tcpsrv answer as one local database", "[shards]") {
    const auto papers = corpus();
    test::TempDir one, sharded, reader;
    test::build_test_index(one.str(), papers);
    test::build_test_index(sharded.str(), papers, {.shards = 2});
    const fs::path generation = sharded.path() / generation_of(sharded.path());
    test::TcpServer first(generation / "shard-0");
    test::TcpServer second(generation / "shard-1");
    // The reader keeps meta (metadata, spelling, synonyms) and lists the servers.
    // The first in the spelling, the second in Xapian's.
    test::write_file(reader.path() / "XAPIANDB", "# aisys-search shards\nglass " + (generation / "meta").string() +
                                                    "\nremote :tcp 127.0.0.1 " + std::to_string(first.port()) + "\n" +
                                                    second.stub_line() + "\n");

    const Index local = Index::open(one.str());
    {
        const Index remote = Index::open(reader.str());
        same_answers(local, remote, requests(one.str()));
        SearchRequest r;
        r.query = "gpu scheduling";
        CHECK(remote.search(r).missing_shards.empty());
        CHECK(remote.find("gpu-sched").has_value());
    }

    // A server that accepts but never answers: the per-answer timeout ends it.
    second.pause();
    OpenOptions quick;
    quick.timeout_ms = 300;
    quick.connect_timeout_ms = 300;
    try {
        (void)Index::open(reader.str(), quick);
        FAIL("a paused shard server was not noticed");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("127.0.0.1:" + std::to_string(second.port())) != std::string::npos);
        CHECK(e.kind() == ErrorKind::network);
    }

    // A server that is down: named, or left out with partial results marked.
    second.stop();
    try {
        (void)Index::open(reader.str());
        FAIL("a shard server that is down was not noticed");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("shard remote 127.0.0.1:" + std::to_string(second.port()) + " ") != std::string::npos);
    }
    OpenOptions partial;
    partial.allow_partial = true;
    const Index half = Index::open(reader.str(), partial);
    SearchRequest r;
    r.query = "gpu scheduling";
    const SearchResult result = half.search(r);
    CHECK(result.missing_shards == std::vector<std::string>{second.stub_line()});
    CHECK(result.total < local.search(r).total);
}

TEST_CASE("shards: a reader's list of shards is refused as a place to build", "[shards]") {
    test::TempDir reader;
    test::write_file(reader.path() / "XAPIANDB", "# aisys-search shards\nremote 127.0.0.1:1\n");
    CHECK_THROWS_WITH(build_index(reader.str(), std::vector<Paper>{test::make_paper("a", "A")}),
                      Catch::Contains("lists shards kept elsewhere"));
    test::write_file(reader.path() / "XAPIANDB", "# aisys-search shards\nremote nowhere\n");
    CHECK_THROWS_WITH(Index::open(reader.str()), Catch::Contains("line 2 is not 'glass PATH' or 'remote HOST:PORT'"));
}

// The command line: `index --shards 2`, `compact` and `--allow-partial`
// through the real binary, the answers the same before and after compacting.
TEST_CASE("shards: index --shards and compact through the binary", "[shards][cli]") {
    test::TempDir tmp;
    const std::string db = (tmp.path() / "db").string();
    const std::map<std::string, std::string> env = {{"AISYS_DB", db}, {"AISYS_OFFLINE", "1"},
                                                    {"XDG_CACHE_HOME", (tmp.path() / "cache").string()}};
    const auto built = test::run_cli({"index", "--list", test::fixture("list.md"), "--shards", "2", "--quiet"}, env);
    INFO(built.err);
    REQUIRE(built.exit_code == 0);
    const fs::path generation = tmp.path() / "db" / generation_of(tmp.path() / "db");
    CHECK(fs::exists(generation / "shard-1" / "iamglass"));
    const auto before = test::run_cli({"training OR serving", "--json", "--limit", "50"}, env);
    REQUIRE(before.exit_code == 0);
    CHECK(nlohmann::json::parse(before.out).at("partial") == false);

    const auto compacted = test::run_cli({"compact"}, env);
    INFO(compacted.err);
    REQUIRE(compacted.exit_code == 0);
    CHECK(compacted.out.rfind("merged 2 shards of " + db + " into one database (", 0) == 0);
    CHECK(fs::exists(tmp.path() / "db" / generation_of(tmp.path() / "db") / "iamglass"));
    CHECK(test::run_cli({"training OR serving", "--json", "--limit", "50"}, env).out == before.out);
    CHECK(test::run_cli({"compact"}, env).out.rfind(db + " is one database already (", 0) == 0);
}

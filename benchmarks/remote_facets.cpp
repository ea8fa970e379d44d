// Facets of a search sorted by value over remote shards: the cause, with no
// aisys code, and what counting them in a match of their own costs.
//
// Part 1: two databases of 150 documents served by xapian-tcpsrv, one
// ValueCountMatchSpy, each sort order, pages of 0, 25 and 300. Xapian
// 1.4.22's client counts again, on its own side, the page candidates the
// servers send that sort below the page's last (multimatch.cc), so the spy
// sees more documents than match for a page of 25 sorted by value.
// Part 2: `--papers N` generated papers in two shards served by
// xapian-tcpsrv, the index's commonest words searched through aisys
// (Index::search) sorted by year with facets, without them, and by relevance
// with facets; the median and p95 ms of each, and whether every facet counts
// as many papers as match.
//
//   remote_facets [--papers 10000] [--rounds 5]

#include <aisys/index.hpp>
#include <aisys/search.hpp>

#include "corpora.hpp"
#include "fixtures.hpp"
#include "support.hpp"
#include "tcpsrv.hpp"

#include <CLI/CLI.hpp>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace aisys;

namespace {

void bare_xapian() {
    test::TempDir dir;
    for (int d = 0; d < 2; ++d) {
        Xapian::WritableDatabase db((dir.path() / ("db" + std::to_string(d))).string(), Xapian::DB_CREATE_OR_OVERWRITE);
        for (int i = 0; i < 150; ++i) {
            Xapian::Document doc;
            doc.add_term("word", static_cast<Xapian::termcount>(1 + (i * 7 + d) % 5));
            doc.add_value(0, Xapian::sortable_serialise(2000 + (i * 13 + d) % 15));
            db.add_document(doc);
        }
        db.commit();
    }
    const test::TcpServer a(dir.path() / "db0"), b(dir.path() / "db1");
    Xapian::Database db;
    db.add_database(Xapian::Remote::open("127.0.0.1", a.port()));
    db.add_database(Xapian::Remote::open("127.0.0.1", b.port()));
    std::printf("bare Xapian %s, two remote databases, 300 matches:\n", Xapian::version_string());
    for (const char* sort : {"relevance", "value then relevance", "relevance then value", "value"}) {
        std::printf("  %-21s", sort);
        for (const Xapian::doccount page : {0u, 25u, 300u}) {
            Xapian::Enquire enquire(db);
            enquire.set_query(Xapian::Query("word"));
            const std::string s = sort;
            if (s == "value then relevance") enquire.set_sort_by_value_then_relevance(0, true);
            if (s == "relevance then value") enquire.set_sort_by_relevance_then_value(0, true);
            if (s == "value") enquire.set_sort_by_value(0, true);
            Xapian::ValueCountMatchSpy spy(0);
            enquire.add_matchspy(&spy);
            const Xapian::MSet mset = enquire.get_mset(0, page, db.get_doccount());
            std::printf("  page %3u: spy saw %zu of %u", page, static_cast<std::size_t>(spy.get_total()), mset.get_matches_estimated());
        }
        std::printf("\n");
    }
}

std::string generation_of(const fs::path& db) {
    std::ifstream stub(db / "XAPIANDB");
    std::string backend, generation;
    stub >> backend >> generation;
    return generation;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

void through_aisys(std::size_t papers, unsigned rounds) {
    test::TempDir built, reader;
    test::build_test_index(built.str(), test::generated_corpus(papers, 16), {.mine_acronyms = true, .sources = {}, .threads = 0, .shards = 2});
    const fs::path generation = built.path() / generation_of(built.path());
    const test::TcpServer a(generation / "shard-0"), b(generation / "shard-1");
    std::ofstream(reader.path() / "XAPIANDB") << "# aisys-search shards\nglass " << (generation / "meta").string()
                                              << "\nremote 127.0.0.1:" << a.port() << "\nremote 127.0.0.1:" << b.port() << "\n";
    const Index index = Index::open(reader.str());
    std::vector<std::string> words;
    for (const auto& [word, count] : test::index_words(built.str()))
        if (words.size() < 20) words.push_back(word);
    struct Way {
        const char* name;
        SortOrder sort;
        bool facets;
    };
    std::printf("aisys, %zu generated papers in 2 shards served by xapian-tcpsrv, %zu words x %u rounds:\n", papers,
                words.size(), rounds);
    for (const Way way : {Way{"year, facets", SortOrder::year, true}, Way{"year, no facets", SortOrder::year, false},
                          Way{"relevance, facets", SortOrder::relevance, true}}) {
        std::vector<double> ms;
        std::size_t wrong = 0;
        for (unsigned round = 0; round < rounds; ++round)
            for (const auto& word : words) {
                SearchRequest r;
                r.query = word;
                r.sort = way.sort;
                r.facets = way.facets;
                r.snippets = false;
                const auto start = std::chrono::steady_clock::now();
                const SearchResult result = index.search(r);
                ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
                if (way.facets) {
                    std::size_t counted = 0;
                    for (const auto& [kind, n] : result.facets.at("kind")) counted += n;
                    if (counted != result.total) ++wrong;
                }
            }
        std::printf("  %-18s p50 %7.2f ms  p95 %7.2f ms  facets counting other than the total: %zu\n", way.name,
                    percentile(ms, 0.5), percentile(ms, 0.95), wrong);
    }
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app("Facets of a search sorted by value over remote shards");
    std::size_t papers = 10000;
    unsigned rounds = 5;
    app.add_option("--papers", papers, "generated papers, in two shards")->check(CLI::Range(1, 1000000));
    app.add_option("--rounds", rounds, "times each word is searched")->check(CLI::Range(1, 1000));
    CLI11_PARSE(app, argc, argv);
    try {
        bare_xapian();
        through_aisys(papers, rounds);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "remote_facets: %s\n", e.what());
        return 1;
    }
}

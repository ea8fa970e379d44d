// What search::guarded() costs the matcher: the same queries with and without
// it, on a generated index of the soak tests (tests/corpora.hpp). Plain ORs of
// 1-4 frequent words (shapes without OP_MAX, which Xapian 1.4.22 runs safely
// unguarded), the top 10 of each, CPU time per query.
//
//   guard_bench [PAPERS [QUERIES]]      (default 5000 papers, 3000 queries)

#include <CLI/CLI.hpp>

#include "corpora.hpp"

#include "index/schema.hpp"
#include "index/store.hpp"
#include "search/matcher.hpp"

#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <random>
#include <string>
#include <unistd.h>
#include <vector>

namespace {

double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

} // namespace

int main(int argc, char** argv) {
    std::size_t papers = 5000, count = 3000;
    CLI::App app{"What search::guarded() costs the matcher", "guard_bench"};
    app.add_option("papers", papers, "Generated papers")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("queries", count, "Queries")->capture_default_str()->check(CLI::PositiveNumber);
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    const auto dir = std::filesystem::temp_directory_path() / ("aisys-guard-bench-" + std::to_string(::getpid()));
    aisys::test::build_corpus_index(dir.string(), aisys::test::generated_corpus(papers, 42), "generated.md");
    const auto words = aisys::test::index_words(dir.string());
    const Xapian::Database db((dir / aisys::store::current_generation(dir)).string());
    std::vector<Xapian::Query> queries;
    std::mt19937 rng(1);
    for (std::size_t i = 0; i < count; ++i) {
        std::vector<Xapian::Query> terms;
        for (std::size_t j = 0; j <= i % 4; ++j) terms.emplace_back(words[rng() % std::min<std::size_t>(200, words.size())].first);
        queries.emplace_back(Xapian::Query::OP_OR, terms.begin(), terms.end());
    }
    std::printf("%zu papers, %zu queries (OR of 1-4 of the 200 most frequent words), top 10 each\n", papers, count);
    for (int round = 0; round < 2; ++round)
        for (const bool guard : {false, true}) {
            const double start = cpu_seconds();
            std::size_t found = 0;
            for (const auto& q : queries) {
                Xapian::Enquire e(db);
                if (guard) e = aisys::search::enquire(db, q);
                else {
                    e.set_query(q);
                    e.set_weighting_scheme(aisys::schema::weighting());
                }
                found += e.get_mset(0, 10).size();
            }
            const double per = (cpu_seconds() - start) / static_cast<double>(count) * 1e3;
            std::printf("round %d %-9s %.4f ms CPU a query (%zu hits)\n", round + 1, guard ? "guarded" : "unguarded", per, found);
        }
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
}

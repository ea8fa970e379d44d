// What the related papers that fill a short first page cost, and which
// papers they are: serve_bench's queries (one or two words of the index's
// own titles, the same fixed seed), each searched with and without the fill
// in one process, one at a time. The fill's time is the difference, in CPU
// time (the least of three runs).
//
//   related_bench --db DIR [--queries 500] [--dump FILE] [--compare FILE]
//
// --dump writes each filled query's related ids (one line: the query, a
// tab, the ids); --compare reads such a file, made by another version, and
// says how many of its related papers this version shows too: how a cheaper
// fill changes what it finds.

#include <CLI/CLI.hpp>

#include <aisys/search.hpp>

#include <algorithm>
#include <ctime>
#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "title_queries.hpp"

namespace {

// serve_bench's queries: the same words in the same order.
std::vector<std::string> make_queries(const aisys::Index& index, std::size_t n) { return title_queries(index, n); }

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

double cpu_ms() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) / 1e6;
}

// The search's CPU time, the least of three: the machine this runs on is
// shared, and wall time there measures the neighbours too.
double search_ms(const aisys::Index& index, aisys::SearchRequest request, bool related, aisys::SearchResult& out) {
    request.related = related;
    double best = 0;
    for (int i = 0; i < 3; ++i) {
        const double t = cpu_ms();
        out = index.search(request);
        const double ms = cpu_ms() - t;
        if (i == 0 || ms < best) best = ms;
    }
    return best;
}

} // namespace

int main(int argc, char** argv) {
    std::string db, dump, compare;
    std::size_t count = 500;
    CLI::App app{"What the related papers filling a short first page cost, and which they are", "related_bench"};
    app.add_option("--db", db, "The index folder")->required();
    app.add_option("--queries", count, "Queries")->capture_default_str()->check(CLI::PositiveNumber);
    app.add_option("--dump", dump, "Write each filled query's related ids to this file");
    app.add_option("--compare", compare, "A --dump file of another version: how many of its related papers are shown here too");
    CLI11_PARSE(app, argc, argv);

    const aisys::Index index = aisys::Index::open(db);
    const auto queries = make_queries(index, count);
    std::map<std::string, std::vector<std::string>> shown;  // query -> related ids
    std::vector<double> fill_ms, plain_ms;
    std::vector<std::pair<double, std::string>> slowest;  // (fill ms, query)
    std::size_t filled = 0;
    for (int round = 0; round < 2; ++round) {  // the first round reads the index into the page cache
        fill_ms.clear();
        plain_ms.clear();
        slowest.clear();
        filled = 0;
        for (const auto& q : queries) {
            aisys::SearchRequest request;
            request.query = q;
            request.snippets = false;
            request.facets = false;
            aisys::SearchResult with, without;
            const double plain = search_ms(index, request, false, without);
            const double full = search_ms(index, request, true, with);
            plain_ms.push_back(plain);
            if (with.hits.size() == without.hits.size()) continue;  // nothing to fill, or nothing found
            ++filled;
            fill_ms.push_back(std::max(0.0, full - plain));
            slowest.emplace_back(full - plain, q);
            auto& ids = shown[q];
            ids.clear();
            for (const auto& hit : with.hits)
                if (hit.related) ids.push_back(hit.paper.id);
        }
    }
    std::printf("%zu queries, %zu with a short first page filled; search without the fill: p50 %.2f ms, p99 %.2f ms\n",
                queries.size(), filled, percentile(plain_ms, 0.5), percentile(plain_ms, 0.99));
    std::printf("the fill: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", percentile(fill_ms, 0.5),
                percentile(fill_ms, 0.9), percentile(fill_ms, 0.99), percentile(fill_ms, 1.0));
    std::sort(slowest.rbegin(), slowest.rend());
    std::printf("slowest fills:");
    for (std::size_t i = 0; i < slowest.size() && i < 5; ++i) std::printf(" \"%s\" %.1f ms;", slowest[i].second.c_str(), slowest[i].first);
    std::printf("\n");
    if (!dump.empty()) {
        std::ofstream out(dump);
        for (const auto& [q, ids] : shown) {
            out << q << '\t';
            for (const auto& id : ids) out << id << ' ';
            out << '\n';
        }
    }
    if (!compare.empty()) {
        std::ifstream in(compare);
        std::size_t theirs = 0, kept = 0, first_kept = 0, queries_compared = 0;
        for (std::string line; std::getline(in, line);) {
            const auto tab = line.find('\t');
            if (tab == std::string::npos) continue;
            const auto here = shown.find(line.substr(0, tab));
            if (here == shown.end()) continue;
            ++queries_compared;
            const std::set<std::string> mine(here->second.begin(), here->second.end());
            std::istringstream ids(line.substr(tab + 1));
            bool first = true;
            for (std::string id; ids >> id; first = false) {
                ++theirs;
                if (mine.count(id)) {
                    ++kept;
                    if (first) ++first_kept;
                }
            }
        }
        std::printf("against %s: %zu queries, %zu of their %zu related papers shown here too (%.1f%%); their first in %zu\n",
                    compare.c_str(), queries_compared, kept, theirs, theirs ? 100.0 * static_cast<double>(kept) / static_cast<double>(theirs) : 0.0,
                    first_kept);
    }
    return 0;
}

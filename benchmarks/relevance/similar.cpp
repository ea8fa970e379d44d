#include "relevance/similar.hpp"

#include <aisys/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

namespace aisys::bench {

namespace {

constexpr std::size_t k_ndcg_depth = 10;
constexpr std::size_t k_map_depth = 50;

struct Seed {
    std::string id;
    std::map<std::string, int> gains;  // the other papers of its queries: id -> best grade
};

// Every paper graded 2 for some query, with the other papers judged for any of those queries.
std::vector<Seed> seeds_of(const std::vector<Judged>& queries) {
    std::map<std::string, Seed> by_id;
    for (const auto& q : queries)
        for (const auto& [id, grade] : q.grades) {
            if (grade != 2) continue;
            Seed& s = by_id[id];
            s.id = id;
            for (const auto& [other, g] : q.grades)
                if (other != id) s.gains[other] = std::max(s.gains[other], g);
        }
    std::vector<Seed> seeds;
    for (auto& [id, s] : by_id)
        if (!s.gains.empty()) seeds.push_back(std::move(s));
    return seeds;
}

struct SeedScore {
    double ap = 0;
    double ndcg = 0;
    std::size_t alike = 0;     // what `similar` counts
    std::size_t judged = 0;    // of its returned papers (at most k_map_depth), how many are judged for the seed
    std::size_t returned = 0;
};

SeedScore score(const Seed& s, const std::vector<std::string>& ranked, std::size_t total) {
    SeedScore out;
    out.alike = total;
    out.returned = ranked.size();
    std::size_t hits = 0;
    double dcg = 0;
    for (std::size_t r = 0; r < ranked.size(); ++r) {
        const auto it = s.gains.find(ranked[r]);
        const int g = it == s.gains.end() ? 0 : it->second;
        if (g > 0) {
            ++hits;
            out.ap += double(hits) / double(r + 1);
        }
        if (r < k_ndcg_depth) dcg += g / std::log2(double(r) + 2);
    }
    out.judged = hits;
    out.ap /= double(s.gains.size());
    std::vector<int> ideal;
    for (const auto& [id, g] : s.gains) ideal.push_back(g);
    std::sort(ideal.rbegin(), ideal.rend());
    double idcg = 0;
    for (std::size_t r = 0; r < ideal.size() && r < k_ndcg_depth; ++r) idcg += ideal[r] / std::log2(double(r) + 2);
    out.ndcg = idcg > 0 ? dcg / idcg : 0;
    return out;
}

} // namespace

int evaluate_similar(const Index& index, const std::vector<Judged>& queries, bool verbose, bool markdown) {
    const std::vector<Seed> seeds = seeds_of(queries);
    SeedScore sum;
    double precision = 0;  // judged share of what is returned, over seeds that return something
    std::size_t returning = 0;
    for (const auto& s : seeds) {
        SearchRequest request;
        request.like = s.id;
        request.limit = k_map_depth;
        request.snippets = false;
        std::vector<std::string> ranked;
        std::size_t total = 0;
        try {
            const SearchResult result = index.search(request);
            for (const auto& hit : result.hits) ranked.push_back(hit.paper.id);
            total = result.total;
        } catch (const QueryError& e) {
            std::fprintf(stderr, "note: similar %s refused: %s; scored as no results\n", s.id.c_str(), e.what());
        }
        const SeedScore one = score(s, ranked, total);
        sum.ap += one.ap, sum.ndcg += one.ndcg, sum.alike += one.alike;
        sum.judged += one.judged, sum.returned += one.returned;
        if (one.returned > 0) {
            precision += double(one.judged) / double(one.returned);
            ++returning;
        }
        if (verbose) {
            std::string top;
            for (std::size_t r = 0; r < ranked.size() && r < 5; ++r) {
                const auto it = s.gains.find(ranked[r]);
                top += (top.empty() ? "" : " ") + ranked[r] + "(" + std::to_string(it == s.gains.end() ? 0 : it->second) + ")";
            }
            std::printf("%s: AP %.3f nDCG@10 %.3f alike %zu, found %zu of %zu judged\n  %s\n", s.id.c_str(), one.ap,
                        one.ndcg, one.alike, one.judged, s.gains.size(), top.c_str());
        }
    }
    const double n = double(std::max<std::size_t>(seeds.size(), 1));
    if (markdown)
        std::printf("| seeds | MAP@%zu | nDCG@%zu | alike (mean count) | judged share of returned | judged found |\n"
                    "| ---: | ---: | ---: | ---: | ---: | ---: |\n| %zu | %.3f | %.3f | %.1f | %.3f | %.1f |\n",
                    k_map_depth, k_ndcg_depth, seeds.size(), sum.ap / n, sum.ndcg / n, double(sum.alike) / n,
                    returning ? precision / double(returning) : 0.0, double(sum.judged) / n);
    else
        std::printf("similar: %zu seeds\nMAP@%zu %.3f\nnDCG@%zu %.3f\nalike (mean count) %.1f\n"
                    "judged share of returned %.3f\njudged found (mean) %.1f\n",
                    seeds.size(), k_map_depth, sum.ap / n, k_ndcg_depth, sum.ndcg / n, double(sum.alike) / n,
                    returning ? precision / double(returning) : 0.0, double(sum.judged) / n);
    return 0;
}

} // namespace aisys::bench

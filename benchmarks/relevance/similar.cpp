#include "relevance/similar.hpp"

#include <aisys/error.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace aisys::bench {

namespace {

constexpr std::size_t k_ndcg_depth = 10;
constexpr std::size_t k_map_depth = 50;
constexpr std::size_t k_all = 100000;  // a page holding every paper `similar` counts

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

int gain(const Seed& s, const std::string& id) {
    const auto it = s.gains.find(id);
    return it == s.gains.end() ? 0 : it->second;
}

// Average precision over the first k_map_depth, against every judged paper.
double average_precision(const Seed& s, const std::vector<std::string>& ranked) {
    std::size_t hits = 0;
    double sum = 0;
    for (std::size_t r = 0; r < ranked.size() && r < k_map_depth; ++r)
        if (gain(s, ranked[r]) > 0) sum += double(++hits) / double(r + 1);
    return sum / double(s.gains.size());
}

double ndcg(const Seed& s, const std::vector<std::string>& ranked) {
    double dcg = 0;
    for (std::size_t r = 0; r < ranked.size() && r < k_ndcg_depth; ++r) dcg += gain(s, ranked[r]) / std::log2(double(r) + 2);
    std::vector<int> ideal;
    for (const auto& [id, g] : s.gains) ideal.push_back(g);
    std::sort(ideal.rbegin(), ideal.rend());
    double idcg = 0;
    for (std::size_t r = 0; r < ideal.size() && r < k_ndcg_depth; ++r) idcg += ideal[r] / std::log2(double(r) + 2);
    return idcg > 0 ? dcg / idcg : 0;
}

std::vector<std::string> similar(const Index& index, const std::string& id, bool alike_only, std::size_t limit) {
    SearchRequest request;
    request.like = id;
    request.alike_only = alike_only;
    request.limit = limit;
    request.snippets = false;
    request.facets = false;
    std::vector<std::string> ids;
    try {
        for (const auto& hit : index.search(request).hits) ids.push_back(hit.paper.id);
    } catch (const QueryError& e) {
        std::fprintf(stderr, "note: similar %s refused: %s; scored as no results\n", id.c_str(), e.what());
    }
    return ids;
}

struct Sums {
    double ap = 0, ndcg = 0, ndcg_alike = 0, alike = 0, precision = 0, recall = 0, f1 = 0;
};

} // namespace

int evaluate_similar(const Index& index, const std::vector<Judged>& queries, bool verbose, bool markdown) {
    const std::vector<Seed> seeds = seeds_of(queries);
    Sums sum;
    for (const auto& s : seeds) {
        // The ranking, every paper sharing a word; and what `similar` counts as alike.
        const auto ranked = similar(index, s.id, false, k_map_depth);
        const auto alike = similar(index, s.id, true, k_all);
        std::size_t judged_alike = 0;
        for (const auto& id : alike) judged_alike += gain(s, id) > 0;
        const double precision = alike.empty() ? 0 : double(judged_alike) / double(alike.size());
        const double recall = double(judged_alike) / double(s.gains.size());
        const double f1 = precision + recall > 0 ? 2 * precision * recall / (precision + recall) : 0;
        const double ap = average_precision(s, ranked), n = ndcg(s, ranked), na = ndcg(s, alike);
        sum.ap += ap, sum.ndcg += n, sum.ndcg_alike += na, sum.alike += double(alike.size());
        sum.precision += precision, sum.recall += recall, sum.f1 += f1;
        if (verbose) {
            std::string top;
            for (std::size_t r = 0; r < ranked.size() && r < 5; ++r)
                top += (top.empty() ? "" : " ") + ranked[r] + "(" + std::to_string(gain(s, ranked[r])) + ")";
            std::printf("%s: AP %.3f nDCG@10 %.3f; %zu alike, %zu of them among its %zu judged\n  %s\n", s.id.c_str(), ap,
                        n, alike.size(), judged_alike, s.gains.size(), top.c_str());
        }
    }
    const double n = double(std::max<std::size_t>(seeds.size(), 1));
    if (markdown)
        std::printf("| seeds | MAP@%zu | nDCG@%zu | nDCG@%zu of the alike | alike (mean) | precision | recall | F1 |\n"
                    "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
                    "| %zu | %.3f | %.3f | %.3f | %.1f | %.3f | %.3f | %.3f |\n",
                    k_map_depth, k_ndcg_depth, k_ndcg_depth, seeds.size(), sum.ap / n, sum.ndcg / n,
                    sum.ndcg_alike / n, sum.alike / n, sum.precision / n, sum.recall / n, sum.f1 / n);
    else
        std::printf("similar: %zu seeds\nranking: MAP@%zu %.3f, nDCG@%zu %.3f\n"
                    "alike: %.1f papers (mean), nDCG@%zu %.3f, precision %.3f, recall %.3f, F1 %.3f\n",
                    seeds.size(), k_map_depth, sum.ap / n, k_ndcg_depth, sum.ndcg / n, sum.alike / n, k_ndcg_depth,
                    sum.ndcg_alike / n, sum.precision / n, sum.recall / n, sum.f1 / n);
    return 0;
}

} // namespace aisys::bench

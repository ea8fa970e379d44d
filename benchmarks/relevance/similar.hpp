#pragma once
// `similar` on the judged set: for each paper judged "what the user wants"
// (grade 2) for some query, how high `similar` of it ranks the other papers
// judged for those queries. Run with benchmarks/relevance/run.sh --similar.

#include <aisys/search.hpp>

#include <map>
#include <string>
#include <vector>

namespace aisys::bench {

/// A judged query's grades: paper id -> 1 or 2 (unlisted papers are 0).
struct Judged {
    std::string qid;
    std::map<std::string, int> grades;
};

/// Prints MAP (over the papers `similar` returns, at most 50), nDCG@10, how
/// many papers `similar` counts as alike, and what part of those are judged
/// relevant to the seed; per seed too with `verbose`. Returns 0.
int evaluate_similar(const Index& index, const std::vector<Judged>& queries, bool verbose, bool markdown);

} // namespace aisys::bench

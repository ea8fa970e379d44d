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

/// Prints, means over the seeds: MAP@50 and nDCG@10 of the ranking (every
/// paper sharing a word, SearchRequest::alike_only off); and of what
/// `similar` counts as alike, how many, their nDCG@10, and their precision,
/// recall and F1 against the seed's judged papers. Per seed too with
/// `verbose`. Returns 0.
int evaluate_similar(const Index& index, const std::vector<Judged>& queries, bool verbose, bool markdown);

} // namespace aisys::bench

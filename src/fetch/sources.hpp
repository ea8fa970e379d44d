#pragma once
// Parsers for the answers of the abstract sources.

#include <optional>
#include <string>
#include <vector>

namespace aisys::fetch {

/// What an abstract source says about one paper.
struct PaperMatch {
    std::string title;
    std::string abstract;
    std::vector<std::string> authors;
    std::optional<int> year;
    std::string arxiv_id;  ///< without version
};

/// The entries of an arXiv API Atom feed (error entries skipped), titles and
/// summaries with their line breaks and runs of spaces collapsed.
/// Throws aisys::Error when the text is not an Atom feed.
std::vector<PaperMatch> parse_arxiv_feed(const std::string& xml);

/// The paper of a Semantic Scholar /paper/search/match answer, or nothing
/// when it has none. Throws aisys::Error when the text is not such an answer.
std::optional<PaperMatch> parse_s2_match(const std::string& json);

} // namespace aisys::fetch

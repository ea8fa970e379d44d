#pragma once
// Parsers for the answers of the abstract sources.

#include <aisys/paper.hpp>
#include <aisys/venue.hpp>

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
    std::string venue;     ///< as the source writes it (Semantic Scholar), or ""
    std::string doi;       ///< lower-cased (Semantic Scholar), or ""
};

/// The entries of an arXiv API Atom feed (error entries skipped), titles and
/// summaries with their line breaks and runs of spaces collapsed.
/// Throws aisys::Error when the text is not an Atom feed.
std::vector<PaperMatch> parse_arxiv_feed(const std::string& xml);

/// The paper of a Semantic Scholar lookup by id (/paper/DOI:...): one paper
/// object. Throws aisys::Error when the text is not such an answer.
PaperMatch parse_s2_paper(const std::string& json);

/// Completes `paper` with what a source says about it. What the list states
/// stays: the title, venue, year, authors, arXiv id and DOI are only filled
/// where the paper has none. A fetched abstract replaces the one-line
/// description a list may give an entry (lists give no abstracts). A fetched venue is taken only
/// when `venues` knows it (then canonical, with its kind), as the venue facet
/// would otherwise fill with names written every which way.
void complete_paper(Paper& paper, const PaperMatch& match, const VenueTable* venues);

/// The paper of a Semantic Scholar /paper/search/match answer, or nothing
/// when it has none. Throws aisys::Error when the text is not such an answer.
std::optional<PaperMatch> parse_s2_match(const std::string& json);

} // namespace aisys::fetch

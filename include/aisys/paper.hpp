#pragma once
// The paper record: what the catalogue reads, the index stores and search returns.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aisys {

/// Where a paper was listed: which list file or URL, under which headings, at
/// which line.
struct Listing {
    std::string list;                  ///< the list's path or URL as given
    std::vector<std::string> section;  ///< heading path, outermost first
    int line = 0;                      ///< 1-based line of the entry
};

/// What a list entry is: a paper; a software project without a paper
/// ("Open Source Projects"); or something else worth a link but not indexed
/// by default (a blog post, tutorial, course, video, talk, book, docs page).
inline constexpr std::string_view k_kind_paper = "paper";
inline constexpr std::string_view k_kind_project = "project";
inline constexpr std::string_view k_kind_other = "other";

/// One paper with everything known about it. Text fields are valid UTF-8.
struct Paper {
    std::string id;                       ///< stable slug, unique within an index
    std::string title;                    ///< cleaned title (braces stripped, mojibake repaired)
    std::string kind{k_kind_paper};       ///< k_kind_paper, k_kind_project or k_kind_other
    std::string venue;                    ///< canonical venue name ("OSDI", "arXiv") or the text as written
    std::string venue_kind;               ///< "conference", "journal", "preprint", or "" when unknown
    bool venue_known = false;             ///< venue resolved through the venue table
    std::optional<int> year;              ///< publication year, when the list or an arXiv id says
    std::string arxiv_id;                 ///< e.g. "2103.13262", or ""
    std::string doi;                      ///< e.g. "10.1145/3600006.3613165", lower-cased, or ""
    std::vector<std::string> categories;  ///< innermost heading of each listing, deduplicated
    std::string repo;                     ///< repository link as listed
    std::vector<std::string> other_repos; ///< further repositories other listings of the paper gave
    std::string paper_url;                ///< link to the paper itself, or ""
    std::vector<std::string> authors;     ///< as the list gives them, else as fetching finds them
    std::string abstract;                 ///< empty until fetching supplies it
    std::string readme;                   ///< plain text of the repository README, or ""
    std::vector<Listing> listings;        ///< every place the paper was listed
};

/// The link to the paper itself for output: the list's paper link, else
/// https://arxiv.org/abs/ARXIV_ID when the arXiv id is known, else
/// https://doi.org/DOI when the DOI is, else "". Every printer shows this,
/// so text and JSON agree. Thread-safe; never throws but std::bad_alloc.
std::string paper_link(const Paper& paper);

/// Serialises a paper to a JSON object (the document data stored in the index).
std::string paper_to_json(const Paper& paper);

/// Parses what paper_to_json wrote. Throws aisys::Error on malformed input.
Paper paper_from_json(std::string_view json);

} // namespace aisys

#pragma once
// Stage 1, catalog: awesome-list markdown -> paper records.

#include <aisys/paper.hpp>
#include <aisys/venue.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aisys {

/// Something in a list that a maintainer should look at. Not fatal.
struct CatalogProblem {
    std::string list;     ///< the list's path as given
    int line = 0;         ///< 1-based, 0 when not tied to a line
    std::string message;  ///< one line
};

/// Papers read from one or more lists, with the problems met on the way.
struct Catalog {
    std::vector<Paper> papers;             ///< in list order, ids assigned
    std::vector<CatalogProblem> problems;  ///< unknown venues, unreadable entries, broken links, ...
    std::vector<CatalogProblem> merged;    ///< listings merged into a paper listed earlier (not problems)
};

/// Upper bound on a list's size; larger input is refused rather than parsed.
/// cmark-gfm's tree costs up to ~240 bytes of memory per byte of hostile
/// markdown (2 MB of nested quotes or table rows take 480 MB), so this bounds
/// a parse to about a gigabyte; real awesome lists are well under 1 MiB.
inline constexpr std::size_t k_max_list_bytes = 4u << 20;

/// Parses one list's markdown with cmark-gfm. `source` names the list in
/// listings and problems. Ids are not assigned (see assign_ids).
/// Throws aisys::Error when the text is not a list at all: invalid UTF-8, NUL
/// bytes, or larger than k_max_list_bytes. Malformed entries become problems.
Catalog parse_list(std::string_view markdown, const std::string& source, const VenueTable& venues);

/// A list's name (its path or URL as given) and its markdown.
struct ListText {
    std::string name;
    std::string markdown;
};

/// Parses each list in order, merges papers listed more than once (the same
/// normalised title, or the same repository with a near-identical title),
/// reports different papers sharing an arXiv id, and assigns stable ids.
/// Throws aisys::Error when a text is not a list (see parse_list).
Catalog parse_lists(const std::vector<ListText>& lists, const VenueTable& venues);

/// parse_lists for list files. Throws aisys::Error when a file cannot be read.
Catalog read_lists(const std::vector<std::string>& paths, const VenueTable& venues);

/// Gives every paper a unique slug id derived from its title; a clash gets
/// "-YEAR" or "-2", "-3"... in list order, so the same lists give the same ids.
void assign_ids(std::vector<Paper>& papers);

/// Removes the entries of kind "other" (blog posts, tutorials, talks, ...),
/// which are not indexed unless asked for, keeping the others' order and ids.
/// Returns how many were removed. Never throws.
std::size_t drop_other(Catalog& catalog);

/// How many of the catalogue's papers are of `kind` (k_kind_paper, ...).
std::size_t count_kind(const Catalog& catalog, std::string_view kind);

/// The key under which two listings count as the same paper.
std::string title_key(std::string_view title);

/// "owner/name" for a GitHub repository link (http or https, with or without
/// www., a .git suffix, a trailing slash or a /tree/... path), or nothing for
/// links that are not a GitHub repository.
std::optional<std::string> github_repo(const std::string& url);

/// How alike two titles are, from 0 to 1: 1 - edit distance / longer length,
/// over lower-cased letters and digits with all else removed, so case, braces,
/// punctuation and hyphenation don't count.
double title_similarity(const std::string& a, const std::string& b);


} // namespace aisys

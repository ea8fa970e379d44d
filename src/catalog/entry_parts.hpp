#pragma once
// The parts entry.cpp's reader is built from, shared by the files of the
// entry reader (entry_links.cpp: link labels, hosts and roles; entry_text.cpp:
// text, authors, venues, titles). Internal to the catalog stage.

#include "catalog/entry.hpp"

#include <aisys/paper.hpp>
#include <aisys/venue.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aisys::entry::parts {

// Links: entry_links.cpp.

/// Letters, digits and spaces only, lower-case: "[\\[PDF\\]]" -> "pdf".
std::string label_key(const std::string& label);
/// The role a link label gives ("Code" -> code), or none for a title-like label.
std::optional<Role> label_role(const std::string& label);
bool is_github_repo(const std::string& url);
/// Documentation hosts: a Code cell linking one is not a repository.
bool is_doc_host(const std::string& url);
/// Hosts whose pages are not papers: talks, posts, courses.
bool is_other_host(const std::string& url);
bool is_paper_host(const std::string& url);
/// Files a link of `role` into the paper (repository, paper link, arXiv id,
/// DOI) or into out.other_links; a non-web target is a problem in `out`.
void take_link(Paper& p, Role role, const std::string& url, EntryOutput& out);
/// Role of each link of a line (Role::other for what is not a link): by its
/// label and target, or by a role word before it ("code [Name](url)").
std::vector<Role> roles_of(const Tokens& line);

// Text: entry_text.cpp.

/// The plain text of tokens [from, to).
std::string text_of(const Tokens& tokens, std::size_t from = 0, std::size_t to = std::string::npos);
std::string strip_pictographs(const std::string& s);
std::string trim_punct(std::string s, std::string_view junk = " \t-|:;,");
std::size_t word_count(const std::string& s);
/// The venue info names a known venue or a year.
bool says_venue(const VenueInfo& v);
std::vector<std::string> split_authors(std::string s);
/// A line that lists people: names of one to four capitalised words, separated by commas.
bool looks_like_authors(const std::string& s);
/// One name: two to four capitalised words, no digits.
bool looks_like_person(const std::string& s);
/// "Key: value" with a bold key: the key, lower-case, and the index of the token after it.
std::optional<std::pair<std::string, std::size_t>> bold_key(const Tokens& line);
/// A leading tag in brackets that names a venue: "[OSDI'24]", "\\[arXiv'24\\]", "[MLSys2024]".
struct Tag {
    std::string venue_text;
    std::string rest;
};
std::optional<Tag> leading_tag(const std::string& s, const VenueTable& venues);
std::optional<Tag> trailing_paren(const std::string& s, const VenueTable& venues);
/// The venue a free text names, by pieces and word runs.
VenueInfo venue_in_text(const std::string& s, const VenueTable& venues);
/// A venue string without the year written in it.
std::string without_year(const std::string& venue);
/// Section names that say what their entries are.
bool section_says(const std::vector<std::string>& headings, std::initializer_list<std::string_view> words);
/// Appends the tokens of `node` (inline content) to `out`.
void flatten(cmark_node* node, bool strong, bool emph, Tokens& out);

} // namespace aisys::entry::parts

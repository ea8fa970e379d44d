#pragma once
// One entry of a list, whatever its format: its inline content flattened to
// text and links, each link given a role (title, paper, code, other) from its
// label, its target and its place; the title, venue, year, authors and kind
// read from it, its sub-bullets, its table columns and its headings by one
// set of extractors; decoration stripped in one place. markdown_list.cpp
// finds entries in the document; this file reads them.

#include <aisys/paper.hpp>
#include <aisys/venue.hpp>

#include <cmark-gfm.h>

#include <string>
#include <vector>

namespace aisys::entry {

/// A piece of an entry's inline content.
struct Token {
    enum Kind { words, link, picture, line_break } kind = words;
    std::string text;   ///< text: as written; link: its label as plain text; image: its alt text
    std::string url;    ///< link or image target
    std::string image;  ///< link: the target of an image inside its label (a badge), else ""
    bool strong = false;
    bool emph = false;
};
using Tokens = std::vector<Token>;

/// The inline content of `node`'s children, in order (a paragraph, a heading,
/// a table cell). `<br>` is a line break.
Tokens tokens_of(cmark_node* node);

/// What a table column holds, by its header name, in any order.
enum class Column { other, title, paper, code, venue, year, authors };
Column column_of(const std::string& header);

/// What a link is, from its label, its target and its place.
enum class Role { title, paper, code, other };

/// The links' roles as read_entry gives them (for tests).
Role role_of_link(const Token& link);

/// An entry to read.
struct EntryInput {
    Tokens main;                            ///< the entry's own line (or a table's title cell)
    std::vector<Tokens> subs;               ///< its sub-bullets and further lines, each its own line
    std::vector<std::pair<Column, Tokens>> cells;  ///< a table row's other cells, with their roles
    std::vector<std::string> headings;      ///< the section path, outermost first
};

/// What an entry says.
struct EntryOutput {
    bool is_entry = false;                  ///< it names something (a title)
    Paper paper;                            ///< title, kind, links, authors, arXiv id, DOI (no venue fields)
    VenueInfo venue;                        ///< what the entry says of its venue and year
    std::vector<std::string> problems;      ///< for the maintainer
    std::vector<std::string> other_links;   ///< blog, slides, video... links (not kept)
};

EntryOutput read_entry(const EntryInput& in, const VenueTable& venues);

/// True when a sub-bullet is about the entry above it (authors, venue, a
/// "Key: value" line, a label link) rather than an entry of its own.
bool is_metadata_line(const Tokens& line, const VenueTable& venues);

/// True when a line starts with a bold "Key:" ("**Authors:** ...").
bool has_bold_key(const Tokens& line);

/// The arXiv id a link names in any form (/abs/, /pdf/ID(.pdf), vN,
/// /ftp/arxiv/papers/YYMM/ID.pdf, DOI 10.48550/arXiv.ID), or "".
std::string arxiv_id_of(const std::string& url);

/// The DOI a link names (doi.org/..., dl.acm.org/doi/(pdf/|abs/)...),
/// lower-cased, or "" (an arXiv DOI is an arXiv id, not a DOI).
std::string doi_of(const std::string& url);

/// The text of a shields.io badge ("Conference-EuroSys_2025-cyan" ->
/// "Conference EuroSys 2025"), or "" for a URL that is not one.
std::string badge_text(const std::string& url);

/// The title without decoration: emoji, a bracketed short name it repeats,
/// an "(@org)" tail, trailing periods.
std::string clean_title(const std::string& title);

/// A heading without decoration: emoji, numbering, "(🔝back)" and the like.
std::string clean_heading(const std::string& heading);

} // namespace aisys::entry

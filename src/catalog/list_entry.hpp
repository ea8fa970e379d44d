#pragma once
// Reading one entry of a list from cmark-gfm nodes: its text, links, venue
// and table columns. The list reader (markdown_list.cpp) walks the document.

#include <aisys/venue.hpp>

#include <cmark-gfm.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace aisys::entry {

/// True for headings of sections that hold no papers (Contents, Contribute, ...).
bool is_non_paper_section(const std::string& heading);

// The plain text of an inline subtree (text, code, emphasis, links), without markup.
void append_plain_text(cmark_node* node, std::string& out);

std::string plain_text(cmark_node* node);

// The first link in an inline subtree (the node itself included), or null.
cmark_node* first_link(cmark_node* node);

std::string clean(const std::string& s);

bool is_repository_link(const std::string& url);

bool is_web_link(const std::string& url);

// "https://arxiv.org/abs/2103.13262", ".../pdf/2103.13262v2(.pdf)" -> "2103.13262", else "".
std::string arxiv_id_of_link(const std::string& url);

// A venue and year that a list wrote into the title itself:
// "Tutel: ... at Scale MLSYS'23", "... GPUsATC'22", "...Programs.ASPLOS'23", "Megatron-LM SC21".
struct GluedVenue {
    std::string title;       ///< the title without the venue
    std::string venue_text;  ///< "MLSYS'23", for VenueTable::normalise
};

/// True for A-Z and a-z.
bool is_ascii_letter(char c);

// Only a venue the table knows, followed by a year, counts: a title that merely
// ends in a word and a number ("Llama 2", "GPT-4") stays whole.
std::optional<GluedVenue> split_glued_venue(const std::string& title, const VenueTable& venues);

const char* literal(cmark_node* node);

std::string raw_link_url(cmark_node* link);

// The link's target. Braces around a URL ("{https://arxiv.org/abs/...")
// are a typo from BibTeX habits: dropped (and reported by the reader).
std::string link_url(cmark_node* link);

// What a word before a link says the link is: "code [..](..)", "[paper](..)".
enum class LinkRole { none, code, paper };

LinkRole role_of_word(std::string_view word);

// Bytes taken by the last word of `s` and the spaces after it.
std::size_t trailing_word_length(std::string_view s);

std::string last_word(std::string_view s);

// Another awesome list: "[awesome GNN](...)", or a link to github.com/<owner>/awesome-*.
bool is_awesome_list(const std::string& title, const std::string& url);

bool type_is(cmark_node* node, std::string_view type);

} // namespace aisys::entry

#pragma once
// HTML output's escaping and the page's links: the one place where text from
// lists, READMEs and abstracts becomes markup, so that no printer or handler
// writes a value into a page any other way.

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace aisys::cli::html {

/// `s` as HTML text or a quoted attribute value: & < > " ' as entities,
/// control characters and the bidirectional overrides dropped (a title with
/// U+202E cannot reverse the page around it). Invalid UTF-8 becomes U+FFFD.
std::string escape(std::string_view s);

/// `s` percent-encoded for a query string: everything but A-Z a-z 0-9 - . _ ~.
std::string url_encode(std::string_view s);

/// `url` when it is an http or https link (any case), else "": the only
/// links a page ever takes from stored data, so javascript:, data: and
/// file: links are never emitted. Not escaped: pass it through escape().
std::string http_link(std::string_view url);

/// The state of a search page, all of it in the URL: what the form and every
/// link carry (`/?q=gpu+scheduling&venue=OSDI&year=2020..2023&page=2`).
struct PageState {
    std::string query;                                        ///< q: as typed
    std::map<std::string, std::vector<std::string>> filters;  ///< venue=, category=, year=, kind=, list=
    std::string sort = "relevance";                           ///< sort: relevance, year, year-asc
    std::string like;                                         ///< like: similar papers to this id
    bool exact = false;                                       ///< exact=1: no spelling correction
    bool no_related = false;                                  ///< no_related=1: matches only, no related papers
    std::size_t page = 1;                                     ///< page: 1-based
};

/// Results a page shows.
inline constexpr std::size_t k_page_size = 10;

/// "/?q=...&venue=...": the page of `state`, parameters in a fixed order,
/// the defaults (sort relevance, page 1) left out. Plain ASCII: escape() it
/// for an attribute.
std::string page_url(const PageState& state);

/// `state` with `value` added to filter `name`, or removed when it is there
/// already (a facet clicked twice), back on page 1.
PageState toggled(PageState state, const std::string& name, const std::string& value);

} // namespace aisys::cli::html

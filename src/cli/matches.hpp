#pragma once
// Every match of a search, not a page: what --bibtex and export print.

#include "cli/printer.hpp"

#include <aisys/search.hpp>

#include <cstddef>
#include <functional>

namespace aisys::cli {

/// Calls `visit` with each paper `request` matches, in rank order from
/// request.offset: every match, or at most request.limit of them when
/// `limited`. Related papers are never visited. Searches a page at a time,
/// without snippets or facets, so memory does not grow with the matches.
/// Returns how many papers were visited. Throws what Index::search throws.
std::size_t for_each_match(const Index& index, SearchRequest request, bool limited,
                           const std::function<void(const Paper&)>& visit);

/// A walk over the matches of `request` (as for_each_match), or over every
/// paper of the index (Index::for_each_paper) when the request has no query,
/// filter or likeness. `visited` (when given) is set to the papers the last
/// walk visited. `index` must outlive the walk.
PaperWalk paper_walk(const Index& index, const SearchRequest& request, bool limited, std::size_t* visited = nullptr);

} // namespace aisys::cli

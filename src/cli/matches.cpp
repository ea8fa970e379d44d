#include "cli/matches.hpp"

#include <algorithm>

namespace aisys::cli {

namespace {

// Matches a search returns at a time: a page big enough that few searches
// are run, small enough that a page of papers is little memory.
constexpr std::size_t k_page = 500;

bool selects(const SearchRequest& r) {
    if (!r.query.empty() || !r.like.empty()) return true;
    return std::any_of(r.filters.begin(), r.filters.end(), [](const auto& f) { return !f.second.empty(); });
}

} // namespace

std::size_t for_each_match(const Index& index, SearchRequest request, bool limited,
                           const std::function<void(const Paper&)>& visit) {
    const std::size_t wanted = request.limit;
    request.snippets = false;
    request.facets = false;
    request.explain = false;
    request.related = false;
    std::size_t done = 0;
    const std::size_t first = request.offset;
    while (!limited || done < wanted) {
        request.offset = first + done;
        request.limit = limited ? std::min(k_page, wanted - done) : k_page;
        const SearchResult page = index.search(request);
        std::size_t matches = 0;
        for (const auto& hit : page.hits)
            if (!hit.related) {
                visit(hit.paper);
                ++matches;
            }
        done += matches;
        if (matches < request.limit) break;
    }
    return done;
}

PaperWalk paper_walk(const Index& index, const SearchRequest& request, bool limited, std::size_t* visited) {
    if (selects(request) || limited || request.offset > 0)
        return [&index, request, limited, visited](const std::function<void(const Paper&)>& visit) {
            const std::size_t n = for_each_match(index, request, limited, visit);
            if (visited) *visited = n;
        };
    return [&index, visited](const std::function<void(const Paper&)>& visit) {
        std::size_t n = 0;
        index.for_each_paper([&](const Paper& p) {
            visit(p);
            ++n;
        });
        if (visited) *visited = n;
    };
}

} // namespace aisys::cli

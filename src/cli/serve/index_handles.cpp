#include "cli/serve/index_handles.hpp"

#include "index/store.hpp"

#include <atomic>
#include <map>
#include <optional>

namespace aisys::cli::serve {

namespace {

struct Handle {
    std::optional<Index> index;
    std::string generation;  // the stub's generation read before opening
};

std::atomic<std::uint64_t> g_next_id{1};

} // namespace

IndexHandles::IndexHandles(std::string db_dir) : m_db_dir(std::move(db_dir)), m_id(g_next_id++) {}

const Index& IndexHandles::current() const {
    thread_local std::map<std::uint64_t, Handle> handles;
    Handle& h = handles[m_id];
    // Read before opening: a rebuild between the two leaves the handle on a
    // newer generation than recorded, which costs one reopen, never staleness.
    const std::string generation = store::current_generation(m_db_dir);
    if (!h.index || generation != h.generation) {
        h.index.reset();
        h.index = Index::open(m_db_dir);
        h.generation = generation;
    }
    return *h.index;
}

} // namespace aisys::cli::serve

#pragma once
// One Index handle a worker thread: handles are not thread-safe, and a
// thread's own handle needs no lock. A handle is reopened when the index
// folder's stub names a newer generation than the one it was opened on.

#include <aisys/search.hpp>

#include <cstdint>
#include <string>

namespace aisys::cli::serve {

class IndexHandles {
public:
    explicit IndexHandles(std::string db_dir);

    /// The calling thread's handle on the current generation, opened now if
    /// the thread has none or a rebuild has published a new generation since
    /// it was opened. Valid until this thread calls again. Throws aisys::Error
    /// as Index::open does (no index, damaged, ...).
    const Index& current() const;

    const std::string& db_dir() const { return m_db_dir; }

private:
    std::string m_db_dir;
    std::uint64_t m_id;  // which IndexHandles a thread's handle belongs to: never reused, unlike an address
};

} // namespace aisys::cli::serve

#pragma once
// The on-disk layout of an index folder, which makes rebuilds atomic:
//
//   DIR/XAPIANDB      stub file "glass gen-N": Xapian opens DIR through it
//   DIR/gen-N/        the current glass database, never modified once published
//   DIR/.tmp-PID/     a build in progress (stale if PID's lock is gone)
//   DIR/.old-gen-N/   a generation being deleted
//   DIR/.lock         flock()ed by the one running build; holds its pid
//
// A build writes .tmp-PID, renames it to gen-N+1, then renames a new stub
// over XAPIANDB: one atomic step from the old index to the new one.
//
// A generation is deleted only after it has been renamed away from gen-N (one
// atomic step), so no file ever disappears from a folder still called gen-N.
// A reader that finds its gen-N still there after opening it therefore opened
// all of it; one that does not reopens through the stub (see Index::open).

#include "index/shards.hpp"

#include <xapian.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace aisys::store {

inline constexpr const char* k_stub = "XAPIANDB";

/// The generation folder the stub names ("gen-N"), or "" when there is no stub
/// or it names no generation (garbage, or not written by aisys-search).
std::string current_generation(const std::filesystem::path& db_dir);

/// The current generation of an index, opened for reading.
struct Generation {
    Xapian::Database db;
    std::string folder;  ///< the generation's folder (or the reader's folder whose stub lists shards)
    std::size_t databases = 1;         ///< sub-databases of db: 1, or meta and the shards
    bool remote = false;               ///< some shards are served by xapian-tcpsrv
    std::vector<std::string> missing;  ///< remote shards left out (RemoteOptions::allow_partial)
};

/// Opens a generation folder: one glass database, or the shards its stub lists.
/// Throws Xapian errors for damage, aisys::Error for shards out of reach.
Generation open_folder(const std::filesystem::path& folder, const shards::RemoteOptions& options = {});

/// The reader half of the protocol: opens the generation the stub of
/// `db_dir` names, following the stub anew when a rebuild swaps it meanwhile
/// (a generation still there after opening was whole: they are renamed away
/// before they are deleted). Throws aisys::Error: usage (a file, a foreign
/// Xapian database or another folder given as the index), not_found (no index
/// yet), damaged_index, busy (rebuilt ten times while being opened).
/// A folder whose XAPIANDB lists shards itself (shards::k_marker) is a
/// reader of shards kept elsewhere: opened as it is, never rebuilt.
Generation open_current(const std::string& db_dir, const shards::RemoteOptions& options = {});

/// Holds DIR/.lock for the life of a build. Throws aisys::Error naming the
/// pid of the build that holds it, or saying why the lock cannot be made.
class BuildLock {
public:
    explicit BuildLock(const std::filesystem::path& db_dir);
    ~BuildLock();
    BuildLock(const BuildLock&) = delete;
    BuildLock& operator=(const BuildLock&) = delete;

private:
    int m_fd = -1;
};

/// Creates DIR if needed; throws aisys::Error when DIR exists but holds
/// something other than an aisys-search index (so a mistyped --db never
/// writes into someone's folder).
void prepare_folder(const std::filesystem::path& db_dir);

/// Removes what dead builds left (half-built folders, generations other than
/// the current one, a half-written stub). Call only while holding the
/// BuildLock: a live build's .tmp-PID folder looks just like a dead one's.
void remove_stale(const std::filesystem::path& db_dir);

/// Moves the finished build at `built` into place as the next generation,
/// swaps the stub to it and deletes the generations before it. Returns the
/// new generation's name. Call only while holding the BuildLock. Throws
/// aisys::Error when the swap fails, leaving the previous index current.
std::string publish(const std::filesystem::path& db_dir, const std::filesystem::path& built);

/// Test hook, a no-op unless $AISYS_FAULT names this point:
///   "kill-POINT" (or "kill-POINT:N" for a counted point reaching N) SIGKILLs
///   the process there;
///   "wait-POINT:DIR" writes the pid to the fifo DIR/reached, then blocks until
///   the fifo DIR/release is opened for writing and closed, so a test can act
///   while the process stands still; only the first time the point is passed.
/// Points: after-lock, in-remove-stale, after-copy, after-docs (counted),
/// after-commit, after-compact, before-swap, before-stub-rename, after-swap,
/// while-retiring (building), after-stub (Index::open, reading).
void fault_point(std::string_view point, std::size_t count = 0);

} // namespace aisys::store

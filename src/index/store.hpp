#pragma once
// The on-disk layout of an index folder, which makes rebuilds atomic:
//
//   DIR/XAPIANDB      stub file "glass gen-N": Xapian opens DIR through it
//   DIR/gen-N/        the current glass database
//   DIR/.tmp-PID/     a build in progress (stale if PID's lock is gone)
//   DIR/.lock         flock()ed by the one running build; holds its pid
//
// A build writes .tmp-PID, renames it to gen-N+1, then renames a new stub
// over XAPIANDB: one atomic step from the old index to the new one.

#include <filesystem>
#include <string>
#include <string_view>

namespace aisys::store {

inline constexpr const char* k_stub = "XAPIANDB";

/// The generation folder the stub names, or "" when there is no index yet.
std::string current_generation(const std::filesystem::path& db_dir);

/// Holds DIR/.lock for the life of a build. Throws aisys::Error naming the
/// pid of the build that holds it.
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

/// Removes half-built folders and generations other than the current one.
/// Call only while holding the BuildLock.
void remove_stale(const std::filesystem::path& db_dir);

/// Moves the finished build at `built` into place as the next generation and
/// swaps the stub to it. Returns the new generation's name.
std::string publish(const std::filesystem::path& db_dir, const std::filesystem::path& built);

/// Test hook: when $AISYS_FAULT names this point ("kill-after-docs:N" with
/// count N, "kill-before-swap", "kill-after-swap"), the process SIGKILLs itself.
void fault_point(std::string_view point, std::size_t count = 0);

} // namespace aisys::store

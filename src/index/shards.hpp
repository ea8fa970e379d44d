#pragma once
// Shards: a generation built as several plain Xapian databases that Xapian
// searches as one, listed by a stub file.
//
// A sharded generation is a folder:
//   gen-N/XAPIANDB   "# aisys-search shards", then "glass meta", "glass shard-0", ...
//   gen-N/meta       no documents: the metadata, the spelling and the synonym
//                    tables (the one place a reader needs them, local even
//                    when every shard is served from elsewhere)
//   gen-N/shard-K    the papers whose id hashes to K
// A reader's own stub may list the same with shards served by xapian-tcpsrv
// ("remote HOST:PORT", Xapian's stub syntax). Papers keep one number across
// shards (their document id in their shard), so the combined database orders
// them as one database built from the same input would: ties rank alike.

#include <xapian.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace aisys::shards {

/// The first line of every stub that lists shards (Xapian skips '#' lines).
inline constexpr std::string_view k_marker = "# aisys-search shards";
inline constexpr const char* k_meta = "meta";

/// The folder of shard `k` in a generation: "shard-K".
std::string shard_name(unsigned k);

/// The shard a paper id goes to: FNV-1a of the id, modulo `count`. Stable
/// across runs, builds and machines, so a rebuild finds a paper where it was.
unsigned route(std::string_view id, unsigned count);

/// How a reader waits for shards served by xapian-tcpsrv.
struct RemoteOptions {
    unsigned connect_timeout_ms = 2000;  ///< giving up on a server that does not accept
    unsigned timeout_ms = 10000;         ///< giving up on an answer (each message)
    bool allow_partial = false;          ///< skip servers that cannot be reached instead of failing
};

/// One line of a stub.
struct ShardEntry {
    enum class Kind { local, remote } kind = Kind::local;
    std::string path;  ///< local: the folder, resolved against the stub's folder
    std::string host;  ///< remote
    unsigned port = 0; ///< remote
    std::string describe() const;  ///< "remote 10.0.0.2:7001" or the path
};

/// True when `stub` is a stub this file writes or reads (it starts with k_marker).
bool is_shard_stub(const std::filesystem::path& stub);

/// The entries of a shard stub. Throws aisys::Error (damaged_index) naming
/// the line that is not "glass PATH", "auto PATH" or "remote HOST:PORT"
/// (also accepted: "remote :tcp HOST PORT").
std::vector<ShardEntry> read_stub(const std::filesystem::path& stub);

/// Writes the stub of a generation built with `count` shards (meta first).
void write_generation_stub(const std::filesystem::path& folder, unsigned count);

/// The databases a stub lists, opened as one. Remote ones get the timeouts
/// of `options`; one that cannot be reached throws aisys::Error naming it
/// (kind io), or with allow_partial is left out and named in `missing`.
struct Opened {
    Xapian::Database db;
    std::size_t databases = 0;         ///< sub-databases db holds (meta included)
    bool remote = false;               ///< some are served by xapian-tcpsrv
    std::vector<std::string> missing;  ///< remote shards left out (allow_partial)
};
Opened open_stub(const std::filesystem::path& stub, const RemoteOptions& options = {});

} // namespace aisys::shards

#pragma once
// The disk cache of HTTP answers, one file per URL.
//
// A file is named by a hash of its URL (no URL, repository or title can make
// it write outside the folder) and holds one JSON line of metadata (URL,
// status, validators, fetch time, body length and checksum) followed by the
// body bytes. Files are written to a temporary name and renamed, so a reader
// sees a whole entry or none; an entry that fails its checks is deleted.

#include <optional>
#include <string>

namespace aisys::fetch {

struct CacheEntry {
    std::string url;
    long status = 0;            ///< 200, or 404 for "known to be missing"
    std::string etag;
    std::string last_modified;
    long long fetched_at = 0;   ///< Unix seconds of the last fetch or revalidation
    std::string body;
};

class Cache {
public:
    /// Creates the folder if needed. Throws aisys::Error when it cannot.
    explicit Cache(std::string dir);

    /// The entry for `url`, or nothing when absent or corrupt (then removed).
    std::optional<CacheEntry> get(const std::string& url) const;

    /// Stores the entry atomically. Failures to write are ignored: a cache
    /// that cannot be written only costs a refetch.
    void put(const CacheEntry& entry) const;

    /// The file an URL is cached in.
    std::string path_for(const std::string& url) const;

private:
    std::string m_dir;
};

/// 64-bit FNV-1a, as 16 hex digits.
std::string fnv1a_hex(const std::string& data);

/// Unix time now, in seconds.
long long now_seconds();

} // namespace aisys::fetch

#pragma once
// Helpers shared by the libFuzzer targets in this folder. Each target is one
// LLVMFuzzerTestOneInput over one parser of untrusted input; run.sh runs them.

#include <aisys/paths.hpp>
#include <aisys/venue.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <string_view>

namespace aisys::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Crashes the fuzzer on purpose: the code broke a promise its header makes,
/// which no exception would show.
[[noreturn]] inline void contract_broken(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "contract broken: %s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
    std::abort();
}

/// The project's own venue table (index/venues.tsv), loaded once: the lists
/// and JSON lines the fuzzers parse resolve venues through the real aliases.
inline const VenueTable& venues() {
    static const VenueTable table = VenueTable::load(venue_table_path());
    return table;
}

/// A fresh folder under $TMPDIR (else /tmp), removed with everything in it
/// when this goes out of scope, so a fuzzer that stops at -max_total_time
/// leaves nothing behind.
class TempDir {
public:
    explicit TempDir(const char* prefix) {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/" + prefix + "-XXXXXX";
        if (!::mkdtemp(pattern.data())) contract_broken("mkdtemp failed", pattern);
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }

private:
    std::filesystem::path m_path;
};

} // namespace aisys::fuzz

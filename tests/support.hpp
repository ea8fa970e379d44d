#pragma once
// Shared test helpers: temporary folders, running the real binary, fixtures.

#include <aisys/venue.hpp>

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace aisys::test {

/// A fresh folder under the system temp dir, removed when this goes out of scope.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return m_path; }
    std::string str() const { return m_path.string(); }

private:
    std::filesystem::path m_path;
};

/// What a run of the binary did.
struct RunResult {
    int exit_code = -1;  ///< exit status, or 128 + signal number when killed
    std::string out;     ///< stdout
    std::string err;     ///< stderr
};

/// Runs the built aisys-search with `args`, extra environment `env` (added to
/// a clean environment with HOME, PATH, AISYS_OFFLINE=1 and a test cache
/// folder), no stdin, and waits for it.
RunResult run_cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

/// Path of a file in tests/fixtures.
std::string fixture(const std::string& name);

/// The default list and venue table shipped in index/.
std::string default_list();
std::string venue_table();
/// index/synonyms.tsv of the source tree.
std::string synonym_table();

/// ../shared beside the project, or "" when it is absent (tests then WARN and skip).
std::string shared_dir();

/// The venue table of index/, loaded once.
const VenueTable& venues();

/// A whole file's bytes; "" when it cannot be read.
std::string slurp(const std::string& path);

/// Writes `content` to `path` (creating parent folders).
void write_file(const std::filesystem::path& path, const std::string& content);

} // namespace aisys::test

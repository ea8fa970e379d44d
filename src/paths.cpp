#include <aisys/error.hpp>
#include <aisys/paths.hpp>

#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace aisys {

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? std::string(v) : std::string();
}

bool has_data(const fs::path& dir) {
    std::error_code ec;
    return fs::is_regular_file(dir / "venues.tsv", ec) && fs::is_regular_file(dir / "synonyms.tsv", ec) &&
           fs::is_regular_file(dir / "awesome-ai-system.md", ec);
}

} // namespace

std::string resolve_db_path(const std::string& explicit_path) {
    if (!explicit_path.empty()) return explicit_path;
    if (auto db = env("AISYS_DB"); !db.empty()) return db;
    if (auto xdg = env("XDG_DATA_HOME"); !xdg.empty()) return (fs::path(xdg) / "aisys-search" / "index").string();
    if (auto home = env("HOME"); !home.empty())
        return (fs::path(home) / ".local" / "share" / "aisys-search" / "index").string();
    throw Error("cannot tell where the index lives: none of AISYS_DB, XDG_DATA_HOME and HOME is set", ErrorKind::usage);
}

std::string resolve_cache_dir(const std::string& explicit_path) {
    if (!explicit_path.empty()) return explicit_path;
    if (auto xdg = env("XDG_CACHE_HOME"); !xdg.empty()) return (fs::path(xdg) / "aisys-search").string();
    if (auto home = env("HOME"); !home.empty()) return (fs::path(home) / ".cache" / "aisys-search").string();
    throw Error("cannot tell where the cache lives: neither XDG_CACHE_HOME nor HOME is set", ErrorKind::usage);
}

std::string data_dir() {
    if (auto dir = env("AISYS_DATA_DIR"); !dir.empty()) {
        if (!has_data(dir)) throw Error("AISYS_DATA_DIR=" + dir + " does not hold venues.tsv, synonyms.tsv and awesome-ai-system.md");
        return dir;
    }
    std::error_code ec;
    // An installed binary: <prefix>/bin/aisys-search finds <prefix>/share/aisys-search.
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path installed = exe.parent_path().parent_path() / AISYS_INSTALL_DATA_SUBDIR;
        if (has_data(installed)) return installed.string();
    }
    // A binary run from its build tree uses the source tree's index/.
    if (has_data(AISYS_SOURCE_DATA_DIR)) return AISYS_SOURCE_DATA_DIR;
    throw Error("cannot find the default list and its tables (venues.tsv, synonyms.tsv): set AISYS_DATA_DIR or reinstall");
}

std::string default_list_path() { return (fs::path(data_dir()) / "awesome-ai-system.md").string(); }

std::string venue_table_path() { return (fs::path(data_dir()) / "venues.tsv").string(); }

std::string synonym_table_path() { return (fs::path(data_dir()) / "synonyms.tsv").string(); }

} // namespace aisys

#include "index/store.hpp"

#include <aisys/error.hpp>
#include <aisys/index.hpp>

#include <xapian.h>
#include <aisys/text.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sys/file.h>
#include <unistd.h>
#include <vector>

namespace fs = std::filesystem;

namespace aisys::store {

namespace {

constexpr const char* k_unchanged = "; the previous index is unchanged";

std::string errno_text() { return std::strerror(errno); }

void fsync_path(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

bool starts_with(const std::string& s, std::string_view prefix) { return s.rfind(prefix, 0) == 0; }

// "gen-" and digits only: anything else in a stub is not ours to follow.
bool is_generation(const std::string& name) {
    return name.size() > 4 && starts_with(name, "gen-") &&
           std::all_of(name.begin() + 4, name.end(), [](char c) { return c >= '0' && c <= '9'; });
}

long generation_number(const std::string& name) { return is_generation(name) ? std::atol(name.c_str() + 4) : 0; }

std::vector<std::string> folder_names(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) names.push_back(entry.path().filename().string());
    return names;
}

// Deletes a generation, first renaming it out of its gen-N name so that a
// reader opening gen-N finds either all of it or none of it (see the header).
// When the rename fails the generation stays: a stale folder the next build
// removes is better than a half-deleted one.
void retire(const fs::path& generation) {
    std::error_code ec;
    const fs::path away = generation.parent_path() / (".old-" + generation.filename().string());
    fs::remove_all(away, ec);
    if (::rename(generation.c_str(), away.c_str()) != 0) return;
    // File by file in name order, so that a kill (or a test's pause) after
    // the first leaves the same state every time.
    auto files = folder_names(away);
    std::sort(files.begin(), files.end());
    for (std::size_t i = 0; i < files.size(); ++i) {
        fs::remove_all(away / files[i], ec);
        if (i == 0) fault_point("while-retiring");
    }
    fs::remove_all(away, ec);
}

// Writes the stub naming `generation` beside the real one, durably.
void write_stub(const fs::path& path, const std::string& generation, bool sharded) {
    // A sharded generation is a folder with a stub of its own, which "auto" follows.
    const std::string text = (sharded ? "auto " : "glass ") + generation + "\n";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    int error = ok ? 0 : errno;
    if (fd >= 0 && ::close(fd) != 0 && ok) ok = false, error = errno;
    if (!ok) throw Error("cannot write " + path.string() + ": " + std::strerror(error) + k_unchanged, ErrorKind::io);
}

// A "wait-" fault: tell the test we are here, then stand still until it lets go.
void wait_for_test(const std::string& dir) {
    const std::string pid = std::to_string(::getpid()) + "\n";
    int fd = ::open((dir + "/reached").c_str(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) {
        if (::write(fd, pid.data(), pid.size()) < 0) {
            // The test sees the process never arrived; nothing to do here.
        }
        ::close(fd);
    }
    fd = ::open((dir + "/release").c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    char c;
    while (::read(fd, &c, 1) > 0) {
    }
    ::close(fd);
}

} // namespace

std::string current_generation(const fs::path& db_dir) {
    std::ifstream in(db_dir / k_stub);
    if (!in) return "";
    std::string backend, target;
    in >> backend >> target;
    return (backend == "glass" || backend == "auto") && is_generation(target) ? target : "";
}

BuildLock::BuildLock(const fs::path& db_dir) {
    const auto path = db_dir / ".lock";
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) throw Error("cannot build the index in " + db_dir.string() + ": " + errno_text() + k_unchanged, ErrorKind::io);
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        const int saved = errno;
        char buf[32] = {};
        const auto n = ::pread(m_fd, buf, sizeof buf - 1, 0);
        ::close(m_fd);
        m_fd = -1;
        if (saved != EWOULDBLOCK) {
            errno = saved;
            throw Error("cannot lock " + path.string() + ": " + errno_text() + k_unchanged, ErrorKind::io);
        }
        std::string pid(buf, n > 0 ? static_cast<std::size_t>(n) : 0);
        pid = text::trim(pid.substr(0, pid.find('\n')));
        throw Error("another build " + (pid.empty() ? std::string() : "(pid " + pid + ") ") + "is writing " + db_dir.string(),
                    ErrorKind::busy, db_dir.string());
    }
    // Written over the old pid, then cut to length, so a build refused
    // meanwhile reads a whole pid, never an empty file.
    const auto pid = std::to_string(::getpid()) + "\n";
    if (::pwrite(m_fd, pid.data(), pid.size(), 0) < 0 || ::ftruncate(m_fd, static_cast<off_t>(pid.size())) != 0) {
        // The pid is only for the message above; the lock itself holds.
    }
    fault_point("after-lock");
}

BuildLock::~BuildLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the flock
}

void prepare_folder(const fs::path& db_dir) {
    std::error_code ec;
    if (fs::exists(db_dir, ec)) {
        if (!fs::is_directory(db_dir, ec))
            throw Error(db_dir.string() + " exists and is not a folder", ErrorKind::usage, db_dir.string());
        if (shards::is_shard_stub(db_dir / k_stub))
            throw Error(db_dir.string() + " lists shards kept elsewhere; build each where it lives", ErrorKind::usage,
                        db_dir.string());
        const bool ours = fs::exists(db_dir / k_stub, ec) || fs::exists(db_dir / ".lock", ec);
        if (!ours && !fs::is_empty(db_dir, ec))
            throw Error(db_dir.string() + " is not empty and not an aisys-search index", ErrorKind::usage, db_dir.string());
        return;
    }
    fs::create_directories(db_dir, ec);
    if (ec) throw Error("cannot create " + db_dir.string() + ": " + ec.message(), ErrorKind::io);
}

void remove_stale(const fs::path& db_dir) {
    const auto current = current_generation(db_dir);
    std::vector<std::string> stale;
    for (const auto& name : folder_names(db_dir))
        if (starts_with(name, ".tmp-") || starts_with(name, ".old-") || name == std::string(k_stub) + ".tmp" ||
            (is_generation(name) && name != current))
            stale.push_back(name);
    std::error_code ec;
    for (const auto& name : stale) {
        // A generation the stub named a moment ago may still be being opened.
        if (is_generation(name)) retire(db_dir / name);
        else fs::remove_all(db_dir / name, ec);
        fault_point("in-remove-stale");
    }
}

std::string publish(const fs::path& db_dir, const fs::path& built) {
    // Past every generation present, so a name is never reused while a
    // reader may hold the folder it used to name.
    long last = 0;
    for (const auto& name : folder_names(db_dir)) last = std::max(last, generation_number(name));
    const std::string next = "gen-" + std::to_string(last + 1);
    if (::rename(built.c_str(), (db_dir / next).c_str()) != 0)
        throw Error("cannot move the new index into place in " + db_dir.string() + ": " + errno_text() + k_unchanged, ErrorKind::io);

    fault_point("before-swap");
    const auto tmp_stub = db_dir / (std::string(k_stub) + ".tmp");
    try {
        write_stub(tmp_stub, next, fs::exists(db_dir / next / k_stub));
        fault_point("before-stub-rename");
        if (::rename(tmp_stub.c_str(), (db_dir / k_stub).c_str()) != 0)
            throw Error("cannot swap in the new index at " + db_dir.string() + ": " + errno_text() + k_unchanged, ErrorKind::io);
    } catch (...) {
        std::error_code ec;
        fs::remove(tmp_stub, ec);
        retire(db_dir / next);
        throw;
    }
    fsync_path(db_dir);
    fault_point("after-swap");

    for (const auto& name : folder_names(db_dir))
        if (is_generation(name) && name != next) retire(db_dir / name);
    return next;
}

void fault_point(std::string_view point, std::size_t count) {
    const char* fault = std::getenv("AISYS_FAULT");
    if (!fault) return;
    const std::string_view f(fault);
    const auto colon = f.find(':');
    const std::string_view action = f.substr(0, colon);
    const std::string_view arg = colon == std::string_view::npos ? std::string_view() : f.substr(colon + 1);
    const std::string counted = count ? std::to_string(count) : std::string();
    if (action == "kill-" + std::string(point) && arg == counted) ::raise(SIGKILL);
    // Once: a point passed again (Index::open retrying, say) goes straight on.
    static std::atomic<bool> waited = false;
    if (action == "wait-" + std::string(point) && !arg.empty() && !count && !waited.exchange(true))
        wait_for_test(std::string(arg));
}

// Times open_current follows the stub anew when a rebuild swapped it while
// the generation it named was being opened; each costs a rebuild elsewhere.
constexpr int k_open_attempts = 10;

Generation open_folder(const fs::path& folder, const shards::RemoteOptions& options) {
    Generation g;
    g.folder = folder.string();
    std::error_code ec;
    if (fs::exists(folder / k_stub, ec)) {
        auto opened = shards::open_stub(folder / k_stub, options);
        g.db = std::move(opened.db);
        g.databases = opened.databases;
        g.remote = opened.remote;
        g.missing = std::move(opened.missing);
    } else {
        g.db = Xapian::Database(folder.string(), Xapian::DB_BACKEND_GLASS);
    }
    return g;
}

Generation open_current(const std::string& db_dir, const shards::RemoteOptions& options) {
    auto damaged = [&](const std::string& what) { return Error("the index at " + db_dir + " " + what, ErrorKind::damaged_index, db_dir); };
    const fs::path dir(db_dir);
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec))
        throw Error(db_dir + " is a file, not an aisys-search index folder", ErrorKind::usage, db_dir);
    if (!fs::exists(dir / k_stub, ec)) {
        if (fs::exists(dir / "iamglass", ec))
            throw Error(db_dir + " is a Xapian database that aisys-search did not write", ErrorKind::usage, db_dir);
        if (fs::exists(dir, ec) && !fs::is_empty(dir, ec) && !fs::exists(dir / ".lock", ec))
            throw Error(db_dir + " holds other files, not an aisys-search index", ErrorKind::usage, db_dir);
        throw Error("no index at " + db_dir + " yet", ErrorKind::not_found, db_dir);
    }
    // A reader's stub that lists shards kept elsewhere: no generations to follow.
    if (shards::is_shard_stub(dir / k_stub)) {
        try {
            return open_folder(dir, options);
        } catch (const Xapian::Error& e) {
            throw damaged("is damaged (" + e.get_msg() + ")");
        }
    }
    Generation opened;
    // The generation is opened by the name the stub gives. A rebuild may swap
    // the stub and delete that generation meanwhile: Xapian then fails to
    // open it, or (a missing optional table reads as empty) opens part of it.
    // Generations are renamed away before they are deleted, so one still
    // there after opening was whole; otherwise the next attempt reads the new stub.
    for (int attempt = 0;; ++attempt) {
        const std::string generation = current_generation(dir);
        if (generation.empty())
            throw damaged(std::string("is damaged (its ") + k_stub + " file names no generation)");
        fault_point("after-stub");
        const fs::path folder = dir / generation;
        const bool last = attempt == k_open_attempts;
        try {
            opened = open_folder(folder, options);
        } catch (const Xapian::DatabaseOpeningError& e) {
            if (!last && current_generation(dir) != generation) continue;
            throw damaged("is damaged (" + e.get_msg() + ")");
        } catch (const Xapian::Error& e) {
            throw damaged("is damaged (" + e.get_msg() + ")");
        } catch (const Error& e) {
            // A sharded generation's own stub gone: retired meanwhile, or damage.
            if (e.kind() == ErrorKind::network) throw;
            if (!last && current_generation(dir) != generation) continue;
            throw damaged("is damaged (" + std::string(e.what()) + ")");
        }
        if (fs::is_directory(folder, ec)) break;
        if (last) throw Error("the index at " + db_dir + " was rebuilt " + std::to_string(attempt + 1) +
                              " times while it was being opened; try again", ErrorKind::busy, db_dir);
    }
    return opened;
}

} // namespace aisys::store

namespace aisys {

bool index_exists(const std::string& db_dir) {
    std::error_code ec;
    return fs::exists(fs::path(db_dir) / store::k_stub, ec);
}

} // namespace aisys

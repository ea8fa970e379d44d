#include "index/store.hpp"

#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <sys/file.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace aisys::store {

namespace {

[[noreturn]] void fail(const std::string& what) { throw Error(what + ": " + std::strerror(errno)); }

void fsync_path(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ::fsync(fd);
    ::close(fd);
}

int generation_number(const std::string& name) {
    if (name.rfind("gen-", 0) != 0) return 0;
    return std::atoi(name.c_str() + 4);
}

} // namespace

std::string current_generation(const fs::path& db_dir) {
    std::ifstream in(db_dir / k_stub);
    if (!in) return "";
    std::string backend, target;
    in >> backend >> target;
    return backend == "glass" ? target : "";
}

BuildLock::BuildLock(const fs::path& db_dir) {
    const auto path = db_dir / ".lock";
    m_fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (m_fd < 0) fail("cannot create " + path.string());
    if (::flock(m_fd, LOCK_EX | LOCK_NB) != 0) {
        char pid[32] = {};
        const auto n = ::pread(m_fd, pid, sizeof pid - 1, 0);
        ::close(m_fd);
        m_fd = -1;
        throw Error("another 'aisys-search index' (pid " + text::trim(std::string(pid, n > 0 ? n : 0)) +
                    ") is building " + db_dir.string() + "; wait for it to finish");
    }
    const auto pid = std::to_string(::getpid()) + "\n";
    if (::ftruncate(m_fd, 0) != 0 || ::pwrite(m_fd, pid.data(), pid.size(), 0) < 0) {
        // The pid is only for the message above; the lock itself holds.
    }
}

BuildLock::~BuildLock() {
    if (m_fd >= 0) ::close(m_fd);  // closing releases the flock
}

void prepare_folder(const fs::path& db_dir) {
    std::error_code ec;
    if (fs::exists(db_dir, ec)) {
        if (!fs::is_directory(db_dir, ec)) throw Error(db_dir.string() + " exists and is not a folder; choose another --db");
        const bool ours = fs::exists(db_dir / k_stub, ec) || fs::exists(db_dir / ".lock", ec);
        if (!ours && !fs::is_empty(db_dir, ec))
            throw Error(db_dir.string() + " is not empty and not an aisys-search index; choose another --db");
        return;
    }
    fs::create_directories(db_dir, ec);
    if (ec) throw Error("cannot create " + db_dir.string() + ": " + ec.message());
}

void remove_stale(const fs::path& db_dir) {
    const auto current = current_generation(db_dir);
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(db_dir, ec)) {
        const auto name = entry.path().filename().string();
        const bool stale_build = name.rfind(".tmp-", 0) == 0;
        const bool old_generation = name.rfind("gen-", 0) == 0 && name != current;
        if (stale_build || old_generation) fs::remove_all(entry.path(), ec);
    }
}

std::string publish(const fs::path& db_dir, const fs::path& built) {
    const auto current = current_generation(db_dir);
    const std::string next = "gen-" + std::to_string(generation_number(current) + 1);
    std::error_code ec;
    fs::remove_all(db_dir / next, ec);
    fs::rename(built, db_dir / next, ec);
    if (ec) throw Error("cannot move the new index into place in " + db_dir.string() + ": " + ec.message());

    fault_point("kill-before-swap");
    const auto tmp_stub = db_dir / (std::string(k_stub) + ".tmp");
    {
        std::ofstream out(tmp_stub, std::ios::trunc);
        out << "glass " << next << "\n";
        out.flush();
        if (!out) throw Error("cannot write " + tmp_stub.string());
    }
    fsync_path(tmp_stub);
    if (::rename(tmp_stub.c_str(), (db_dir / k_stub).c_str()) != 0) fail("cannot swap in the new index at " + db_dir.string());
    fsync_path(db_dir);
    fault_point("kill-after-swap");

    if (!current.empty()) fs::remove_all(db_dir / current, ec);
    return next;
}

void fault_point(std::string_view point, std::size_t count) {
    const char* fault = std::getenv("AISYS_FAULT");
    if (!fault) return;
    std::string_view f(fault);
    if (point == "kill-after-docs") {
        const std::string_view key = "kill-after-docs:";
        if (f.rfind(key, 0) == 0 && std::to_string(count) == f.substr(key.size())) ::raise(SIGKILL);
    } else if (f == point) {
        ::raise(SIGKILL);
    }
}

} // namespace aisys::store

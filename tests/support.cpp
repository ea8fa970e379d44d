#include "support.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <grp.h>
#include <iterator>
#include <poll.h>
#include <pty.h>
#include <random>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <stdexcept>
#include <thread>

extern char** environ;

namespace fs = std::filesystem;

namespace aisys::test {

TempDir::TempDir() {
    std::random_device rd;
    for (int i = 0; i < 100; ++i) {
        auto candidate = fs::temp_directory_path() / ("aisys-test-" + std::to_string(rd()));
        if (fs::create_directory(candidate)) {
            m_path = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary folder");
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(m_path, ec);
}

RunResult run_cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    return CliProcess(args, env).wait();
}

namespace {

// The environment run_cli gives a child, as "NAME=value" strings.
std::vector<std::string> child_environment(const std::map<std::string, std::string>& env) {
    std::map<std::string, std::string> full_env{{"PATH", "/usr/bin:/bin"}};
    if (const char* home = std::getenv("HOME")) full_env["HOME"] = home;
    full_env["AISYS_OFFLINE"] = "1";
    // One fetch cache per test process, removed when it exits (by the process
    // that made it: a forked child exiting leaves it to its parent).
    struct ProcessCache {
        pid_t owner = ::getpid();
        fs::path path = fs::temp_directory_path() / ("aisys-test-cache-" + std::to_string(owner));
        ~ProcessCache() {
            std::error_code ec;
            if (::getpid() == owner) fs::remove_all(path, ec);
        }
    };
    static const ProcessCache cache;
    full_env["XDG_CACHE_HOME"] = cache.path.string();
    // A folder that does not exist: the config file of whoever runs the
    // tests never reaches the binary they run.
    full_env["XDG_CONFIG_HOME"] = (fs::temp_directory_path() / ("aisys-test-config-" + std::to_string(::getpid()))).string();
    for (const auto& [k, v] : env) full_env[k] = v;
    std::vector<std::string> env_s;
    for (const auto& [k, v] : full_env) env_s.push_back(k + "=" + v);
    return env_s;
}

std::vector<char*> pointers(std::vector<std::string>& strings) {
    std::vector<char*> p;
    for (auto& s : strings) p.push_back(s.data());
    p.push_back(nullptr);
    return p;
}

// Reads a child's stdout and stderr as they come, until it closes both.
void collect(int out_fd, int err_fd, std::string& out, std::string& err) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
    int open = 2;
    char buf[65536];
    while (open > 0) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            break;
        }
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || fds[i].revents == 0) continue;
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n > 0) {
                (i == 0 ? out : err).append(buf, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                ::close(fds[i].fd);
                fds[i].fd = -1;
                --open;
            }
        }
    }
    for (const auto& f : fds)
        if (f.fd >= 0) ::close(f.fd);
}

} // namespace

struct CliProcess::Output {
    std::thread reader;
    std::string out, err;
};

CliProcess::CliProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                       const ChildLimits& limits) {
    // Everything the child needs is made before fork: after it, in a
    // process with threads, the child may only make system calls.
    std::vector<std::string> argv_s{limits.program.empty() ? std::string(AISYS_BINARY) : limits.program};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<std::string> env_s = child_environment(env);
    std::vector<char*> argv = pointers(argv_s), envp = pointers(env_s);
    int out_pipe[2], err_pipe[2];
    // Close-on-exec, so that a child started meanwhile by another thread
    // never holds these pipes open.
    if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0 || ::pipe2(m_exited, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    const rlimit file_size{limits.max_file_size, limits.max_file_size};
    const bool drop = limits.as_nobody && ::geteuid() == 0;
    m_pid = ::fork();
    if (m_pid < 0) throw std::runtime_error("fork failed");
    if (m_pid == 0) {
        const int null_fd = ::open("/dev/null", O_RDONLY);
        if (null_fd < 0 || ::dup2(null_fd, 0) < 0 || ::dup2(out_pipe[1], 1) < 0 || ::dup2(err_pipe[1], 2) < 0) ::_exit(127);
        if (limits.max_file_size) {
            ::signal(SIGXFSZ, SIG_IGN);  // kept across exec: a write past the limit fails instead of killing
            if (::setrlimit(RLIMIT_FSIZE, &file_size) != 0) ::_exit(127);
        }
        if (drop && (::setgroups(0, nullptr) != 0 || ::setgid(65534) != 0 || ::setuid(65534) != 0)) ::_exit(127);
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    m_output = new Output;
    const int exited_write = m_exited[1];
    m_output->reader = std::thread([this, out = out_pipe[0], err = err_pipe[0], exited_write] {
        collect(out, err, m_output->out, m_output->err);
        ::close(exited_write);  // the child closed its output: it has ended
    });
}

CliProcess::~CliProcess() {
    if (!m_waited && m_pid > 0) wait();
    delete m_output;
    if (m_exited[0] >= 0) ::close(m_exited[0]);
}

RunResult CliProcess::wait() {
    if (m_waited) return m_result;
    m_output->reader.join();
    int status = 0;
    struct rusage usage {};
    while (::wait4(m_pid, &status, 0, &usage) < 0 && errno == EINTR) {
    }
    m_result.max_rss_kb = static_cast<std::size_t>(usage.ru_maxrss);
    m_result.out = std::move(m_output->out);
    m_result.err = std::move(m_output->err);
    if (WIFEXITED(status)) m_result.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) m_result.exit_code = 128 + WTERMSIG(status);
    m_waited = true;
    return m_result;
}

RunResult run_cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                  const ChildLimits& limits) {
    return CliProcess(args, env, limits).wait();
}

PausePoint::PausePoint() {
    for (const char* name : {"reached", "release"}) {
        const auto path = m_dir.path() / name;
        // Open to all: a child may run as another user (ChildLimits::as_nobody).
        if (::mkfifo(path.c_str(), 0666) != 0 || ::chmod(path.c_str(), 0666) != 0)
            throw std::runtime_error("cannot make the fifo " + path.string());
    }
    // Held open from the start, so the child never waits to say it is there.
    m_reached_fd = ::open((m_dir.path() / "reached").c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (m_reached_fd < 0) throw std::runtime_error("cannot open the fifo in " + m_dir.str());
}

PausePoint::~PausePoint() {
    release();
    ::close(m_reached_fd);
}

std::string PausePoint::fault(const std::string& point) const { return "wait-" + point + ":" + m_dir.str(); }

int PausePoint::reached(const CliProcess& process) {
    pollfd fds[2] = {{m_reached_fd, POLLIN, 0}, {process.exited_fd(), POLLIN, 0}};
    for (;;) {
        if (::poll(fds, 2, -1) < 0) {
            if (errno == EINTR) continue;
            throw std::runtime_error("poll failed");
        }
        if (fds[0].revents) {
            char buf[32] = {};
            const ssize_t n = ::read(m_reached_fd, buf, sizeof buf - 1);
            // Reopened, so the writer having closed it does not read as another arrival.
            ::close(m_reached_fd);
            m_reached_fd = ::open((m_dir.path() / "reached").c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
            fds[0].fd = m_reached_fd;
            if (n > 0) {
                m_waiting = true;
                return std::atoi(buf);
            }
            continue;
        }
        if (fds[1].revents) return -1;
    }
}

void PausePoint::release() {
    if (!m_waiting) return;
    // Blocks until the paused process opens its end (it does so right after
    // saying it is there); closing at once is its signal to go on.
    const int fd = ::open((m_dir.path() / "release").c_str(), O_WRONLY | O_CLOEXEC);
    if (fd >= 0) ::close(fd);
    m_waiting = false;
}

std::string fixture(const std::string& name) { return std::string(AISYS_FIXTURES_DIR) + "/" + name; }
std::string default_list() { return std::string(AISYS_INDEX_DIR) + "/awesome-ai-system.md"; }
std::string venue_table() { return std::string(AISYS_INDEX_DIR) + "/venues.tsv"; }
std::string synonym_table() { return std::string(AISYS_INDEX_DIR) + "/synonyms.tsv"; }

std::string shared_dir() {
    std::error_code ec;
    const fs::path dir = AISYS_SHARED_DIR;
    return fs::is_directory(dir / "seed", ec) ? fs::canonical(dir, ec).string() : std::string();
}

const VenueTable& venues() {
    static const VenueTable table = VenueTable::load(venue_table());
    return table;
}

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

void write_file(const fs::path& path, const std::string& content) {
    if (path.has_parent_path()) fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

} // namespace aisys::test

namespace aisys::test {

RunResult run_cli_on_tty(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                         unsigned short columns) {
    std::vector<std::string> argv_s{AISYS_BINARY};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<std::string> env_s = child_environment(env);
    std::vector<char*> argv = pointers(argv_s), envp = pointers(env_s);
    winsize size{};
    size.ws_row = 24;
    size.ws_col = columns;
    int master = -1;
    const pid_t pid = ::forkpty(&master, nullptr, nullptr, &size);
    if (pid < 0) throw std::runtime_error("forkpty failed");
    if (pid == 0) {
        ::execve(argv[0], argv.data(), envp.data());
        ::_exit(127);
    }
    RunResult result;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(master, buf, sizeof buf);
        if (n > 0) {
            result.out.append(buf, static_cast<std::size_t>(n));
        } else if (n < 0 && errno == EINTR) {
            continue;
        } else {
            break;  // EIO: every process holding the terminal has closed it
        }
    }
    ::close(master);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    std::string plain;  // the terminal writes each newline as CR LF
    for (const char c : result.out)
        if (c != '\r') plain += c;
    result.out = plain;
    return result;
}

} // namespace aisys::test

#include "support.hpp"

#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <iterator>
#include <random>
#include <spawn.h>
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

namespace {

std::string slurp(int fd) {
    std::string data;
    char buf[65536];
    ssize_t n;
    while ((n = ::read(fd, buf, sizeof buf)) > 0) data.append(buf, static_cast<std::size_t>(n));
    return data;
}

} // namespace

RunResult run_cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env) {
    std::vector<std::string> argv_s{AISYS_BINARY};
    argv_s.insert(argv_s.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_s) argv.push_back(a.data());
    argv.push_back(nullptr);

    std::map<std::string, std::string> full_env{{"PATH", "/usr/bin:/bin"}};
    if (const char* home = std::getenv("HOME")) full_env["HOME"] = home;
    // Never the internet, never the user's cache, unless a test says otherwise.
    full_env["AISYS_OFFLINE"] = "1";
    full_env["XDG_CACHE_HOME"] = (fs::temp_directory_path() / ("aisys-test-cache-" + std::to_string(::getpid()))).string();
    for (const auto& [k, v] : env) full_env[k] = v;
    std::vector<std::string> env_s;
    for (const auto& [k, v] : full_env) env_s.push_back(k + "=" + v);
    std::vector<char*> envp;
    for (auto& e : env_s) envp.push_back(e.data());
    envp.push_back(nullptr);

    int out_pipe[2], err_pipe[2];
    if (::pipe(out_pipe) != 0 || ::pipe(err_pipe) != 0) throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_addclose(&actions, out_pipe[0]);
    posix_spawn_file_actions_addclose(&actions, err_pipe[0]);
    pid_t pid;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    if (rc != 0) throw std::runtime_error("cannot run " + argv_s[0]);

    RunResult result;
    std::thread err_reader([&] { result.err = slurp(err_pipe[0]); });
    result.out = slurp(out_pipe[0]);
    err_reader.join();
    ::close(out_pipe[0]);
    ::close(err_pipe[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    else if (WIFSIGNALED(status)) result.exit_code = 128 + WTERMSIG(status);
    return result;
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

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
    std::size_t max_rss_kb = 0;  ///< peak resident memory of the process
};

/// Runs the built aisys-search with `args`, extra environment `env` (added to
/// a clean environment with HOME, PATH, AISYS_OFFLINE=1 and a test cache
/// folder), no stdin, and waits for it.
RunResult run_cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {});

/// run_cli with a terminal of `columns` columns as the child's stdin, stdout
/// and stderr (both outputs land in `out`, newlines as "\n").
RunResult run_cli_on_tty(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
                         unsigned short columns = 80);

/// How a child process runs, beyond its arguments and environment.
struct ChildLimits {
    /// RLIMIT_FSIZE in bytes, with SIGXFSZ ignored so that a write past it
    /// fails with EFBIG, as on a full disk; 0 = no limit.
    unsigned long max_file_size = 0;
    /// When the tests run as root (who may write anywhere), run the child as
    /// uid/gid 65534 (nobody) so that folder permissions apply to it.
    bool as_nobody = false;
    /// The program to run instead of the built aisys-search (a copy of it
    /// elsewhere, say); "" = the built one.
    std::string program;
};

/// The built aisys-search running in the background, with the environment
/// run_cli gives. Its output is collected as it comes, so it never blocks on
/// a full pipe. The destructor waits for it.
class CliProcess {
public:
    CliProcess(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {},
               const ChildLimits& limits = {});
    ~CliProcess();
    CliProcess(const CliProcess&) = delete;
    CliProcess& operator=(const CliProcess&) = delete;

    int pid() const { return m_pid; }
    /// A descriptor that polls readable once the process has exited.
    int exited_fd() const { return m_exited[0]; }
    /// Waits for the process to end; what it printed and how it ended.
    RunResult wait();

private:
    struct Output;
    int m_pid = -1;
    int m_exited[2] = {-1, -1};
    Output* m_output = nullptr;
    bool m_waited = false;
    RunResult m_result;
};

/// run_cli with limits on the child.
RunResult run_cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                  const ChildLimits& limits);

/// A place where aisys-search, run with AISYS_FAULT=fault("POINT"), stands
/// still until the test lets it go (see store::fault_point): a test then
/// acts at a known moment of a build or a search, without sleeping.
class PausePoint {
public:
    PausePoint();
    ~PausePoint();  ///< releases a process still standing there
    PausePoint(const PausePoint&) = delete;
    PausePoint& operator=(const PausePoint&) = delete;

    /// The AISYS_FAULT value pausing at `point`: "wait-POINT:FOLDER".
    std::string fault(const std::string& point) const;
    /// Blocks until `process` stands at the point: returns its pid, or -1
    /// when it exited without getting there.
    int reached(const CliProcess& process);
    /// Lets the process standing at the point go on.
    void release();

private:
    TempDir m_dir;
    int m_reached_fd = -1;
    bool m_waiting = false;  // a process stands at the point
};

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

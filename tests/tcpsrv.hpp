#pragma once
// xapian-tcpsrv (Debian's xapian-tools) serving one database on 127.0.0.1,
// for the tests and benchmarks of remote shards.

#include <filesystem>
#include <string>
#include <sys/types.h>

namespace aisys::test {

/// A free TCP port on 127.0.0.1 (bound, read and released: free a moment ago).
unsigned free_port();

/// Whether something accepts connections on 127.0.0.1:`port`.
bool accepts(unsigned port);

/// xapian-tcpsrv serving `database` on 127.0.0.1: ready when constructed (it
/// accepts a connection; another port is tried when one was taken
/// meanwhile), killed when destroyed. Throws std::runtime_error when it
/// cannot start (xapian-tools not installed, say).
class TcpServer {
public:
    explicit TcpServer(const std::filesystem::path& database);
    ~TcpServer() { stop(); }
    TcpServer(const TcpServer&) = delete;
    TcpServer& operator=(const TcpServer&) = delete;

    unsigned port() const { return m_port; }
    /// The line of a reader's XAPIANDB stub that names this server.
    std::string stub_line() const { return "remote 127.0.0.1:" + std::to_string(m_port); }
    /// Stops it answering (SIGSTOP): connections are accepted by the kernel, never answered.
    void pause();
    void stop();

private:
    pid_t m_pid = 0;
    unsigned m_port = 0;
};

} // namespace aisys::test

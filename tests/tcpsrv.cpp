#include "tcpsrv.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <stdexcept>

namespace aisys::test {

namespace {

sockaddr_in loopback(unsigned port) {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return addr;
}

} // namespace

unsigned free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr = loopback(0);
    socklen_t len = sizeof addr;
    const bool ok = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0;
    if (fd >= 0) ::close(fd);
    if (!ok) throw std::runtime_error("no free port on 127.0.0.1");
    return ntohs(addr.sin_port);
}

bool accepts(unsigned port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) return false;
    const sockaddr_in addr = loopback(port);
    const bool ok = ::connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

TcpServer::TcpServer(const std::filesystem::path& database) {
    for (int attempt = 0; attempt < 5 && !m_pid; ++attempt) {
        m_port = free_port();
        const pid_t pid = ::fork();
        if (pid < 0) throw std::runtime_error("fork failed");
        if (pid == 0) {
            const int null = ::open("/dev/null", O_WRONLY);  // its note on each connection closed
            ::dup2(null, 1);
            ::dup2(null, 2);
            const std::string port = std::to_string(m_port);
            ::execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", port.c_str(), "--quiet",
                     database.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        // Ready once it accepts; gone when it could not listen (the port taken meanwhile).
        for (;;) {
            if (accepts(m_port)) {
                m_pid = pid;
                break;
            }
            int status = 0;
            if (::waitpid(pid, &status, WNOHANG) == pid) {
                if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
                    throw std::runtime_error("xapian-tcpsrv could not be run: is xapian-tools installed?");
                break;
            }
            ::usleep(10000);  // polling the connect, not waiting for a guess at readiness
        }
    }
    if (!m_pid) throw std::runtime_error("xapian-tcpsrv did not start serving " + database.string());
}

void TcpServer::pause() {
    if (m_pid) ::kill(m_pid, SIGSTOP);
}

void TcpServer::stop() {
    if (!m_pid) return;
    ::kill(m_pid, SIGKILL);
    ::waitpid(m_pid, nullptr, 0);
    m_pid = 0;
}

} // namespace aisys::test

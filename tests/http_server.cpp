#include "http_server.hpp"

#include <zlib.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>
#include <set>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace aisys::test {

namespace {

constexpr std::size_t kMaxHeaderBytes = 1 << 20;  // 1 MiB of request head
constexpr std::size_t kMaxBodyBytes = 64 << 20;   // 64 MiB of request body

[[noreturn]] void throw_errno(const char* what) {
    throw std::system_error(errno, std::generic_category(), what);
}

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// %XX decoding; a malformed escape is kept as is. '+' becomes a space when plus_is_space.
std::string percent_decode(const std::string& s, bool plus_is_space) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '%' && i + 2 < s.size()) {
            const int hi = hex_value(s[i + 1]);
            const int lo = hex_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += (plus_is_space && c == '+') ? ' ' : c;
    }
    return out;
}

std::map<std::string, std::string> parse_query(const std::string& q) {
    std::map<std::string, std::string> out;
    std::size_t pos = 0;
    while (pos <= q.size()) {
        auto amp = q.find('&', pos);
        if (amp == std::string::npos) amp = q.size();
        const std::string part = q.substr(pos, amp - pos);
        if (!part.empty()) {
            const auto eq = part.find('=');
            if (eq == std::string::npos)
                out[percent_decode(part, true)] = "";
            else
                out[percent_decode(part.substr(0, eq), true)] = percent_decode(part.substr(eq + 1), true);
        }
        pos = amp + 1;
    }
    return out;
}

const char* reason_phrase(int status) {
    switch (status) {
    case 200: return "OK";
    case 301: return "Moved Permanently";
    case 304: return "Not Modified";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
    }
}

std::string gzip_compress(const std::string& in) {
    z_stream zs{};
    if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("deflateInit2 failed");
    std::string out(deflateBound(&zs, static_cast<uLong>(in.size())) + 32, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    zs.avail_in = static_cast<uInt>(in.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    const auto produced = zs.total_out;
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("deflate failed");
    out.resize(produced);
    return out;
}

} // namespace

struct HttpServer::Impl {
    Handler handler;
    int listen_fd = -1;
    int wake_pipe[2] = {-1, -1};  // written once by the destructor; every poll() watches [0]
    int port = 0;

    std::atomic<bool> stop{false};
    std::mutex stop_mu;  // guards the condition variable used for the server's own waits
    std::condition_variable stop_cv;

    mutable std::mutex req_mu;
    std::vector<HttpRequest> recorded;

    std::mutex conn_mu;  // guards client_fds, workers and finished
    std::set<int> client_fds;
    std::map<std::thread::id, std::thread> workers;
    std::vector<std::thread::id> finished;  // workers that are done and may be joined

    std::thread acceptor;

    /// Waits ms milliseconds; false when the server is stopping.
    bool wait_ms(int ms) {
        std::unique_lock<std::mutex> lk(stop_mu);
        return !stop_cv.wait_for(lk, std::chrono::milliseconds(ms), [this] { return stop.load(); });
    }

    /// Waits until fd is readable; false when stopping or on error.
    bool wait_readable(int fd) {
        for (;;) {
            if (stop) return false;
            pollfd fds[2] = {{fd, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
            const int rc = ::poll(fds, 2, -1);
            if (rc < 0) {
                if (errno == EINTR) continue;
                return false;
            }
            if (fds[1].revents != 0 || stop) return false;
            if (fds[0].revents != 0) return true;
        }
    }

    bool send_all(int fd, const char* data, std::size_t size) {
        while (size > 0) {
            if (stop) return false;
            const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
            if (n < 0) {
                if (errno == EINTR) continue;
                return false;
            }
            data += n;
            size -= static_cast<std::size_t>(n);
        }
        return true;
    }

    /// Reads one request (head plus any Content-Length body); false when the
    /// connection is unusable.
    bool read_request(int fd, HttpRequest& req) {
        std::string buf;
        std::size_t head_end = std::string::npos;
        char chunk[4096];
        while ((head_end = buf.find("\r\n\r\n")) == std::string::npos) {
            if (buf.size() > kMaxHeaderBytes) return false;
            if (!wait_readable(fd)) return false;
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            buf.append(chunk, static_cast<std::size_t>(n));
        }

        const std::string head = buf.substr(0, head_end);
        std::size_t line_end = head.find("\r\n");
        const std::string request_line = head.substr(0, line_end);
        const auto sp1 = request_line.find(' ');
        const auto sp2 = request_line.find(' ', sp1 == std::string::npos ? 0 : sp1 + 1);
        if (sp1 == std::string::npos || sp2 == std::string::npos) return false;
        req.method = request_line.substr(0, sp1);
        req.target = request_line.substr(sp1 + 1, sp2 - sp1 - 1);

        const auto qmark = req.target.find('?');
        req.path = percent_decode(req.target.substr(0, qmark), false);
        if (qmark != std::string::npos) req.query = parse_query(req.target.substr(qmark + 1));

        std::size_t pos = line_end == std::string::npos ? head.size() : line_end + 2;
        while (pos < head.size()) {
            auto eol = head.find("\r\n", pos);
            if (eol == std::string::npos) eol = head.size();
            const std::string line = head.substr(pos, eol - pos);
            pos = eol + 2;
            const auto colon = line.find(':');
            if (colon == std::string::npos) continue;
            const std::string name = lower(trim(line.substr(0, colon)));
            const std::string value = trim(line.substr(colon + 1));
            auto [it, inserted] = req.headers.emplace(name, value);
            if (!inserted) it->second += ", " + value;
        }

        // Tolerate a body: read and ignore it so closing does not reset the peer.
        std::size_t body_len = 0;
        if (auto it = req.headers.find("content-length"); it != req.headers.end()) {
            try {
                body_len = static_cast<std::size_t>(std::stoull(it->second));
            } catch (const std::exception&) {
                return false;
            }
            if (body_len > kMaxBodyBytes) return false;
        }
        std::size_t have = buf.size() - (head_end + 4);
        while (have < body_len) {
            if (!wait_readable(fd)) return false;
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            have += static_cast<std::size_t>(n);
        }
        return true;
    }

    void send_reply(int fd, const HttpReply& reply) {
        if (reply.delay_ms > 0 && !wait_ms(reply.delay_ms)) return;

        const bool no_body = reply.status == 304;
        std::string body = no_body ? std::string() : reply.body;
        if (reply.gzip && !no_body) body = gzip_compress(body);

        std::string head = "HTTP/1.1 " + std::to_string(reply.status) + " " + reason_phrase(reply.status) + "\r\n";
        for (const auto& [name, value] : reply.headers) head += name + ": " + value + "\r\n";
        if (reply.gzip && !no_body) head += "Content-Encoding: gzip\r\n";
        if (!no_body) head += "Content-Length: " + std::to_string(body.size()) + "\r\n";
        head += "Connection: close\r\n\r\n";

        if (!send_all(fd, head.data(), head.size())) return;

        const std::size_t to_send = reply.truncate ? body.size() / 2 : body.size();
        if (reply.trickle_ms > 0) {
            for (std::size_t i = 0; i < to_send; ++i) {
                if (i > 0 && !wait_ms(reply.trickle_ms)) return;
                if (!send_all(fd, body.data() + i, 1)) return;
            }
        } else {
            send_all(fd, body.data(), to_send);
        }
    }

    /// Half-closes and waits briefly for the client to hang up, so the reply
    /// is not lost to a reset.
    void linger(int fd) {
        ::shutdown(fd, SHUT_WR);
        char chunk[1024];
        for (int rounds = 0; rounds < 20 && !stop; ++rounds) {
            pollfd fds[2] = {{fd, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
            const int rc = ::poll(fds, 2, 100);
            if (rc < 0 && errno == EINTR) continue;
            if (rc <= 0 || fds[1].revents != 0) return;
            const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
            if (n <= 0) return;
        }
    }

    void serve(int fd) {
        try {
            HttpRequest req;
            if (read_request(fd, req)) {
                {
                    std::lock_guard<std::mutex> lk(req_mu);
                    recorded.push_back(req);
                }
                HttpReply reply;
                try {
                    reply = handler(req);
                } catch (...) {
                    reply = HttpReply{};
                    reply.status = 500;
                    reply.body = "handler threw";
                }
                send_reply(fd, reply);
                linger(fd);
            }
        } catch (...) {
            // Errors end the connection quietly.
        }
        std::lock_guard<std::mutex> lk(conn_mu);
        client_fds.erase(fd);
        ::close(fd);
        finished.push_back(std::this_thread::get_id());
    }

    /// Joins the connection threads that have finished, so a long-lived server
    /// does not accumulate them.
    void reap() {
        std::vector<std::thread> done;
        {
            std::lock_guard<std::mutex> lk(conn_mu);
            for (const auto& id : finished) {
                auto it = workers.find(id);
                if (it == workers.end()) continue;
                done.push_back(std::move(it->second));
                workers.erase(it);
            }
            finished.clear();
        }
        for (auto& t : done) t.join();
    }

    void accept_loop() {
        while (!stop) {
            pollfd fds[2] = {{listen_fd, POLLIN, 0}, {wake_pipe[0], POLLIN, 0}};
            const int rc = ::poll(fds, 2, -1);
            if (rc < 0) {
                if (errno == EINTR) continue;
                return;
            }
            if (fds[1].revents != 0 || stop) return;
            if (fds[0].revents == 0) continue;
            reap();
            const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED || errno == EAGAIN || errno == EWOULDBLOCK) continue;
                if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
                    wait_ms(10);
                    continue;
                }
                return;
            }
            std::lock_guard<std::mutex> lk(conn_mu);
            if (stop) {
                ::close(fd);
                return;
            }
            client_fds.insert(fd);
            try {
                // The worker cannot finish before it is registered: it takes
                // conn_mu, held here, on its way out.
                std::thread t([this, fd] { serve(fd); });
                const auto id = t.get_id();
                workers.emplace(id, std::move(t));
            } catch (...) {
                client_fds.erase(fd);
                ::close(fd);
            }
        }
    }

    void close_fds() {
        if (listen_fd >= 0) ::close(listen_fd);
        if (wake_pipe[0] >= 0) ::close(wake_pipe[0]);
        if (wake_pipe[1] >= 0) ::close(wake_pipe[1]);
        listen_fd = wake_pipe[0] = wake_pipe[1] = -1;
    }
};

HttpServer::HttpServer(Handler handler) : m_impl(std::make_unique<Impl>()) {
    Impl& s = *m_impl;
    s.handler = std::move(handler);
    try {
        if (::pipe2(s.wake_pipe, O_CLOEXEC) != 0) throw_errno("pipe2");
        s.listen_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        if (s.listen_fd < 0) throw_errno("socket");
        // Accept non-blocking so a connection that vanishes between poll and
        // accept cannot block the accept thread.
        if (::fcntl(s.listen_fd, F_SETFL, ::fcntl(s.listen_fd, F_GETFL) | O_NONBLOCK) != 0) throw_errno("fcntl");
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        if (::bind(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) throw_errno("bind");
        if (::listen(s.listen_fd, 128) != 0) throw_errno("listen");
        socklen_t len = sizeof addr;
        if (::getsockname(s.listen_fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) throw_errno("getsockname");
        s.port = ntohs(addr.sin_port);
        s.acceptor = std::thread([&s] { s.accept_loop(); });
    } catch (...) {
        s.close_fds();
        throw;
    }
}

HttpServer::~HttpServer() {
    Impl& s = *m_impl;
    {
        std::lock_guard<std::mutex> lk(s.stop_mu);
        s.stop = true;
    }
    s.stop_cv.notify_all();
    const char byte = 1;
    while (::write(s.wake_pipe[1], &byte, 1) < 0 && errno == EINTR) {
    }
    if (s.acceptor.joinable()) s.acceptor.join();

    std::map<std::thread::id, std::thread> workers;
    {
        std::lock_guard<std::mutex> lk(s.conn_mu);
        for (int fd : s.client_fds) ::shutdown(fd, SHUT_RDWR);  // unblocks any send() or recv()
        workers.swap(s.workers);
    }
    for (auto& [id, t] : workers)
        if (t.joinable()) t.join();
    s.close_fds();
}

std::string HttpServer::url() const {
    return "http://127.0.0.1:" + std::to_string(m_impl->port);
}

std::vector<HttpRequest> HttpServer::requests() const {
    std::lock_guard<std::mutex> lk(m_impl->req_mu);
    return m_impl->recorded;
}

void HttpServer::clear_requests() {
    std::lock_guard<std::mutex> lk(m_impl->req_mu);
    m_impl->recorded.clear();
}

} // namespace aisys::test

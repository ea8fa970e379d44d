#pragma once
// A real HTTP/1.1 server on 127.0.0.1 for the fetch tests: each test decides
// what it answers, and it records every request it saw.

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace aisys::test {

struct HttpRequest {
    std::string method;                          ///< "GET"
    std::string target;                          ///< path and query as sent: "/repos/o/r/readme?x=1"
    std::string path;                            ///< percent-decoded path: "/repos/o/r/readme"
    std::map<std::string, std::string> query;    ///< percent-decoded query parameters ('+' is a space)
    std::map<std::string, std::string> headers;  ///< names lower-cased
};

struct HttpReply {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;  ///< sent as given (Content-Length is added)
    std::string body;
    int delay_ms = 0;      ///< wait this long before answering (a slow server)
    bool gzip = false;     ///< gzip the body and send Content-Encoding: gzip
    bool truncate = false; ///< announce the whole Content-Length, send half the body, close
    int trickle_ms = 0;    ///< send the body one byte every trickle_ms
};

/// Listens on 127.0.0.1 on a free port from construction to destruction,
/// one thread per connection, "Connection: close" on every reply. Thread-safe.
class HttpServer {
public:
    using Handler = std::function<HttpReply(const HttpRequest&)>;

    explicit HttpServer(Handler handler);
    ~HttpServer();  ///< stops accepting, cuts slow replies short, joins every thread
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    /// "http://127.0.0.1:PORT"
    std::string url() const;

    /// Every request received so far, in arrival order.
    std::vector<HttpRequest> requests() const;

    void clear_requests();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace aisys::test

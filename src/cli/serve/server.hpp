#pragma once
// The web front (`aisys-search serve`): the search page and the JSON API
// over HTTP, on cpp-httplib. A thin front like the command line: requests
// become the same SearchRequest (search_request) and print through the same
// printers (HTML for pages, the --json printer for the API).

#include <cstddef>
#include <iosfwd>
#include <memory>
#include <string>

namespace aisys::cli::serve {

/// What a Server serves and how; defaults in place.
struct ServerOptions {
    std::string db_dir;              ///< the index folder; it may not exist yet (requests answer 503 until it does)
    std::string host = "127.0.0.1";  ///< the address to listen on
    int port = 8080;                 ///< 0 = any free port (bind() says which)
    std::string cors;                ///< an origin allowed to call the API; "" = no CORS headers at all
    unsigned threads = 4;            ///< worker threads, each with its own Index handle
    std::size_t queued = 64;         ///< connections accepted but waiting for a worker, at most; then accepting waits
    int read_timeout_s = 5;          ///< a client sending nothing for this long is dropped
    int keep_alive_s = 2;            ///< an idle kept-alive connection is closed after this long
    std::ostream* log = nullptr;     ///< one line a request (method, path, status, milliseconds); null = none
};

/// Limits of the API: requests asking past them are answered 400.
inline constexpr std::size_t k_max_api_limit = 100;      ///< results a request
inline constexpr std::size_t k_max_offset = 100000000;   ///< as the command line's --offset
inline constexpr std::size_t k_max_body_bytes = 4096;    ///< no endpoint takes a body: anything larger is refused

/// A server. Read-only: no endpoint writes anything, and none serves a file:
/// the stylesheet and script are compiled in. Each worker thread opens the
/// index on its first request and again when `aisys-search index` has
/// published a new generation since, so a rebuild is served from the next
/// request on, while a request in flight finishes on the generation it began.
class Server {
public:
    explicit Server(ServerOptions options);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    /// Binds the address; returns the port. Throws aisys::Error (usage) when
    /// the address cannot be bound (in use, not this machine's).
    int bind();
    /// Serves until stop(); call after bind(). Returns false when the
    /// listening socket failed.
    bool run();
    /// Stops run() after the requests in flight; thread-safe, idempotent.
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace aisys::cli::serve

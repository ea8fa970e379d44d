#include "cli/serve/server.hpp"

#include "cli/commands.hpp"
#include "cli/printer.hpp"
#include "cli/serve/assets.hpp"
#include "cli/serve/index_handles.hpp"

#include <aisys/error.hpp>
#include <aisys/paths.hpp>
#include <aisys/text.hpp>

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <sstream>
#include <thread>

namespace aisys::cli::serve {

namespace {

// A request the front refuses, as an HTTP status and a message.
struct Refusal {
    int status;
    std::string message;
};

// The worker pool: httplib's own queue grows without bound, this one makes
// the accepting thread wait when `max_queued` connections already wait for a
// worker, so that a flood backs up into the kernel's listen queue instead of
// into memory.
class BoundedPool : public httplib::TaskQueue {
public:
    BoundedPool(unsigned threads, std::size_t max_queued) : m_max_queued(max_queued) {
        for (unsigned i = 0; i < threads; ++i) m_threads.emplace_back([this] { work(); });
    }

    void enqueue(std::function<void()> job) override {
        std::unique_lock lock(m_mutex);
        m_space.wait(lock, [&] { return m_jobs.size() < m_max_queued || m_shutdown; });
        m_jobs.push_back(std::move(job));
        m_ready.notify_one();
    }

    void shutdown() override {
        {
            std::lock_guard lock(m_mutex);
            m_shutdown = true;
        }
        m_ready.notify_all();
        m_space.notify_all();
        for (auto& t : m_threads) t.join();
    }

private:
    void work() {
        for (;;) {
            std::function<void()> job;
            {
                std::unique_lock lock(m_mutex);
                m_ready.wait(lock, [&] { return !m_jobs.empty() || m_shutdown; });
                if (m_jobs.empty()) return;  // shut down and drained
                job = std::move(m_jobs.front());
                m_jobs.pop_front();
            }
            m_space.notify_one();
            job();
        }
    }

    std::size_t m_max_queued;
    std::mutex m_mutex;
    std::condition_variable m_ready;
    std::condition_variable m_space;
    std::deque<std::function<void()>> m_jobs;
    std::vector<std::thread> m_threads;
    bool m_shutdown = false;
};

// When the request on this thread began: the logger's duration.
thread_local std::chrono::steady_clock::time_point t_started;

// The parameters of a request's query string as a form sends them: '+' is
// a space (httplib 0.11 keeps it a '+'), then %XX escapes.
class Query {
public:
    explicit Query(const httplib::Request& req) {
        const auto start = req.target.find('?');
        if (start == std::string::npos) return;
        std::string_view rest(req.target);
        rest.remove_prefix(start + 1);
        while (!rest.empty()) {
            const auto end = std::min(rest.find('&'), rest.size());
            const std::string_view pair = rest.substr(0, end);
            rest.remove_prefix(std::min(end + 1, rest.size()));
            if (pair.empty()) continue;
            const auto eq = std::min(pair.find('='), pair.size());
            const std::string key = httplib::detail::decode_url(std::string(pair.substr(0, eq)), true);
            const std::string value =
                eq < pair.size() ? httplib::detail::decode_url(std::string(pair.substr(eq + 1)), true) : std::string();
            m_params.emplace(key, value);
        }
    }
    bool has(const std::string& name) const { return m_params.count(name) > 0; }
    std::size_t count(const std::string& name) const { return m_params.count(name); }
    std::string get(const std::string& name, std::size_t i = 0) const {
        auto [it, end] = m_params.equal_range(name);
        for (; it != end && i > 0; ++it, --i) {}
        return it == end ? std::string() : it->second;
    }

private:
    std::multimap<std::string, std::string> m_params;
};

std::size_t number(const Query& req, const std::string& name, std::size_t fallback, std::size_t max) {
    if (!req.has(name)) return fallback;
    const std::string value = req.get(name);
    std::size_t n = 0;
    if (value.empty() || value.size() > 10 || value.find_first_not_of("0123456789") != std::string::npos ||
        (n = std::stoull(value)) > max)
        throw Refusal{400, name + " must be a whole number from 0 to " + std::to_string(max)};
    return n;
}

bool flag(const Query& req, const std::string& name) {
    if (!req.has(name)) return false;
    const std::string value = req.get(name);
    return value != "0" && value != "false";
}

// The search options a URL gives: q, like, the filters by name, sort, exact,
// no_related and, for the API, limit, offset and explain.
SearchOptions search_options(const Query& req) {
    SearchOptions o;
    if (req.has("q")) o.words = {req.get("q")};
    if (req.has("like")) o.like = req.get("like");
    for (const auto& f : filters())
        for (std::size_t i = 0, n = req.count(f.name); i < n; ++i)
            if (std::string v = req.get(f.name, i); !text::trim(v).empty()) o.filters[f.name].push_back(v);
    if (req.has("sort")) {
        o.sort = req.get("sort");
        if (o.sort != "relevance" && o.sort != "year" && o.sort != "year-asc")
            throw Refusal{400, "sort must be relevance, year or year-asc"};
    }
    o.exact = flag(req, "exact");
    o.no_related = flag(req, "no_related");
    return o;
}

html::PageState page_state(const SearchOptions& o, std::size_t page) {
    html::PageState state;
    state.query = o.words.empty() ? "" : o.words.front();
    state.filters = o.filters;
    state.sort = o.sort;
    state.like = o.like;
    state.exact = o.exact;
    state.no_related = o.no_related;
    state.page = page;
    return state;
}

int status_of(const Error& e) {
    switch (e.kind()) {
    case ErrorKind::bad_query: return 400;
    case ErrorKind::not_found:
    case ErrorKind::usage:
    case ErrorKind::damaged_index:
    case ErrorKind::busy: return 503;
    default: return 500;
    }
}

std::string json_error(int status, const std::string& message) {
    return nlohmann::json{{"error", text::truncate(message, 1000)}, {"status", status}}.dump(-1, ' ', false,
                                                                                           nlohmann::json::error_handler_t::replace) +
           "\n";
}

// A 404 for an id the index does not have, naming the nearest ones as `show` does.
Refusal unknown_id(const Index& index, const std::string& id) {
    return Refusal{404, unknown_id_message(index, id)};
}

bool is_api(const httplib::Request& req) { return req.path.rfind("/api/", 0) == 0; }

} // namespace

struct Server::Impl {
    ServerOptions options;
    IndexHandles handles;
    VenueTable venues;
    httplib::Server http;
    std::mutex log_mutex;
    std::mutex run_mutex;              // run() and stop() agree on whether listening begins
    bool stopping = false;             // stop() was called
    bool entered = false;              // run() is listening or about to
    std::atomic<bool> finished{false}; // run()'s listening ended

    explicit Impl(ServerOptions o)
        : options(std::move(o)), handles(options.db_dir), venues(VenueTable::load(venue_table_path())) {}

    void refuse(const httplib::Request& req, httplib::Response& res, int status, const std::string& message) {
        res.status = status;
        if (is_api(req)) {
            res.set_content(json_error(status, message), "application/json");
        } else {
            std::ostringstream page;
            SearchOptions none;
            try {
                none = search_options(Query(req));
            } catch (const Refusal&) {
            }
            write_html_error(page, page_state(none, 1), message);
            res.set_content(page.str(), "text/html; charset=utf-8");
        }
    }

    // Runs `answer`, turning what it throws into the status it means.
    template <class Answer>
    void guarded(const httplib::Request& req, httplib::Response& res, Answer answer) {
        try {
            answer();
        } catch (const Refusal& r) {
            refuse(req, res, r.status, r.message);
        } catch (const Error& e) {
            refuse(req, res, status_of(e), e.what());
        }
    }

    void page(const httplib::Request& req, httplib::Response& res) {
        guarded(req, res, [&] {
            const Query query(req);
            SearchOptions o = search_options(query);
            const std::size_t page = number(query, "page", 1, k_max_offset / html::k_page_size);
            if (page == 0) throw Refusal{400, "page must be 1 or more"};
            o.limit = html::k_page_size;
            o.offset = (page - 1) * html::k_page_size;
            o.explain = true;
            std::ostringstream out;
            const Index& index = handles.current();
            if (!o.like.empty() && !index.find(o.like)) throw unknown_id(index, o.like);
            make_html_printer(out, page_state(o, page), venues)->search(index.search(search_request(o)));
            res.set_content(out.str(), "text/html; charset=utf-8");
        });
    }

    void paper_page(const httplib::Request& req, httplib::Response& res) {
        guarded(req, res, [&] {
            const Index& index = handles.current();
            const auto paper = index.find(req.matches[1]);
            if (!paper) throw unknown_id(index, req.matches[1]);
            std::ostringstream out;
            make_html_printer(out, html::PageState{}, venues)->paper(*paper);
            res.set_content(out.str(), "text/html; charset=utf-8");
        });
    }

    // /api/search and /api/similar/ID: the --json output of the same search.
    void api_search(const httplib::Request& req, httplib::Response& res, const std::string& like) {
        guarded(req, res, [&] {
            const Query query(req);
            SearchOptions o = search_options(query);
            if (!like.empty()) o.like = like;
            o.limit = number(query, "limit", 10, k_max_api_limit);
            o.offset = number(query, "offset", 0, k_max_offset);
            o.explain = flag(query, "explain");
            const Index& index = handles.current();
            if (!o.like.empty() && !index.find(o.like)) throw unknown_id(index, o.like);
            std::ostringstream out;
            make_json_printer(out)->search(index.search(search_request(o)));
            res.set_content(out.str(), "application/json");
        });
    }

    void api_paper(const httplib::Request& req, httplib::Response& res) {
        guarded(req, res, [&] {
            const Index& index = handles.current();
            const auto paper = index.find(req.matches[1]);
            if (!paper) throw unknown_id(index, req.matches[1]);
            std::ostringstream out;
            make_json_printer(out)->paper(*paper);
            res.set_content(out.str(), "application/json");
        });
    }

    void api_stats(const httplib::Request& req, httplib::Response& res) {
        guarded(req, res, [&] {
            std::ostringstream out;
            make_json_printer(out)->stats(handles.current().stats());
            res.set_content(out.str(), "application/json");
        });
    }

    void log(const httplib::Request& req, const httplib::Response& res) {
        if (!options.log) return;
        const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t_started).count();
        char took[32];
        std::snprintf(took, sizeof took, "%.1f", ms);
        // The target is the client's: no control character of it reaches the terminal.
        const std::string line = text::strip_control(req.method) + " " + text::truncate(text::strip_control(req.target), 300) +
                                 " " + std::to_string(res.status) + " " + took + "ms\n";
        std::lock_guard lock(log_mutex);
        *options.log << line << std::flush;
    }

    void route() {
        httplib::Headers headers = {
            // Scripts and styles only from this server, and no inline ones: a
            // title that got past escaping still could not run.
            {"Content-Security-Policy",
             "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
             "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"},
            {"X-Content-Type-Options", "nosniff"},
            {"Referrer-Policy", "no-referrer"},
            {"X-Frame-Options", "DENY"},
        };
        if (!options.cors.empty()) headers.emplace("Access-Control-Allow-Origin", options.cors);
        http.set_default_headers(headers);

        http.set_pre_routing_handler([](const httplib::Request&, httplib::Response&) {
            t_started = std::chrono::steady_clock::now();
            return httplib::Server::HandlerResponse::Unhandled;
        });
        http.Get("/", [this](const httplib::Request& req, httplib::Response& res) { page(req, res); });
        http.Get(R"(/paper/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) { paper_page(req, res); });
        http.Get("/assets/style.css", [](const httplib::Request&, httplib::Response& res) {
            res.set_header("Cache-Control", "max-age=3600");
            res.set_content(std::string(style_css()), "text/css; charset=utf-8");
        });
        http.Get("/assets/app.js", [](const httplib::Request&, httplib::Response& res) {
            res.set_header("Cache-Control", "max-age=3600");
            res.set_content(std::string(app_js()), "text/javascript; charset=utf-8");
        });
        http.Get("/api/search", [this](const httplib::Request& req, httplib::Response& res) { api_search(req, res, ""); });
        http.Get(R"(/api/similar/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) {
            api_search(req, res, req.matches[1]);
        });
        http.Get(R"(/api/paper/([^/]+))", [this](const httplib::Request& req, httplib::Response& res) { api_paper(req, res); });
        http.Get("/api/stats", [this](const httplib::Request& req, httplib::Response& res) { api_stats(req, res); });

        // Nothing changes anything: every other method is refused as such.
        const auto read_only = [this](const httplib::Request& req, httplib::Response& res) {
            res.set_header("Allow", "GET, HEAD");
            refuse(req, res, 405, "only GET and HEAD: the server is read-only");
        };
        http.Post(".*", read_only);
        http.Put(".*", read_only);
        http.Patch(".*", read_only);
        http.Delete(".*", read_only);

        // What no handler answered (unknown paths, other methods, bodies too
        // large), in the form the path asks for.
        http.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
            if (!res.body.empty()) return;
            const int status = res.status;
            const std::string message = status == 404 ? "no such page" : "the request was refused (HTTP " + std::to_string(status) + ")";
            refuse(req, res, status, message);
        });
        http.set_exception_handler([this](const httplib::Request& req, httplib::Response& res, std::exception_ptr) {
            refuse(req, res, 500, "unexpected failure");
        });
        http.set_logger([this](const httplib::Request& req, const httplib::Response& res) { log(req, res); });

        http.set_read_timeout(options.read_timeout_s);
        http.set_write_timeout(options.read_timeout_s);
        http.set_keep_alive_timeout(options.keep_alive_s);
        http.set_keep_alive_max_count(100);
        http.set_payload_max_length(k_max_body_bytes);
        http.set_tcp_nodelay(true);
        // SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, with which a
        // second server on a port in use binds too and silently takes half
        // of its connections, instead of saying the port is taken.
        http.set_socket_options([](socket_t sock) {
            int yes = 1;
            ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        });
        const unsigned threads = options.threads == 0 ? 1 : options.threads;
        const std::size_t queued = options.queued == 0 ? 1 : options.queued;
        http.new_task_queue = [threads, queued] { return new BoundedPool(threads, queued); };
    }
};

Server::Server(ServerOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) { m_impl->route(); }
Server::~Server() = default;

int Server::bind() {
    const auto& o = m_impl->options;
    const int port = o.port == 0 ? m_impl->http.bind_to_any_port(o.host) : (m_impl->http.bind_to_port(o.host, o.port) ? o.port : -1);
    if (port < 0)
        throw Error("cannot listen on " + o.host + ":" + std::to_string(o.port) + " (in use, or not an address of this machine)",
                    ErrorKind::other);
    return port;
}

bool Server::run() {
    {
        std::lock_guard lock(m_impl->run_mutex);
        if (m_impl->stopping) return true;
        m_impl->entered = true;
    }
    const bool served = m_impl->http.listen_after_bind();
    m_impl->finished = true;
    return served;
}

void Server::stop() {
    {
        std::lock_guard lock(m_impl->run_mutex);
        m_impl->stopping = true;
        if (!m_impl->entered) return;  // run() will not listen
    }
    // httplib's stop() does nothing before listening has begun: wait for it,
    // else a stop right after run() was called would leave it listening.
    while (!m_impl->http.is_running() && !m_impl->finished) std::this_thread::yield();
    m_impl->http.stop();
}

} // namespace aisys::cli::serve

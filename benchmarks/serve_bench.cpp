// Load on the web front (issue 15): the real `aisys-search serve` on
// loopback, N clients asking searches for T seconds (each waits for its
// answer before asking again), throughput and latency; optionally while
// `aisys-search index` rebuilds the same index over and over, counting any
// answer that is not a 200. For comparison, the same searches as one CLI
// process each.
//
//   serve_bench --db DIR [--clients 8] [--seconds 10] [--page] [--threads N]
//               [--rebuild 'INDEX ARGS'] [--port P] [--cold 30]
//
// Queries are one or two words of the index's own titles (a fixed seed), so
// every one finds something; each asks for facets and snippets (the API's
// defaults), or the whole HTML page with --page. The load is timed after
// --warmup seconds of the same load, untimed.

#include <CLI/CLI.hpp>

#include <aisys/search.hpp>

#include <httplib.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

#include "title_queries.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    std::string db;
    unsigned clients = 8;
    double seconds = 10;
    double warmup = 2;              // untimed load first: each worker opens the index and reads its facet values once
    bool page = false;              // the whole HTML page, not /api/search
    bool no_related = false;        // no_related=1: a short first page is not filled with related papers
    unsigned threads = 0;           // serve --threads; 0 = its default
    std::size_t cold = 30;          // searches as one CLI process each
    std::string rebuild;            // `aisys-search index` arguments (space-separated) to run in a loop during the load
    int port = 0;                   // load a server already running on this port instead of starting one
};

double ms_since(Clock::time_point start) { return std::chrono::duration<double, std::milli>(Clock::now() - start).count(); }

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// Runs `args` (args[0] a path) with stdout to `out_fd` (or /dev/null when -1); returns the pid.
pid_t spawn(const std::vector<std::string>& args, int out_fd) {
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    if (out_fd >= 0) posix_spawn_file_actions_adddup2(&actions, out_fd, 1);
    else posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = -1;
    if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&actions);
    return pid;
}

int wait_for(pid_t pid) {
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::vector<std::string> make_queries(const std::string& db, std::size_t n) {
    return title_queries(aisys::Index::open(db), n);
}

struct Load {
    std::size_t requests = 0;
    std::size_t errors = 0;
    double seconds = 0;
    std::vector<double> ms;
};

Load run_load(int port, const Options& o, const std::vector<std::string>& queries) {
    std::atomic<bool> stop{false};
    std::vector<Load> per(o.clients);
    std::vector<std::thread> threads;
    const auto start = Clock::now();
    for (unsigned c = 0; c < o.clients; ++c)
        threads.emplace_back([&, c] {
            httplib::Client client("127.0.0.1", port);
            client.set_keep_alive(true);
            client.set_url_encode(false);  // the path is encoded already
            client.set_read_timeout(30);
            for (std::size_t i = c * 37; !stop; ++i) {
                const std::string& q = queries[i % queries.size()];
                const std::string path = (o.page ? "/?q=" : "/api/search?q=") + httplib::detail::encode_query_param(q) +
                                         (o.no_related ? "&no_related=1" : "");
                const auto t = Clock::now();
                const auto res = client.Get(path.c_str());
                per[c].ms.push_back(ms_since(t));
                ++per[c].requests;
                if (!res || res->status != 200) {
                    if (per[c].errors++ == 0)
                        std::fprintf(stderr, "serve_bench: first failure of client %u: %s\n", c,
                                     res ? ("HTTP " + std::to_string(res->status)).c_str() : httplib::to_string(res.error()).c_str());
                }
            }
        });
    std::this_thread::sleep_for(std::chrono::duration<double>(o.seconds));  // the load's length, not synchronisation
    stop = true;
    for (auto& t : threads) t.join();
    Load all;
    all.seconds = ms_since(start) / 1000;
    for (auto& p : per) {
        all.requests += p.requests;
        all.errors += p.errors;
        all.ms.insert(all.ms.end(), p.ms.begin(), p.ms.end());
    }
    return all;
}

} // namespace

int main(int argc, char** argv) {
    Options o;
    CLI::App app{"Load on aisys-search serve over loopback, against one CLI process a query", "serve_bench"};
    app.add_option("--db", o.db, "The index folder")->required();
    app.add_option("--clients", o.clients, "Concurrent clients")->capture_default_str();
    app.add_option("--seconds", o.seconds, "Length of the load")->capture_default_str();
    app.add_option("--warmup", o.warmup, "Seconds of untimed load first (workers open the index and read its facets once)")
        ->capture_default_str();
    app.add_flag("--no-related", o.no_related, "Ask with no_related=1 (no related papers filling a short first page)");
    app.add_flag("--page", o.page, "Ask for the HTML page (facets, snippets, explain, BibTeX) instead of /api/search");
    app.add_option("--port", o.port, "Load a server already running on 127.0.0.1:PORT (serving --db) instead of starting one");
    app.add_option("--threads", o.threads, "serve --threads (default: serve's own)");
    app.add_option("--cold", o.cold, "Searches run as one CLI process each, for comparison")->capture_default_str();
    app.add_option("--rebuild", o.rebuild,
                   "Run 'aisys-search index --db DB' with these further arguments (one string, space-separated) in a loop "
                   "during the load, e.g. --rebuild '--full --quiet'");
    CLI11_PARSE(app, argc, argv);

    const std::string binary = AISYS_BINARY;
    const auto queries = make_queries(o.db, 500);
    if (queries.empty()) {
        std::fprintf(stderr, "serve_bench: the index has no titles to make queries of\n");
        return 2;
    }

    pid_t server = -1;
    int port = o.port;
    if (port == 0) {
        int pipe_fds[2];
        if (pipe(pipe_fds) != 0) return 2;
        std::vector<std::string> serve = {binary, "serve", "--db", o.db, "--port", "0", "--quiet"};
        if (o.threads) serve.insert(serve.end(), {"--threads", std::to_string(o.threads)});
        server = spawn(serve, pipe_fds[1]);
        close(pipe_fds[1]);
        std::string line;
        for (char c; read(pipe_fds[0], &c, 1) == 1 && c != '\n';) line += c;
        const auto at = line.find("127.0.0.1:");
        if (server < 0 || at == std::string::npos) {
            std::fprintf(stderr, "serve_bench: the server did not start: %s\n", line.c_str());
            return 2;
        }
        port = std::stoi(line.substr(at + 10));
    }

    std::atomic<bool> loading{true};
    std::size_t rebuilds = 0, rebuild_failures = 0;
    std::thread rebuilder;
    if (!o.rebuild.empty())
        rebuilder = std::thread([&] {
            std::vector<std::string> args = {binary, "index", "--db", o.db};
            std::istringstream words(o.rebuild);
            for (std::string w; words >> w;) args.push_back(w);
            while (loading) {
                const pid_t pid = spawn(args, -1);
                (pid >= 0 && wait_for(pid) == 0 ? rebuilds : rebuild_failures)++;
            }
        });
    if (o.warmup > 0) {
        Options warm = o;
        warm.seconds = o.warmup;
        run_load(port, warm, queries);
    }
    const Load load = run_load(port, o, queries);
    loading = false;
    if (rebuilder.joinable()) rebuilder.join();
    if (server > 0) kill(server, SIGTERM);
    if (const int status = server > 0 ? wait_for(server) : 0; status != 0) std::fprintf(stderr, "serve_bench: the server ended with status %d\n", status);

    std::printf("serve: %u clients, %.1f s, %s%s: %zu requests, %.0f/s, p50 %.2f ms, p99 %.2f ms, errors %zu\n", o.clients,
                load.seconds, o.page ? "HTML page" : "/api/search", o.no_related ? " no_related=1" : "", load.requests, static_cast<double>(load.requests) / load.seconds,
                percentile(load.ms, 0.5), percentile(load.ms, 0.99), load.errors);
    if (!o.rebuild.empty()) std::printf("rebuilds during the load: %zu done, %zu failed\n", rebuilds, rebuild_failures);

    std::vector<double> cold;
    for (std::size_t i = 0; i < std::min(o.cold, queries.size()); ++i) {
        const auto t = Clock::now();
        const pid_t pid = spawn({binary, "search", queries[i], "--db", o.db, "--json"}, -1);
        if (pid < 0 || wait_for(pid) > 1) continue;
        cold.push_back(ms_since(t));
    }
    if (!cold.empty()) {
        double sum = 0;
        for (const double ms : cold) sum += ms;
        std::printf("CLI, one process a search, one at a time: %zu searches, %.0f/s, p50 %.2f ms, p99 %.2f ms\n", cold.size(),
                    1000.0 * static_cast<double>(cold.size()) / sum, percentile(cold, 0.5), percentile(cold, 0.99));
    }
    return load.errors == 0 ? 0 : 1;
}

// `serve`'s run in aisys-search-serve: the web server until SIGINT or
// SIGTERM. Never linked into aisys-search itself, which runs
// aisys-search-serve for `serve` (exec_serve.cpp).

#include "cli/commands.hpp"
#include "cli/serve/server.hpp"

#include <aisys/error.hpp>
#include <aisys/index.hpp>
#include <aisys/paths.hpp>

#include <algorithm>
#include <csignal>
#include <iostream>
#include <pthread.h>
#include <thread>

namespace aisys::cli {

int run_server(const ServeOptions& o) {
    serve::ServerOptions options;
    options.db_dir = resolve_db_path(o.common.db);
    options.host = o.host;
    options.port = o.port;
    options.cors = o.cors;
    options.threads = o.threads != 0 ? o.threads : std::max(4u, 2 * std::thread::hardware_concurrency());
    options.log = o.quiet ? nullptr : &std::cerr;

    // SIGINT and SIGTERM are taken by a thread of their own that stops the
    // server, so requests in flight finish and the process exits 0. Blocked
    // before any thread starts, so every thread inherits the mask.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

    serve::Server server(options);
    const int port = server.bind();
    if (!index_exists(options.db_dir))
        std::cerr << "aisys-search: note: no index at " << options.db_dir
                  << " yet: searches answer 503 until 'aisys-search index' builds one\n";
    std::cout << "aisys-search: serving " << options.db_dir << " at http://" << o.host << ":" << port << "/ (Ctrl-C stops)"
              << std::endl;

    std::thread watcher([&server, stop_signals] {
        int signal = 0;
        sigwait(&stop_signals, &signal);
        server.stop();
    });
    const bool served = server.run();
    // run() ends without a signal only when the socket failed: wake the watcher.
    if (!served) pthread_kill(watcher.native_handle(), SIGTERM);
    watcher.join();
    if (!served) throw Error("the server stopped: its listening socket failed");
    return k_exit_found;
}

} // namespace aisys::cli

// `serve`: the search as a web page and a JSON API, until Ctrl-C. Its options
// are here, with every other command's; the server is the program's choice
// (use_server): cpp-httplib brings OpenSSL, whose loading took 7 ms of every
// process's start, searches included, so only aisys-search-serve links it.

#include "cli/commands.hpp"

#include <aisys/error.hpp>

#include <CLI/CLI.hpp>

namespace aisys::cli {

namespace {
ServeFunction g_server = nullptr;
} // namespace

void use_server(ServeFunction serve) { g_server = serve; }

int run_serve(const ServeOptions& options) {
    if (!g_server) throw Error("this program has no web server: run aisys-search serve");
    return g_server(options);
}

static void declare_serve(CLI::App* cmd, ServeOptions& o) {
    cmd->add_option("--host", o.host, "Address to listen on (default 127.0.0.1: this machine only)");
    cmd->add_option("--port", o.port, "Port (default 8080; 0 picks a free one and prints it)")->check(CLI::Range(0, 65535));
    cmd->add_flag("--quiet", o.quiet, "Log no requests on stderr");
    cmd->add_option("--cors", o.cors, "Let web pages of this origin call the API (e.g. https://example.org); default none");
    cmd->add_option("--threads", o.threads, "Worker threads, each with its own index handle (default two per core, at least 4)")
        ->check(CLI::Range(1, 256));
    cmd->add_option("--db", o.common.db, "Index folder (default: $AISYS_DB, else $XDG_DATA_HOME/aisys-search/index)");
}

Runner serve_command(CLI::App& cmd) {
    auto o = std::make_shared<ServeOptions>();
    declare_serve(&cmd, *o);
    return [o] { return run_serve(*o); };
}

} // namespace aisys::cli

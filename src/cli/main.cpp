#include <aisys/cli.hpp>

#include "cli/commands.hpp"

namespace {
char** g_argv = nullptr;  // for `serve`, which runs aisys-search-serve with the same arguments
} // namespace

int main(int argc, char** argv) {
    // `serve` runs aisys-search-serve: this program never loads the web server's libraries.
    g_argv = argv;
    aisys::cli::use_server([](const aisys::cli::ServeOptions&) { return aisys::cli::exec_server(g_argv); });
    return aisys::cli::run(argc, argv);
}

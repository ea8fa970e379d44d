// aisys-search-serve: aisys-search with its web server linked in, which
// aisys-search runs for `serve` (exec_serve.cpp) with its own arguments.

#include <aisys/cli.hpp>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    aisys::cli::use_server(aisys::cli::run_server);
    return aisys::cli::run(argc, argv);
}

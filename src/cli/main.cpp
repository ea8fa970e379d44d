#include <aisys/cli.hpp>

#include "cli/commands.hpp"

int main(int argc, char** argv) {
    // `serve` runs aisys-search-serve: this program never loads the web server's libraries.
    aisys::cli::use_server(aisys::cli::exec_server);
    return aisys::cli::run(argc, argv);
}

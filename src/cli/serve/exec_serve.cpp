// `serve` in aisys-search itself: runs aisys-search-serve, the same command
// line linked with the web server (run_serve.cpp), with this process's own
// arguments (main's argv). cpp-httplib brings OpenSSL and brotli, whose loading took 7 ms of
// every aisys-search process's start, searches included; only the server
// pays it now. The program is looked for beside this one (a build tree), then
// where `cmake --install` puts it.

#include "cli/commands.hpp"

#include <aisys/error.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

namespace aisys::cli {

namespace fs = std::filesystem;

constexpr const char* k_server_program = "aisys-search-serve";

int exec_server(char* const argv[]) {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw Error("cannot find this program's own path (/proc/self/exe) to start the web server");
    const std::vector<fs::path> places{exe.parent_path() / k_server_program,
                                       (exe.parent_path() / AISYS_SERVE_FROM_BIN / k_server_program).lexically_normal()};
    for (const auto& program : places) {
        if (::access(program.c_str(), X_OK) != 0) continue;
        ::execv(program.c_str(), argv);
        throw Error("cannot start the web server " + program.string() + ": " + std::strerror(errno));
    }
    throw Error(std::string("the web server (") + k_server_program + ") is not installed: looked for " + places[0].string() +
                " and " + places[1].string());
}

} // namespace aisys::cli

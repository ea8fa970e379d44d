// `serve` in aisys-search itself: runs aisys-search-serve, the same command
// line linked with the web server (run_serve.cpp), with this process's own
// arguments. cpp-httplib brings OpenSSL and brotli, whose loading took 7 ms of
// every aisys-search process's start, searches included; only the server
// pays it now. The program is looked for beside this one (a build tree), then
// where `cmake --install` puts it.

#include "cli/commands.hpp"

#include <aisys/error.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <unistd.h>
#include <vector>

namespace aisys::cli {

namespace fs = std::filesystem;

namespace {

constexpr const char* k_server_program = "aisys-search-serve";

// This process's arguments as the kernel has them (main's argv is not kept).
std::vector<std::string> own_arguments() {
    std::ifstream in("/proc/self/cmdline", std::ios::binary);
    const std::string all((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::string> args;
    for (std::size_t start = 0; start < all.size();) {
        const std::size_t end = all.find('\0', start);
        args.push_back(all.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return args;
}

} // namespace

int exec_server(const ServeOptions&) {
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (ec) throw Error("cannot find this program's own path (/proc/self/exe) to start the web server");
    const std::vector<fs::path> places{exe.parent_path() / k_server_program,
                                       (exe.parent_path() / AISYS_SERVE_FROM_BIN / k_server_program).lexically_normal()};
    std::vector<std::string> args = own_arguments();
    if (args.empty()) throw Error("cannot read this program's arguments (/proc/self/cmdline) to start the web server");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    for (const auto& program : places) {
        if (::access(program.c_str(), X_OK) != 0) continue;
        ::execv(program.c_str(), argv.data());
        throw Error("cannot start the web server " + program.string() + ": " + std::strerror(errno));
    }
    throw Error(std::string("the web server (") + k_server_program + ") is not installed: looked for " + places[0].string() +
                " and " + places[1].string());
}

} // namespace aisys::cli

#include "util/file.hpp"

#include <aisys/error.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace aisys {

std::string read_file(const std::string& path, std::size_t max_bytes) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw Error(path + ": is a directory, not a file", ErrorKind::io);
    // A regular file too big is refused before a byte is read; a pipe or
    // device is read only up to the limit.
    if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) > max_bytes && !ec)
        throw Error(path + ": larger than " + std::to_string(max_bytes >> 20) + " MiB, refusing to read it", ErrorKind::io);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot open: " + std::strerror(errno), ErrorKind::io);
    std::string data;
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        data.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (data.size() > max_bytes)
            throw Error(path + ": larger than " + std::to_string(max_bytes >> 20) + " MiB, refusing to read it", ErrorKind::io);
    }
    if (in.bad()) throw Error(path + ": read failed", ErrorKind::io);
    return data;
}

} // namespace aisys

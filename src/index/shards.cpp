#include "index/shards.hpp"

#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace aisys::shards {

std::string shard_name(unsigned k) { return "shard-" + std::to_string(k); }

unsigned route(std::string_view id, unsigned count) {
    std::uint64_t h = 1469598103934665603ULL;
    for (const unsigned char c : id) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return count ? static_cast<unsigned>(h % count) : 0;
}

std::string ShardEntry::describe() const {
    return kind == Kind::remote ? "remote " + host + ":" + std::to_string(port) : path;
}

bool is_shard_stub(const fs::path& stub) {
    std::ifstream in(stub);
    std::string first;
    return in && std::getline(in, first) && text::trim(first) == k_marker;
}

namespace {

bool parse_port(const std::string& s, unsigned& port) {
    if (s.empty() || s.size() > 5 || s.find_first_not_of("0123456789") != std::string::npos) return false;
    port = static_cast<unsigned>(std::stoul(s));
    return port > 0 && port < 65536;
}

} // namespace

std::vector<ShardEntry> read_stub(const fs::path& stub) {
    std::ifstream in(stub);
    if (!in) throw Error("cannot read " + stub.string() + ": " + std::strerror(errno), ErrorKind::io);
    std::vector<ShardEntry> entries;
    std::string line;
    for (unsigned number = 1; std::getline(in, line); ++number) {
        line = text::trim(line);
        if (line.empty() || line[0] == '#') continue;
        std::istringstream words(line);
        std::string type, a, b, c, extra;
        words >> type >> a >> b >> c >> extra;
        auto bad = [&] {
            return Error(stub.string() + " line " + std::to_string(number) + " is not 'glass PATH' or 'remote HOST:PORT': " + line,
                         ErrorKind::damaged_index, stub.parent_path().string());
        };
        ShardEntry e;
        if ((type == "glass" || type == "auto") && !a.empty() && b.empty()) {
            const fs::path p(a);
            e.path = (p.is_absolute() ? p : stub.parent_path() / p).string();
        } else if (type == "remote" && a == ":tcp" && !c.empty() && extra.empty()) {
            e.kind = ShardEntry::Kind::remote;  // the spelling: "remote :tcp HOST PORT"
            e.host = b;
            if (!parse_port(c, e.port)) throw bad();
        } else if (type == "remote" && !a.empty() && b.empty() && a[0] != ':') {
            const auto colon = a.rfind(':');
            if (colon == std::string::npos || colon == 0) throw bad();
            e.kind = ShardEntry::Kind::remote;
            e.host = a.substr(0, colon);
            if (!parse_port(a.substr(colon + 1), e.port)) throw bad();
        } else {
            throw bad();
        }
        entries.push_back(std::move(e));
    }
    if (entries.empty())
        throw Error(stub.string() + " lists no shards", ErrorKind::damaged_index, stub.parent_path().string());
    return entries;
}

void write_generation_stub(const fs::path& folder, unsigned count) {
    std::string text = std::string(k_marker) + "\nglass " + k_meta + "\n";
    for (unsigned k = 0; k < count; ++k) text += "glass " + shard_name(k) + "\n";
    const fs::path path = folder / "XAPIANDB";
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    bool ok = fd >= 0 && ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
    const int error = ok ? 0 : errno;
    if (fd >= 0) ::close(fd);
    if (!ok) throw Error("cannot write " + path.string() + ": " + std::strerror(error), ErrorKind::io);
}

Opened open_stub(const fs::path& stub, const RemoteOptions& options) {
    Opened opened;
    for (const auto& entry : read_stub(stub)) {
        if (entry.kind == ShardEntry::Kind::local) {
            // Damage and missing folders are the caller's to translate (Xapian errors).
            opened.db.add_database(Xapian::Database(entry.path));
            ++opened.databases;
            continue;
        }
        opened.remote = true;
        try {
            opened.db.add_database(Xapian::Remote::open(entry.host, entry.port, options.timeout_ms, options.connect_timeout_ms));
            ++opened.databases;
        } catch (const Xapian::NetworkError& e) {
            if (options.allow_partial) {
                opened.missing.push_back(entry.describe());
                continue;
            }
            throw Error("shard " + entry.describe() + " (listed in " + stub.string() + ") cannot be reached: " + e.get_msg(),
                        ErrorKind::network, stub.parent_path().string());
        }
    }
    return opened;
}

} // namespace aisys::shards

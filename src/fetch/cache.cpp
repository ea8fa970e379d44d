#include "fetch/cache.hpp"

#include <aisys/error.hpp>

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace aisys::fetch {

std::string fnv1a_hex(const std::string& data) {
    std::uint64_t h = 14695981039346656037ull;
    for (unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ull;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

long long now_seconds() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

Cache::Cache(std::string dir) : m_dir(std::move(dir)) {
    std::error_code ec;
    fs::create_directories(m_dir, ec);
    if (ec || !fs::is_directory(m_dir, ec)) throw Error("cannot create the cache folder " + m_dir + ": " + ec.message(), ErrorKind::io);
}

std::string Cache::path_for(const std::string& url) const { return (fs::path(m_dir) / (fnv1a_hex(url) + ".entry")).string(); }

std::optional<CacheEntry> Cache::get(const std::string& url) const {
    const std::string path = path_for(url);
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    try {
        std::string meta_line;
        std::getline(in, meta_line);
        const auto meta = nlohmann::json::parse(meta_line);
        CacheEntry e;
        e.url = meta.at("url").get<std::string>();
        e.status = meta.at("status").get<long>();
        e.etag = meta.value("etag", "");
        e.last_modified = meta.value("last_modified", "");
        e.fetched_at = meta.at("fetched_at").get<long long>();
        const auto size = meta.at("size").get<std::size_t>();
        e.body.resize(size);
        in.read(e.body.data(), static_cast<std::streamsize>(size));
        const bool whole = static_cast<std::size_t>(in.gcount()) == size && in.peek() == std::char_traits<char>::eof();
        if (e.url != url || !whole || fnv1a_hex(e.body) != meta.at("checksum").get<std::string>())
            throw std::runtime_error("entry does not check out");
        return e;
    } catch (const std::exception&) {
        std::error_code ec;
        fs::remove(path, ec);  // corrupt: refetch
        return std::nullopt;
    }
}

void Cache::put(const CacheEntry& e) const {
    const std::string path = path_for(e.url);
    const std::string tmp = path + ".tmp-" + std::to_string(::getpid());
    const nlohmann::json meta = {{"url", e.url},
                                 {"status", e.status},
                                 {"etag", e.etag},
                                 {"last_modified", e.last_modified},
                                 {"fetched_at", e.fetched_at},
                                 {"size", e.body.size()},
                                 {"checksum", fnv1a_hex(e.body)}};
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        out << meta.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n' << e.body;
        if (!out.flush()) {
            std::error_code ec;
            fs::remove(tmp, ec);
            return;
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) fs::remove(tmp, ec);
}

} // namespace aisys::fetch

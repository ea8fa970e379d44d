// Recognising a paper: its repository link, and its title in a search result.

#include <aisys/catalog.hpp>
#include <aisys/text.hpp>

#include <algorithm>
#include <cctype>
#include <vector>

namespace aisys {

namespace {

bool valid_name(const std::string& s) {
    if (s.empty() || s == "." || s == ".." || s.size() > 100) return false;
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '-' || c == '_' || c == '.'; });
}

std::string alnum_lower(const std::string& s) {
    std::string out;
    for (char c : text::repair_mojibake(s)) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u)) out += static_cast<char>(std::tolower(u));
        else if (u >= 0x80) out += c;  // keep non-ASCII letters (λ) as they are
    }
    return out;
}

} // namespace

std::optional<std::string> github_repo(const std::string& url_in) {
    std::string url = text::trim(url_in);
    const std::string lower = text::to_lower(url);
    std::size_t at = 0;
    for (const char* scheme : {"https://", "http://"})
        if (lower.rfind(scheme, 0) == 0) at = std::string(scheme).size();
    if (at == 0) return std::nullopt;
    if (lower.compare(at, 4, "www.") == 0) at += 4;
    if (lower.compare(at, 11, "github.com/") != 0) return std::nullopt;
    std::string path = url.substr(at + 11);
    path = path.substr(0, path.find_first_of("?#"));
    std::vector<std::string> parts;
    for (std::size_t start = 0; start <= path.size();) {
        auto end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        if (end > start) parts.push_back(path.substr(start, end - start));
        start = end + 1;
    }
    if (parts.size() < 2) return std::nullopt;
    std::string owner = parts[0], name = parts[1];
    if (name.size() > 4 && text::to_lower(name.substr(name.size() - 4)) == ".git") name.resize(name.size() - 4);
    if (!valid_name(owner) || !valid_name(name)) return std::nullopt;
    for (const char* reserved : {"orgs", "topics", "sponsors", "marketplace", "features", "settings", "about"})
        if (text::to_lower(owner) == reserved) return std::nullopt;
    return owner + "/" + name;
}

double title_similarity(const std::string& a_in, const std::string& b_in) {
    const std::string a = alnum_lower(a_in).substr(0, 400), b = alnum_lower(b_in).substr(0, 400);
    if (a.empty() || b.empty()) return 0;
    return 1.0 - double(text::edit_distance(a, b)) / double(std::max(a.size(), b.size()));
}

} // namespace aisys

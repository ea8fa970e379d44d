#include "cli/html.hpp"

#include <aisys/text.hpp>

#include <algorithm>

namespace aisys::cli::html {

std::string escape(std::string_view s) {
    // strip_control also removes the marks that reorder displayed text.
    const std::string clean = text::strip_control(s, true);
    std::string out;
    out.reserve(clean.size() + clean.size() / 8);
    for (const char c : clean) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

std::string url_encode(std::string_view s) {
    static constexpr char k_hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size() * 3);
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            out += ch;
        } else {
            out += '%';
            out += k_hex[c >> 4];
            out += k_hex[c & 15];
        }
    }
    return out;
}

std::string http_link(std::string_view url) {
    std::string lower(url.substr(0, 8));
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower.rfind("http://", 0) != 0 && lower.rfind("https://", 0) != 0) return {};
    // A link is one token: whitespace or a control character in it is not a URL.
    for (const char ch : url)
        if (static_cast<unsigned char>(ch) <= ' ' || ch == 0x7f) return {};
    return std::string(url);
}

std::string page_url(const PageState& state) {
    std::string query;
    auto add = [&query](const std::string& name, const std::string& value) {
        query += (query.empty() ? "?" : "&") + name + "=" + url_encode(value);
    };
    if (!state.query.empty()) add("q", state.query);
    if (!state.like.empty()) add("like", state.like);
    for (const auto& [name, values] : state.filters)
        for (const auto& value : values) add(name, value);
    if (state.sort != "relevance") add("sort", state.sort);
    if (state.exact) add("exact", "1");
    if (state.no_related) add("no_related", "1");
    if (state.page > 1) add("page", std::to_string(state.page));
    return "/" + query;
}

PageState toggled(PageState state, const std::string& name, const std::string& value) {
    auto& values = state.filters[name];
    if (const auto it = std::find(values.begin(), values.end(), value); it != values.end()) values.erase(it);
    else values.push_back(value);
    if (values.empty()) state.filters.erase(name);
    state.page = 1;
    return state;
}

} // namespace aisys::cli::html

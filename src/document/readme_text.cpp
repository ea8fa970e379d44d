// README bytes -> indexable plain text: input clean-up and format detection,
// then one of the readers in markdown_text.cpp and rst_text.cpp. Every pass
// is linear in the input: READMEs are untrusted, and some are megabytes long
// or nested thousands of levels deep.

#include "document/formats.hpp"

#include <aisys/document.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include <string>
#include <vector>

namespace aisys::document {

// A view of `s` without leading and trailing whitespace (text::trim copies).
std::string_view trimmed(std::string_view s) {
    constexpr std::string_view k_space = " \t\n\r\f\v";
    const auto b = s.find_first_not_of(k_space);
    if (b == std::string_view::npos) return {};
    return s.substr(b, s.find_last_not_of(k_space) - b + 1);
}

bool is_blank(std::string_view line) { return trimmed(line).empty(); }

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool is_alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           static_cast<unsigned char>(c) >= 0x80;  // non-ASCII letters count as word characters
}

std::vector<std::string_view> split_lines(std::string_view s) {
    std::vector<std::string_view> lines;
    std::size_t start = 0;
    while (start <= s.size()) {
        const auto end = s.find('\n', start);
        if (end == std::string_view::npos) { lines.push_back(s.substr(start)); break; }
        lines.push_back(s.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

namespace {

enum class Format { markdown, rst, plain };

// ---- Input -------------------------------------------------------------

// One line ending, no BOM, no control characters; bad UTF-8 bytes become U+FFFD.
std::string normalise_input(std::string_view raw) {
    if (const auto nul = raw.find('\0'); nul != std::string_view::npos)
        throw Error("README is binary (NUL byte at offset " + std::to_string(nul) + "), not text");
    if (starts_with(raw, "\xEF\xBB\xBF")) raw.remove_prefix(3);
    std::string unix_lines;
    unix_lines.reserve(raw.size());
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] != '\r') unix_lines += raw[i];
        else if (i + 1 == raw.size() || raw[i + 1] != '\n') unix_lines += '\n';  // old Mac ending
    }
    return text::strip_control(unix_lines, /*keep_newlines=*/true);
}

// ---- Format ------------------------------------------------------------

bool is_atx_heading(std::string_view line) {
    std::size_t hashes = 0;
    while (hashes < line.size() && line[hashes] == '#') ++hashes;
    return hashes >= 1 && hashes <= 6 && (hashes == line.size() || line[hashes] == ' ');
}

struct Signals {
    int rst_underlines = 0;  // adornments under a text line
    int rst_directives = 0;  // ".. name::", ".. _target:", ".. |sub|"
    int md_markup = 0;       // "# heading", fences, links, images, HTML
};

Signals scan_signals(std::string_view s) {
    Signals signals;
    std::string_view previous;
    for (std::string_view line : split_lines(s)) {
        if (is_adornment(line) && !is_blank(previous) && !is_adornment(previous)) ++signals.rst_underlines;
        if (starts_with(line, ".. ") && line.find("::") != std::string_view::npos) ++signals.rst_directives;
        if (starts_with(line, ".. _") || starts_with(line, ".. |")) ++signals.rst_directives;
        if (is_atx_heading(line) || starts_with(trimmed(line), "```")) ++signals.md_markup;
        previous = line;
    }
    for (std::string_view md : {"](", "![", "<img", "<div", "<p "})
        if (s.find(md) != std::string_view::npos) ++signals.md_markup;
    return signals;
}

std::string extension_of(std::string_view file_name) {
    const auto slash = file_name.find_last_of("/\\");
    if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
    const auto dot = file_name.rfind('.');
    return dot == std::string_view::npos ? std::string() : text::to_lower(file_name.substr(dot + 1));
}

Format detect_format(std::string_view file_name, std::string_view s) {
    const auto ext = extension_of(file_name);
    if (ext == "md" || ext == "markdown" || ext == "mdown" || ext == "mkd") return Format::markdown;
    if (ext == "rst" || ext == "rest") return Format::rst;
    if (ext == "txt" || ext == "text") return Format::plain;
    const Signals signals = scan_signals(s);
    if (signals.rst_underlines > 0 && signals.rst_directives > 0 && signals.md_markup == 0) return Format::rst;
    // Without a name the caller most likely has markdown (GitHub's default);
    // a bare "README" is as often plain text, which cmark would mangle.
    if (file_name.empty() || signals.md_markup > 0) return Format::markdown;
    return Format::plain;
}

} // namespace

} // namespace aisys::document

namespace aisys {

std::string readme_to_text(std::string_view raw, std::string_view file_name) {
    using document::Format;
    const std::string s = document::normalise_input(raw);
    switch (document::detect_format(file_name, s)) {
    case Format::markdown: return text::trim(document::markdown_to_text(s));
    case Format::rst: return text::trim(document::rst_to_text(s));
    case Format::plain: return text::trim(document::plain_to_text(s));
    }
    return {};
}

} // namespace aisys

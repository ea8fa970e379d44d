#pragma once
// Internals shared by the README readers: readme_text.cpp (input clean-up,
// format detection), markdown_text.cpp and rst_text.cpp. Not public API.

#include <aisys/text.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aisys::document {

// ---- Text helpers (readme_text.cpp) ------------------------------------

/// A view of `s` without leading and trailing whitespace (text::trim copies).
std::string_view trimmed(std::string_view s);

/// True when `line` holds only whitespace.
bool is_blank(std::string_view line);

/// True when `s` begins with `prefix`.
bool starts_with(std::string_view s, std::string_view prefix);

/// True when `s` ends with `suffix`.
bool ends_with(std::string_view s, std::string_view suffix);

/// True for ASCII letters and digits and for any non-ASCII byte (a word character).
bool is_alnum(char c);

/// The lines of `s` split at '\n', views into `s`; a trailing '\n' yields a last empty line.
std::vector<std::string_view> split_lines(std::string_view s);

/// Finished blocks, each collapsed to one line and separated by blank lines.
class Blocks {
public:
    void add(std::string_view block) { add_raw(text::collapse_whitespace(block)); }

    // `block` is already normalised (a table keeps one line per row).
    void add_raw(const std::string& block) {
        if (block.empty()) return;
        if (!m_out.empty()) m_out += "\n\n";
        m_out += block;
    }

    std::string take() { return std::move(m_out); }

private:
    std::string m_out;
};

// ---- Readers -----------------------------------------------------------

/// Text of a markdown README (normalised input), blocks separated by blank lines; throws aisys::Error if cmark fails.
std::string markdown_to_text(const std::string& s);

/// Text of a reStructuredText README (normalised input), blocks separated by blank lines.
std::string rst_to_text(std::string_view s);

/// Text of a plain-text README (normalised input), paragraphs collapsed to one line each.
std::string plain_to_text(std::string_view s);

/// True for an rst heading adornment or transition: one punctuation character repeated, 3+ long.
bool is_adornment(std::string_view line);

} // namespace aisys::document

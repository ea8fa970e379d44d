// reStructuredText and plain-text READMEs -> text, line by line. rst markup
// (directives, roles, heading underlines, inline markup) is lightly stripped;
// pairing inline delimiters stays linear however they are arranged.

#include "document/formats.hpp"

#include <aisys/text.hpp>

#include <algorithm>
#include <array>
#include <cstring>
#include <set>
#include <string>
#include <vector>

namespace aisys::document {

// A heading adornment or transition in rst: one punctuation character repeated.
bool is_adornment(std::string_view line) {
    line = trimmed(line);
    if (line.size() < 3) return false;
    static constexpr std::string_view k_chars = "=-~^\"'`#*+:._";
    return k_chars.find(line[0]) != std::string_view::npos &&
           std::all_of(line.begin(), line.end(), [&](char c) { return c == line[0]; });
}

namespace {

// ---- reStructuredText: inline markup -----------------------------------

// Positions where a delimiter may close, handed out in order so that pairing
// openers with closers stays linear however the delimiters are arranged.
class Closers {
public:
    Closers(std::string_view s, std::string_view mark, bool needs_text_before) {
        for (auto at = s.find(mark); at != std::string_view::npos; at = s.find(mark, at + 1)) {
            const bool longer = (at > 0 && s[at - 1] == mark[0]) ||
                                (at + mark.size() < s.size() && s[at + mark.size()] == mark[0]);
            if (longer) continue;
            if (needs_text_before && (at == 0 || s[at - 1] == ' ')) continue;
            m_positions.push_back(at);
        }
    }

    // The first unused closer after `opener`, or npos.
    std::size_t take_after(std::size_t opener) {
        while (m_next < m_positions.size() && m_positions[m_next] <= opener) ++m_next;
        return m_next < m_positions.size() ? m_positions[m_next++] : std::string_view::npos;
    }

private:
    std::vector<std::size_t> m_positions;
    std::size_t m_next = 0;
};

// Length of a role (":ref:", ":py:func:") at s[i], or 0.
std::size_t role_length(std::string_view s, std::size_t i) {
    if (i >= s.size() || s[i] != ':') return 0;
    std::size_t j = i + 1;
    while (j < s.size() && j - i < 64 && (is_alnum(s[j]) || std::strchr("-_.+:", s[j]))) ++j;
    return (j - i >= 3 && s[j - 1] == ':') ? j - i : 0;
}

bool can_open(std::string_view s, std::size_t i, std::size_t width) {
    const bool before_ok = i == 0 || !is_alnum(s[i - 1]);
    return before_ok && i + width < s.size() && s[i + width] != ' ';
}

class RstInline {
public:
    explicit RstInline(std::string_view s)
        : m_s(s), m_literal(s, "``", false), m_interpreted(s, "`", false),
          m_strong(s, "**", true), m_emphasis(s, "*", true) {}

    std::string strip() {
        while (m_i < m_s.size()) step();
        return std::move(m_out);
    }

private:
    void step() {
        const char c = m_s[m_i];
        if (m_drop.erase(m_i)) { m_i += (c == '*' && m_i + 1 < m_s.size() && m_s[m_i + 1] == '*') ? 2 : 1; return; }
        if (c == '\\' && m_i + 1 < m_s.size()) { m_out += m_s[m_i + 1]; m_i += 2; return; }
        if (starts_with(m_s.substr(m_i), "``") && literal()) return;
        if (c == '`' && interpreted()) return;
        if (c == ':') {
            const auto role = role_length(m_s, m_i);  // :role:`x` keeps x
            if (role > 0 && m_i + role < m_s.size() && m_s[m_i + role] == '`') { m_i += role; return; }
        }
        if (starts_with(m_s.substr(m_i), "**") && emphasis(m_strong, 2)) return;
        if (c == '*' && emphasis(m_emphasis, 1)) return;
        if ((c == '|' && substitution()) || (c == '[' && footnote()) || (c == '_' && reference_suffix())) return;
        m_out += c;
        ++m_i;
    }

    bool literal() {
        const auto close = m_literal.take_after(m_i + 1);
        if (close == std::string_view::npos) return false;
        m_out += m_s.substr(m_i + 2, close - m_i - 2);
        m_i = close + 2;
        return true;
    }

    // `text`, `text <url>`_, `text`__, `x`:role:
    bool interpreted() {
        const auto close = m_interpreted.take_after(m_i);
        if (close == std::string_view::npos) return false;
        std::string_view inner = m_s.substr(m_i + 1, close - m_i - 1);
        if (ends_with(inner, ">")) {
            const auto lt = inner.rfind('<');
            if (lt != std::string_view::npos && !trimmed(inner.substr(0, lt)).empty()) inner = inner.substr(0, lt);
        }
        m_out += trimmed(inner);
        m_i = close + 1;
        while (m_i < m_s.size() && m_s[m_i] == '_' && m_i <= close + 2) ++m_i;
        if (const auto role = role_length(m_s, m_i); role > 0) m_i += role;
        return true;
    }

    bool emphasis(Closers& closers, std::size_t width) {
        if (!can_open(m_s, m_i, width)) return false;
        const auto close = closers.take_after(m_i + width - 1);
        if (close == std::string_view::npos) return false;
        m_drop.insert(close);
        m_i += width;
        return true;
    }

    // |name| and |name|_ refer to substitutions, which are nearly always images.
    bool substitution() {
        if (!can_open(m_s, m_i, 1)) return false;
        const auto close = m_s.substr(0, std::min(m_s.size(), m_i + 64)).find('|', m_i + 1);
        if (close == std::string_view::npos || m_s[close - 1] == ' ') return false;
        std::size_t end = close + 1;
        while (end < m_s.size() && m_s[end] == '_' && end <= close + 2) ++end;
        if (end < m_s.size() && is_alnum(m_s[end])) return false;
        m_i = end;
        return true;
    }

    // [1]_, [#]_, [#note]_, [CIT2002]_
    bool footnote() {
        const auto close = m_s.substr(0, std::min(m_s.size(), m_i + 32)).find(']', m_i + 1);
        if (close == std::string_view::npos || close + 1 >= m_s.size() || m_s[close + 1] != '_') return false;
        if (m_s.substr(m_i, close - m_i).find(' ') != std::string_view::npos) return false;
        m_i = close + 2;
        return true;
    }

    // "word_" and "word__" refer to a link target; keep the word, not "_".
    bool reference_suffix() {
        if (m_out.empty() || !is_alnum(m_out.back())) return false;
        std::size_t end = m_i + 1;
        if (end < m_s.size() && m_s[end] == '_') ++end;
        if (end < m_s.size() && (is_alnum(m_s[end]) || m_s[end] == '_')) return false;
        std::size_t start = m_out.size();
        while (start > 0 && m_out.size() - start < 64 && (is_alnum(m_out[start - 1]) || m_out[start - 1] == '_')) --start;
        if (m_out[start] == '_') return false;  // __init__ is a name, not a reference
        m_i = end;
        return true;
    }

    std::string_view m_s;
    std::size_t m_i = 0;
    std::string m_out;
    Closers m_literal, m_interpreted, m_strong, m_emphasis;
    std::set<std::size_t> m_drop;  // closing '*' or '**' of emphasis already opened
};

// ---- reStructuredText: blocks ------------------------------------------

std::size_t indent_of(std::string_view line) {
    std::size_t width = 0;
    for (char c : line) {
        if (c == ' ') ++width;
        else if (c == '\t') width = (width / 8 + 1) * 8;
        else break;
    }
    return width;
}

// Admonitions hold prose worth keeping; other directives hold images, code or options.
bool is_admonition(std::string_view name) {
    static constexpr std::array<std::string_view, 11> k_names = {
        "note", "tip", "hint", "important", "warning", "caution", "attention",
        "danger", "error", "admonition", "seealso"};
    return std::find(k_names.begin(), k_names.end(), name) != k_names.end();
}

// Removes a leading list marker ("- ", "* ", "1. ", "#. ", "(a) "), or returns false.
bool strip_list_marker(std::string_view& body) {
    if (body.size() >= 2 && std::strchr("-*+", body[0]) && body[1] == ' ') { body.remove_prefix(2); return true; }
    std::size_t i = body.size() > 0 && body[0] == '(' ? 1 : 0;
    const std::size_t start = i;
    while (i < body.size() && i - start < 4 && (is_alnum(body[i]) || body[i] == '#')) ++i;
    if (i == start || i + 1 >= body.size() || !std::strchr(".)", body[i]) || body[i + 1] != ' ') return false;
    if (start == 1 && body[i] != ')') return false;
    body.remove_prefix(i + 2);
    return true;
}

class RstText {
public:
    explicit RstText(std::string_view s) : m_lines(split_lines(s)) {}

    std::string read() {
        while (m_i < m_lines.size()) step();
        end_paragraph();
        return m_blocks.take();
    }

private:
    void step() {
        const std::string_view line = m_lines[m_i];
        if (is_blank(line)) { end_paragraph(); ++m_i; return; }
        std::string_view body = line.substr(line.find_first_not_of(" \t"));
        const std::size_t indent = indent_of(line);
        if (starts_with(body, ".. ") || trimmed(body) == "..") { directive(body, indent); return; }
        if (is_adornment(body)) { end_paragraph(); ++m_i; return; }  // the title above stays its own block
        if (trimmed(body) == "::") {  // a literal block's marker alone: step past it, or this line repeats forever
            end_paragraph();
            ++m_i;
            skip_literal_block(indent);
            return;
        }
        if (strip_list_marker(body)) end_paragraph();
        if (starts_with(body, "| ")) body.remove_prefix(2);  // line blocks and grid table rows
        std::string_view content = trimmed(body);
        const bool literal_follows = ends_with(content, "::");
        if (literal_follows) {
            content.remove_suffix(1);  // "Example::" reads as "Example:"
            if (ends_with(content, " :")) content.remove_suffix(2);
        }
        m_paragraph += content;
        m_paragraph += ' ';
        ++m_i;
        if (literal_follows) { end_paragraph(); skip_literal_block(indent); }
    }

    void directive(std::string_view body, std::size_t indent) {
        end_paragraph();
        const auto marker = body.find("::");
        const auto name = marker == std::string_view::npos ? std::string_view() : trimmed(body.substr(3, marker - 3));
        ++m_i;
        if (!is_admonition(name)) { skip_indented(indent); return; }
        m_paragraph += body.substr(marker + 2);  // ".. note:: Text" keeps "Text"
        m_paragraph += ' ';
        while (m_i < m_lines.size() && starts_with(trimmed(m_lines[m_i]), ":") &&
               indent_of(m_lines[m_i]) > indent)
            ++m_i;  // option lines such as ":class: tip"
    }

    // Skips the lines indented deeper than `indent`, and blank lines among them.
    void skip_indented(std::size_t indent) {
        while (m_i < m_lines.size() && (is_blank(m_lines[m_i]) || indent_of(m_lines[m_i]) > indent)) ++m_i;
    }

    void skip_literal_block(std::size_t indent) {
        while (m_i < m_lines.size() && is_blank(m_lines[m_i])) ++m_i;
        skip_indented(indent);
    }

    void end_paragraph() {
        if (m_paragraph.empty()) return;
        m_blocks.add(RstInline(text::collapse_whitespace(m_paragraph)).strip());
        m_paragraph.clear();
    }

    std::vector<std::string_view> m_lines;
    std::size_t m_i = 0;
    std::string m_paragraph;
    Blocks m_blocks;
};

} // namespace

std::string rst_to_text(std::string_view s) { return RstText(s).read(); }

// ---- Plain text --------------------------------------------------------

std::string plain_to_text(std::string_view s) {
    Blocks blocks;
    std::string paragraph;
    for (std::string_view line : split_lines(s)) {
        if (is_blank(line)) {
            blocks.add(paragraph);
            paragraph.clear();
        } else {
            paragraph += line;
            paragraph += ' ';
        }
    }
    blocks.add(paragraph);
    return blocks.take();
}

} // namespace aisys::document

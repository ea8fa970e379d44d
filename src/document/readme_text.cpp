// README bytes -> indexable plain text. Markdown goes through the cmark-gfm
// tree; reStructuredText and plain text are handled line by line. Every pass
// is linear in the input: READMEs are untrusted, and some are megabytes long
// or nested thousands of levels deep.

#include <aisys/document.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <set>
#include <vector>

namespace aisys {

namespace {

struct NodeDeleter { void operator()(cmark_node* n) const { cmark_node_free(n); } };
struct ParserDeleter { void operator()(cmark_parser* p) const { cmark_parser_free(p); } };
struct IterDeleter { void operator()(cmark_iter* i) const { cmark_iter_free(i); } };

enum class Format { markdown, rst, plain };

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

// Finished blocks, each collapsed to one line and separated by blank lines.
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

// A heading adornment or transition in rst: one punctuation character repeated.
bool is_adornment(std::string_view line) {
    line = trimmed(line);
    if (line.size() < 3) return false;
    static constexpr std::string_view k_chars = "=-~^\"'`#*+:._";
    return k_chars.find(line[0]) != std::string_view::npos &&
           std::all_of(line.begin(), line.end(), [&](char c) { return c == line[0]; });
}

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

// ---- Markdown ----------------------------------------------------------

// Formatting tags that sit inside words; every other tag separates words.
bool is_inline_formatting_tag(std::string_view tag) {
    static constexpr std::array<std::string_view, 17> k_tags = {
        "a", "b", "i", "u", "s", "em", "strong", "code", "span", "sub", "sup",
        "del", "ins", "mark", "kbd", "small", "font"};
    std::size_t i = 1;  // past '<'
    if (i < tag.size() && tag[i] == '/') ++i;
    std::size_t end = i;
    while (end < tag.size() && is_alnum(tag[end])) ++end;
    const auto name = text::to_lower(tag.substr(i, end - i));
    return std::find(k_tags.begin(), k_tags.end(), name) != k_tags.end();
}

// Tags after which the visible text starts a new block.
bool is_block_tag(std::string_view name) {
    static constexpr std::array<std::string_view, 20> k_tags = {
        "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "br", "li", "ul", "ol",
        "tr", "table", "details", "summary", "blockquote", "hr", "section", "center"};
    return std::find(k_tags.begin(), k_tags.end(), name) != k_tags.end();
}

// The tag name at s[i] == '<' ("p", "div"...), lower-cased, or "" for no tag.
std::string tag_name_at(std::string_view s, std::size_t i) {
    std::size_t b = i + 1;
    if (b < s.size() && s[b] == '/') ++b;
    std::size_t e = b;
    while (e < s.size() && (is_alnum(s[e]) || s[e] == '-')) ++e;
    return e == b ? std::string() : text::to_lower(s.substr(b, e - b));
}

// Visible text of a raw HTML block, with markdown left inside it: tags go,
// comments and the bodies of <pre>, <script> and <style> go, block tags
// become paragraph breaks and every line loses its indentation (otherwise
// markdown would read it as code).
std::string html_visible_text(std::string_view html) {
    std::string out;
    std::size_t i = 0;
    while (i < html.size()) {
        if (html[i] != '<') { out += html[i++]; continue; }
        if (starts_with(html.substr(i), "<!--")) {
            const auto end = html.find("-->", i + 4);
            i = end == std::string_view::npos ? html.size() : end + 3;
            continue;
        }
        const auto name = tag_name_at(html, i);
        if (name.empty() && !starts_with(html.substr(i), "<!")) { out += html[i++]; continue; }
        const auto close = html.find('>', i);
        if (close == std::string_view::npos) break;  // a cut-off tag shows nothing
        const bool opening = html[i + 1] != '/';
        i = close + 1;
        if (opening && (name == "pre" || name == "script" || name == "style")) {
            const auto end = text::to_lower(html.substr(i)).find("</" + name);
            i = end == std::string::npos ? html.size() : i + end;
            continue;
        }
        if (is_block_tag(name)) out += "\n\n";
        else if (name == "td" || name == "th") out += ' ';
    }
    std::string dedented;
    for (std::string_view line : split_lines(out)) {
        dedented += trimmed(line);
        dedented += '\n';
    }
    return dedented;
}

std::unique_ptr<cmark_node, NodeDeleter> parse_markdown(std::string_view s) {
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
    for (const char* name : {"table", "autolink", "strikethrough"})
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
    cmark_parser_feed(parser.get(), s.data(), s.size());
    std::unique_ptr<cmark_node, NodeDeleter> document(cmark_parser_finish(parser.get()));
    if (!document) throw Error("README could not be parsed as markdown");
    return document;
}

bool has_type_string(cmark_node* node, const char* type) {
    const char* name = cmark_node_get_type_string(node);
    return name && std::strcmp(name, type) == 0;
}

// Walks the tree with cmark's iterator rather than recursion, so nesting
// depth costs no stack.
class MarkdownText {
public:
    explicit MarkdownText(Blocks& blocks) : m_blocks(blocks) {}

    // `html_depth` > 0 for markdown found inside an HTML block, whose own
    // HTML blocks are then dropped rather than read again.
    void read(cmark_node* document, int html_depth) {
        std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(document));
        cmark_event_type event;
        while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
            cmark_node* node = cmark_iter_get_node(iter.get());
            if (event == CMARK_EVENT_ENTER) on_enter(iter.get(), node, html_depth);
            else if (event == CMARK_EVENT_EXIT) on_exit(node);
        }
    }

private:
    void on_enter(cmark_iter* iter, cmark_node* node, int html_depth) {
        const char* literal = cmark_node_get_literal(node);
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_TEXT:
            if (literal) append_without_fences(literal);
            break;
        case CMARK_NODE_CODE:
            if (literal) m_inline += literal;
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            m_inline += ' ';
            break;
        case CMARK_NODE_HTML_INLINE:
            if (literal && !is_inline_formatting_tag(literal)) m_inline += ' ';
            break;
        case CMARK_NODE_IMAGE:
            // Skip the alt text too: images are logos, badges and diagrams.
            cmark_iter_reset(iter, node, CMARK_EVENT_EXIT);
            break;
        case CMARK_NODE_HTML_BLOCK:
            if (literal && html_depth == 0) {
                const auto inner = parse_markdown(html_visible_text(literal));
                MarkdownText(m_blocks).read(inner.get(), html_depth + 1);
            }
            break;
        default:
            break;
        }
    }

    void on_exit(cmark_node* node) {
        switch (cmark_node_get_type(node)) {
        case CMARK_NODE_PARAGRAPH:
        case CMARK_NODE_HEADING:
            end_block();
            return;
        default:
            break;
        }
        if (has_type_string(node, "table_cell")) {
            if (auto cell = text::collapse_whitespace(m_inline); !cell.empty()) m_cells.push_back(std::move(cell));
            m_inline.clear();
        } else if (has_type_string(node, "table_row") || has_type_string(node, "table_header")) {
            end_row();
        } else if (has_type_string(node, "table")) {
            m_blocks.add_raw(m_table);
            m_table.clear();
        }
    }

    // A run of three or more backticks in text is a code fence its author
    // escaped by mistake ("\`\`\`bash"): markup, not prose.
    void append_without_fences(std::string_view literal) {
        for (std::size_t i = 0; i < literal.size();) {
            std::size_t run = 0;
            while (i + run < literal.size() && literal[i + run] == '`') ++run;
            if (run >= 3) { m_inline += ' '; i += run; }
            else if (run > 0) { m_inline.append(run, '`'); i += run; }
            else m_inline += literal[i++];
        }
    }

    void end_block() {
        m_blocks.add(m_inline);
        m_inline.clear();
    }

    void end_row() {
        std::string row;
        for (const auto& cell : m_cells) row += (row.empty() ? "" : " | ") + cell;
        m_cells.clear();
        if (row.empty()) return;
        if (!m_table.empty()) m_table += '\n';
        m_table += row;
    }

    Blocks& m_blocks;
    std::string m_inline;              // text of the paragraph, heading or cell being read
    std::vector<std::string> m_cells;  // cells of the table row being read
    std::string m_table;               // rows of the table being read, one a line
};

// cmark-gfm's inline parser is quadratic on some paragraphs (runs of unclosed
// emphasis, backticks and links), so no paragraph may grow past this: a blank
// line is inserted where one would. Real paragraphs are far shorter.
constexpr std::size_t k_max_paragraph = 32 * 1024;

std::string bound_paragraphs(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2 * (s.size() / k_max_paragraph) + 1);
    std::size_t run = 0;  // bytes since the last blank line
    for (std::string_view line : split_lines(s)) {
        while (line.size() > k_max_paragraph) {
            auto cut = line.rfind(' ', k_max_paragraph);
            if (cut == std::string_view::npos || cut == 0) {
                cut = k_max_paragraph;  // one huge word: cut it between characters
                while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
            }
            out.append(line.substr(0, cut)).append("\n\n");
            line.remove_prefix(cut);
            run = 0;
        }
        if (is_blank(line)) run = 0;
        if (run > 0 && run + line.size() > k_max_paragraph) {
            out += '\n';
            run = 0;
        }
        out.append(line).append("\n");
        run += line.size() + 1;
    }
    return out;
}

std::string markdown_to_text(const std::string& s) {
    Blocks blocks;
    const auto document = parse_markdown(bound_paragraphs(s));
    MarkdownText(blocks).read(document.get(), 0);
    return blocks.take();
}

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
        if (trimmed(body) == "::") { end_paragraph(); skip_literal_block(indent); return; }
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

} // namespace

std::string readme_to_text(std::string_view raw, std::string_view file_name) {
    const std::string s = normalise_input(raw);
    switch (detect_format(file_name, s)) {
    case Format::markdown: return text::trim(markdown_to_text(s));
    case Format::rst: return text::trim(RstText(s).read());
    case Format::plain: return text::trim(plain_to_text(s));
    }
    return {};
}

} // namespace aisys

// Markdown README -> text, through the cmark-gfm tree. Raw HTML blocks are
// reduced to their visible text and read again as markdown; paragraphs are
// bounded in length first because cmark-gfm's inline parser is quadratic on
// some of them.

#include "document/formats.hpp"

#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include "util/markdown.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace aisys::document {

namespace {


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

markdown::Tree parse_markdown(std::string_view s) {
    markdown::Tree document = markdown::parse(s);
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
        markdown::Iterator iter(cmark_iter_new(document));
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

} // namespace

std::string markdown_to_text(const std::string& s) {
    Blocks blocks;
    const auto document = parse_markdown(bound_paragraphs(s));
    MarkdownText(blocks).read(document.get(), 0);
    return blocks.take();
}

} // namespace aisys::document

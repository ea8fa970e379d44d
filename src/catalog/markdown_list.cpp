// Reads one awesome list through the cmark-gfm syntax tree: headings give the
// category, each list item with a link is a paper.

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include "catalog/entry.hpp"
#include "catalog/list_entry.hpp"
#include "util/markdown.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <optional>
#include <regex>
#include <set>

namespace aisys {

namespace {

using namespace entry;

/// A title longer than this is cut: no paper's title is, and a list could
/// otherwise make one line of megabytes every result printed repeats.
constexpr std::size_t k_max_title_bytes = 1000;

struct Heading {
    int level;
    std::string text;
};

// Walks the document: each list item, table row, heading with "Key:" bullets
// and entry-like paragraph is an entry, read by entry::read_entry.
class ListReader {
public:
    ListReader(const std::string& source, const VenueTable& venues) : m_source(source), m_venues(venues) {}

    Catalog read(cmark_node* document) {
        markdown::Iterator iter(cmark_iter_new(document));
        cmark_event_type event;
        while ((event = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE) {
            if (event != CMARK_EVENT_ENTER) continue;
            cmark_node* node = cmark_iter_get_node(iter.get());
            switch (cmark_node_get_type(node)) {
            case CMARK_NODE_HEADING: on_heading(node); break;
            case CMARK_NODE_ITEM: on_item(node); break;
            case CMARK_NODE_PARAGRAPH: on_paragraph(node); break;
            default:
                if (type_is(node, "table")) on_table(node);
                break;
            }
        }
        return std::move(m_catalog);
    }

private:
    void on_heading(cmark_node* node) {
        // A heading followed by "**Key:** value" bullets is an entry of its own.
        cmark_node* next = cmark_node_next(node);
        while (next && cmark_node_get_type(next) == CMARK_NODE_THEMATIC_BREAK) next = cmark_node_next(next);
        if (next && cmark_node_get_type(next) == CMARK_NODE_LIST) {
            cmark_node* first = cmark_node_first_child(next);
            cmark_node* para = first ? cmark_node_first_child(first) : nullptr;
            if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH && has_bold_key(tokens_of(para)) &&
                !in_non_paper_section()) {
                EntryInput in;
                in.main = tokens_of(node);
                for (cmark_node* item = first; item; item = cmark_node_next(item)) {
                    for (cmark_node* p = cmark_node_first_child(item); p; p = cmark_node_next(p))
                        if (cmark_node_get_type(p) == CMARK_NODE_PARAGRAPH) in.subs.push_back(tokens_of(p));
                    m_consumed.insert(item);
                }
                add_entry(std::move(in), cmark_node_get_start_line(node), true);
                return;
            }
        }
        const int level = cmark_node_get_heading_level(node);
        while (!m_headings.empty() && m_headings.back().level >= level) m_headings.pop_back();
        m_headings.push_back({level, clean_heading(clean(plain_text(node)))});
    }

    bool in_non_paper_section() const {
        return std::any_of(m_headings.begin(), m_headings.end(),
                           [](const Heading& h) { return is_non_paper_section(h.text); });
    }

    void report_repaired(cmark_node* node, int line) {
        for (cmark_node* n = node; n; n = cmark_node_next(n)) {
            if (cmark_node_get_type(n) == CMARK_NODE_LINK) {
                const std::string raw = raw_link_url(n), url = link_url(n);
                if (raw != url) problem(line, "link target '" + raw + "' has stray braces; read as " + url);
            }
            if (cmark_node_first_child(n)) report_repaired(cmark_node_first_child(n), line);
        }
    }

    void problem(int line, std::string message) {
        m_catalog.problems.push_back({m_source, line, std::move(message)});
    }

    static bool first_link_is_anchor(const Tokens& tokens) {
        for (const auto& t : tokens)
            if (t.kind == Token::link) return !t.url.empty() && t.url[0] == '#';
        return false;
    }

    static bool ends_on_function_word(const std::string& text) {
        static const std::set<std::string, std::less<>> words = {
            "a", "an", "and", "at", "by", "check", "for", "from", "in", "into", "its", "my", "of", "on", "or",
            "our", "see", "the", "their", "this", "to", "with", "your"};
        const std::string t = text::trim(text);
        const auto space = t.find_last_of(" \t");
        const std::string last = t.substr(space == std::string::npos ? 0 : space + 1);
        return words.count(last) > 0;
    }

    // An outline ("- Hybrid Parallelism" over "- Data Parallelism", ...): a tree of items
    // without a single link or metadata line is a table of contents, no entries. Marks the
    // tree read.
    bool is_outline(cmark_node* item) {
        cmark_node* last = cmark_node_last_child(item);
        if (!last || cmark_node_get_type(last) != CMARK_NODE_LIST) return false;
        // A linkless paper with its authors and venue beneath is no outline.
        for (cmark_node* child = cmark_node_first_child(last); child; child = cmark_node_next(child)) {
            cmark_node* para = cmark_node_first_child(child);
            if (para && cmark_node_get_type(para) == CMARK_NODE_PARAGRAPH && is_metadata_line(tokens_of(para), m_venues))
                return false;
        }
        std::vector<cmark_node*> items;
        cmark_iter* it = cmark_iter_new(item);
        bool linkless = true;
        for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
            cmark_node* n = cmark_iter_get_node(it);
            if (ev != CMARK_EVENT_ENTER) continue;
            if (cmark_node_get_type(n) == CMARK_NODE_LINK) linkless = false;
            if (cmark_node_get_type(n) == CMARK_NODE_ITEM) items.push_back(n);
        }
        cmark_iter_free(it);
        if (linkless) m_consumed.insert(items.begin(), items.end());
        return linkless;
    }

    static bool has_link(const Tokens& tokens) {
        return std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.kind == Token::link; });
    }

    void on_item(cmark_node* item) {
        if (m_consumed.count(item) || in_non_paper_section()) return;
        // Under an item read as another entry's metadata ("Summary:" and its points).
        for (cmark_node* up = cmark_node_parent(item); up; up = cmark_node_parent(up))
            if (m_consumed.count(up)) {
                m_consumed.insert(item);
                return;
            }
        cmark_node* para = cmark_node_first_child(item);
        while (para && cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) para = cmark_node_next(para);
        if (!para) return;
        const int line = cmark_node_get_start_line(item);
        EntryInput in;
        in.main = tokens_of(para);
        if (first_link_is_anchor(in.main)) return;  // a table of contents entry
        if (is_outline(item)) return;
        report_repaired(cmark_node_first_child(para), line);
        // Later paragraphs, and sub-bullets that speak of this entry (authors,
        // venue, "Key:" lines, label links), belong to it; other sub-bullets are
        // entries of their own.
        for (cmark_node* n = cmark_node_next(para); n; n = cmark_node_next(n)) {
            if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
                in.subs.push_back(tokens_of(n));
            } else if (cmark_node_get_type(n) == CMARK_NODE_LIST) {
                for (cmark_node* child = cmark_node_first_child(n); child; child = cmark_node_next(child)) {
                    cmark_node* child_para = cmark_node_first_child(child);
                    if (!child_para || cmark_node_get_type(child_para) != CMARK_NODE_PARAGRAPH) continue;
                    Tokens tokens = tokens_of(child_para);
                    if (!is_metadata_line(tokens, m_venues)) continue;
                    report_repaired(cmark_node_first_child(child_para), cmark_node_get_start_line(child));
                    in.subs.push_back(std::move(tokens));
                    m_consumed.insert(child);
                }
            }
        }
        const bool linked = has_link(in.main) || std::any_of(in.subs.begin(), in.subs.end(), has_link);
        if (!linked && in.subs.empty()) {
            if (!m_headings.empty())
                problem(line, "list item without a link: '" + text::truncate(clean(plain_text(para)), 80) + "'");
            return;
        }
        add_entry(std::move(in), line, linked);
    }

    // A paragraph of its own (not in a list item or a quote) that reads as an
    // entry: "[Venue'YY] [Title](url) [[Code](repo)]", "**Title** [[Blog]](url)".
    void on_paragraph(cmark_node* para) {
        cmark_node* parent = cmark_node_parent(para);
        if (!parent || cmark_node_get_type(parent) != CMARK_NODE_DOCUMENT || m_headings.empty() || in_non_paper_section())
            return;
        Tokens tokens = tokens_of(para);
        std::size_t titles = 0, labels = 0;
        bool badge_only = true;
        std::string before;  // the text before the first link: "[Arxiv'24.8] "
        for (const auto& t : tokens) {
            if (t.kind == Token::words && !text::trim(t.text).empty()) badge_only = false;
            if (t.kind == Token::words && titles + labels == 0) before += t.text;
            if (t.kind != Token::link) continue;
            if (!t.image.empty()) continue;
            badge_only = false;
            (role_of_link(t) == Role::title ? titles : labels) += 1;
        }
        before = text::trim(before);
        const bool tagged = before.size() > 2 && before.size() < 40 && before.front() == '[' && before.back() == ']';
        if (badge_only || titles > 1 || (labels == 0 && !(tagged && titles == 1)) || first_link_is_anchor(tokens)) return;
        // Prose that links a paper ("Please check our [paper](...) for more details!"): a title
        // never ends on a function word.
        if (titles == 0 && ends_on_function_word(before)) return;
        const int line = cmark_node_get_start_line(para);
        EntryInput in;
        in.main = std::move(tokens);
        add_entry(std::move(in), line, true);
    }

    // A GFM table of papers: columns are recognised by their header, in any order.
    // A table without a title (or paper) column gives no papers.
    void on_table(cmark_node* table) {
        if (in_non_paper_section()) return;
        cmark_node* header = cmark_node_first_child(table);
        if (!header || !type_is(header, "table_header")) return;
        std::vector<Column> columns;
        for (cmark_node* cell = cmark_node_first_child(header); cell; cell = cmark_node_next(cell))
            columns.push_back(column_of(clean(plain_text(cell))));
        const auto find = [&](Column c) { return std::find(columns.begin(), columns.end(), c); };
        auto title_column = find(Column::title);
        if (title_column == columns.end()) title_column = find(Column::paper);  // "| Paper | Type | Code |"
        if (title_column == columns.end()) return;
        const auto title_index = static_cast<std::size_t>(title_column - columns.begin());
        // People and their homepages, models and their weights: no paper or code column, no papers.
        if (find(Column::code) == columns.end() && std::count(columns.begin(), columns.end(), Column::paper) == 0) return;

        for (cmark_node* row = cmark_node_next(header); row; row = cmark_node_next(row)) {
            if (!type_is(row, "table_row")) continue;
            const int line = cmark_node_get_start_line(row);
            EntryInput in;
            std::size_t i = 0;
            for (cmark_node* cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell), ++i) {
                report_repaired(cmark_node_first_child(cell), line);
                if (i == title_index) in.main = tokens_of(cell);
                else if (i < columns.size()) in.cells.emplace_back(columns[i], tokens_of(cell));
            }
            const bool linked = has_link(in.main) || std::any_of(in.cells.begin(), in.cells.end(),
                                                                 [](const auto& c) { return has_link(c.second); });
            if (clean(plain_text_of(in.main)).empty()) {
                if (linked) problem(line, "table row with no title");
                continue;
            }
            add_entry(std::move(in), line, linked);
        }
    }

    static std::string plain_text_of(const Tokens& tokens) {
        std::string out;
        for (const auto& t : tokens)
            if (t.kind == Token::words || t.kind == Token::link) out += t.text;
        return out;
    }

    // Reads the entry and files it under the current headings.
    void add_entry(EntryInput in, int line, bool linked) {
        for (const auto& h : m_headings) in.headings.push_back(h.text);
        EntryOutput out = read_entry(in, m_venues);
        for (auto& message : out.problems)
            problem(line, "'" + text::truncate(out.paper.title, 80) + "': " + message);
        if (!out.is_entry) {
            if (linked && out.paper.title.empty() && !out.paper.repo.empty() && !out.paper.paper_url.empty())
                problem(line, "link with no title text");
            return;
        }
        Paper paper = std::move(out.paper);
        if (is_awesome_list(paper.title, paper.repo.empty() ? paper.paper_url : paper.repo)) return;
        // An entry that says nothing but its title and links nowhere is not one.
        if (!linked && !out.venue.known && paper.authors.empty()) {
            problem(line, "list item without a link: '" + text::truncate(paper.title, 80) + "'");
            return;
        }
        paper.title = text::truncate(paper.title, k_max_title_bytes);
        VenueInfo venue = out.venue;
        // A blog's or a talk's "venue" is its host: not a venue, and nothing to fix.
        if (paper.kind == k_kind_other && !venue.known) venue.venue.clear();
        paper.venue = venue.venue;
        paper.venue_kind = venue.kind;
        paper.venue_known = venue.known;
        paper.year = venue.year;
        if (!venue.venue.empty() && !venue.known)
            problem(line, "'" + paper.title + "': unknown venue '" + venue.venue + "' kept as written");

        Listing listing{m_source, {}, line};
        for (const auto& h : m_headings) listing.section.push_back(h.text);
        if (!m_headings.empty()) paper.categories.push_back(m_headings.back().text);
        paper.listings.push_back(std::move(listing));
        m_catalog.papers.push_back(std::move(paper));
    }

    const std::string& m_source;
    const VenueTable& m_venues;
    std::vector<Heading> m_headings;
    std::set<cmark_node*> m_consumed;  // items read as part of another entry
    Catalog m_catalog;
};

int line_of_offset(std::string_view s, std::size_t offset) {
    return 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

} // namespace

Catalog parse_list(std::string_view markdown, const std::string& source, const VenueTable& venues) {
    if (markdown.size() > k_max_list_bytes)
        throw Error(source + ": list is larger than " + std::to_string(k_max_list_bytes >> 20) + " MiB", ErrorKind::usage);
    if (const auto nul = markdown.find('\0'); nul != std::string_view::npos)
        throw Error(source + ":" + std::to_string(line_of_offset(markdown, nul)) +
                    ": NUL byte: this is a binary file, not a markdown list", ErrorKind::usage);
    if (const auto bad = text::invalid_utf8_offset(markdown); bad != std::string_view::npos)
        throw Error(source + ":" + std::to_string(line_of_offset(markdown, bad)) +
                    ": invalid UTF-8: save the list as UTF-8", ErrorKind::usage);

    const markdown::Tree document = markdown::parse(markdown);
    if (!document) throw Error(source + ": markdown parser failed");
    return ListReader(source, venues).read(document.get());
}

} // namespace aisys

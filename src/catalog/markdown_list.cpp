// Reads one awesome list through the cmark-gfm syntax tree: headings give the
// category, each list item with a link is a paper.

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>

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
            default:
                if (type_is(node, "table")) on_table(node);
                break;
            }
        }
        return std::move(m_catalog);
    }

private:
    void on_heading(cmark_node* node) {
        const int level = cmark_node_get_heading_level(node);
        while (!m_headings.empty() && m_headings.back().level >= level) m_headings.pop_back();
        m_headings.push_back({level, clean(plain_text(node))});
    }

    bool in_non_paper_section() const {
        return std::any_of(m_headings.begin(), m_headings.end(),
                           [](const Heading& h) { return is_non_paper_section(h.text); });
    }

    void report_repaired(cmark_node* link, const std::string& url, int line) {
        if (const auto raw = raw_link_url(link); raw != url)
            problem(line, "link target '" + raw + "' has stray braces; read as " + url);
    }

    void problem(int line, std::string message) {
        m_catalog.problems.push_back({m_source, line, std::move(message)});
    }

    void on_item(cmark_node* item) {
        if (m_companions.count(item) || in_non_paper_section()) return;
        cmark_node* para = cmark_node_first_child(item);
        while (para && cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) para = cmark_node_next(para);
        if (!para) return;
        const int line = cmark_node_get_start_line(item);

        // The first link, also inside emphasis ("**[Title](url)** OSDI'22"); `top`
        // is the paragraph's child that holds it, after which the venue follows.
        cmark_node* top = cmark_node_first_child(para);
        cmark_node* link = nullptr;
        std::string before;  // "code " in "code [Title](repo)"
        while (top && !(link = first_link(top))) {
            before += cmark_node_get_type(top) == CMARK_NODE_TEXT ? std::string(literal(top)) : plain_text(top);
            top = cmark_node_next(top);
        }
        if (!link) {
            if (!m_headings.empty()) problem(line, "list item without a link: '" + text::truncate(clean(plain_text(para)), 80) + "'");
            return;
        }
        const std::string url = link_url(link);
        if (!url.empty() && url[0] == '#') return;  // a table of contents entry
        report_repaired(link, url, line);

        Paper paper;
        paper.title = text::truncate(clean(plain_text(link)), k_max_title_bytes);
        if (paper.title.empty()) {
            problem(line, "link with no title text");
            return;
        }
        if (is_awesome_list(paper.title, url)) return;  // a pointer to another list, not a paper
        const LinkRole role = role_of_word(last_word(before));
        if (!is_web_link(url)) {
            problem(line, "'" + paper.title + "': link target '" + text::truncate(url, 200) + "' is not an http(s) URL");
        } else if (role == LinkRole::code || (role == LinkRole::none && is_repository_link(url))) {
            paper.repo = url;
        } else {
            paper.paper_url = url;
        }

        // The rest of the paragraph is the venue, except for "paper [...](url)"
        // links to the same paper; later paragraphs and child items may hold more.
        std::vector<std::string> companion_titles;
        const std::string trailing = read_companions(cmark_node_next(top), paper, companion_titles, line);
        for (cmark_node* n = cmark_node_next(para); n; n = cmark_node_next(n)) {
            if (cmark_node_get_type(n) == CMARK_NODE_PARAGRAPH) {
                if (starts_with_role_link(n)) read_companions(cmark_node_first_child(n), paper, companion_titles, line);
            } else if (cmark_node_get_type(n) == CMARK_NODE_LIST) {
                for (cmark_node* child = cmark_node_first_child(n); child; child = cmark_node_next(child)) {
                    cmark_node* child_para = cmark_node_first_child(child);
                    if (!child_para || cmark_node_get_type(child_para) != CMARK_NODE_PARAGRAPH) continue;
                    if (!starts_with_role_link(child_para)) continue;
                    read_companions(cmark_node_first_child(child_para), paper, companion_titles, line);
                    m_companions.insert(child);
                }
            }
        }

        VenueInfo venue = m_venues.normalise(clean(trailing));
        take_glued_venue(paper.title, venue);
        // "code [zero-bubble-pp](repo)" with "paper [Near Zero Bubble ... ICLR'24](url)".
        for (const auto& companion : companion_titles) {
            if (!venue.venue.empty()) break;
            std::string title = companion;
            take_glued_venue(title, venue);
        }
        add_paper(std::move(paper), venue, line);
    }

    // A GFM table of papers: columns are recognised by their header, in any order.
    // A table without a title column and a paper or code column (people and their
    // homepages, say) gives no papers.
    void on_table(cmark_node* table) {
        if (in_non_paper_section()) return;
        cmark_node* header = cmark_node_first_child(table);
        if (!header || !type_is(header, "table_header")) return;
        std::vector<Column> columns;
        for (cmark_node* cell = cmark_node_first_child(header); cell; cell = cmark_node_next(cell))
            columns.push_back(column_of_header(clean(plain_text(cell))));
        const auto has = [&](Column c) { return std::find(columns.begin(), columns.end(), c) != columns.end(); };
        if (!has(Column::title) || !(has(Column::paper) || has(Column::code))) return;

        for (cmark_node* row = cmark_node_next(header); row; row = cmark_node_next(row)) {
            if (!type_is(row, "table_row")) continue;
            const int line = cmark_node_get_start_line(row);
            Paper paper;
            std::string venue_text;
            std::string title_link;  // "| [Title](url) |": used when no other column links
            std::size_t i = 0;
            for (cmark_node* cell = cmark_node_first_child(row); cell; cell = cmark_node_next(cell), ++i) {
                const Column column = i < columns.size() ? columns[i] : Column::other;
                switch (column) {
                case Column::title:
                    paper.title = text::truncate(clean(plain_text(cell)), k_max_title_bytes);
                    title_link = cell_link(cell, line);
                    break;
                case Column::paper: paper.paper_url = cell_link(cell, line); break;
                case Column::code: paper.repo = cell_link(cell, line); break;
                case Column::venue: venue_text = clean(plain_text(cell)); break;
                case Column::other: break;
                }
            }
            if (paper.title.empty()) {
                if (!paper.paper_url.empty() || !paper.repo.empty()) problem(line, "table row with no title");
                continue;
            }
            if (!title_link.empty() && paper.repo.empty() && paper.paper_url.empty())
                (is_repository_link(title_link) ? paper.repo : paper.paper_url) = title_link;
            VenueInfo venue = m_venues.normalise(venue_text);
            take_glued_venue(paper.title, venue);
            add_paper(std::move(paper), venue, line);
        }
    }

    // The target of the first link in a table cell: for a badge
    // "[![stars](https://img.shields.io/...)](https://github.com/o/r)" the repository.
    std::string cell_link(cmark_node* cell, int line) {
        cmark_node* link = first_link(cell);
        if (!link) return {};
        std::string url = link_url(link);
        report_repaired(link, url, line);
        if (url.empty() || is_web_link(url)) return url;
        problem(line, "table link target '" + text::truncate(url, 200) + "' is not an http(s) URL");
        return {};
    }

    // Files `paper` under the current headings with what `venue` says.
    void add_paper(Paper paper, const VenueInfo& venue, int line) {
        paper.venue = venue.venue;
        paper.venue_kind = venue.kind;
        paper.venue_known = venue.known;
        paper.year = venue.year;
        paper.arxiv_id = venue.arxiv_id.empty() ? arxiv_id_of_link(paper.paper_url) : venue.arxiv_id;
        // A preprint's year is the YY of its arXiv id, as when the id is written out.
        if (!paper.year && venue.kind == "preprint" && !paper.arxiv_id.empty())
            paper.year = 2000 + std::stoi(paper.arxiv_id.substr(0, 2));
        if (!venue.venue.empty() && !venue.known)
            problem(line, "'" + paper.title + "': unknown venue '" + venue.venue + "' kept as written");

        Listing listing{m_source, {}, line};
        for (const auto& h : m_headings) listing.section.push_back(h.text);
        if (!m_headings.empty()) paper.categories.push_back(m_headings.back().text);
        paper.listings.push_back(std::move(listing));
        m_catalog.papers.push_back(std::move(paper));
    }

    // Walks inline nodes from `n`: a link named by a role word ("paper [..](url)",
    // "[pdf](url)") fills the paper's missing link; other links are skipped. Returns
    // the remaining text, which is the venue when it follows the paper's own link.
    std::string read_companions(cmark_node* n, Paper& paper, std::vector<std::string>& companion_titles, int line) {
        std::string rest;
        for (; n; n = cmark_node_next(n)) {
            const auto type = cmark_node_get_type(n);
            if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
                rest += literal(n);
            } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
                rest += ' ';
            } else if (type == CMARK_NODE_LINK) {
                const std::string word = last_word(rest);
                const std::string link_text = clean(plain_text(n));
                LinkRole role = role_of_word(word);
                if (role != LinkRole::none) {
                    // "arXiv [2103.13262](...)": the word is the venue as well.
                    if (!m_venues.find(word)) rest.erase(rest.size() - trailing_word_length(rest));
                    companion_titles.push_back(link_text);
                } else {
                    role = role_of_word(link_text);
                }
                const std::string url = link_url(n);
                if (role == LinkRole::none) continue;
                if (!is_web_link(url)) {
                    problem(line, "'" + paper.title + "': " + link_text + " link target '" + text::truncate(url, 200) +
                                      "' is not an http(s) URL");
                    continue;
                }
                std::string& slot = role == LinkRole::code ? paper.repo : paper.paper_url;
                if (slot.empty()) slot = url;
            } else if (type != CMARK_NODE_IMAGE) {
                rest += plain_text(n);
            }
        }
        return rest;
    }

    // "paper [Title](url)", "[PDF](url)": a paragraph that only adds a link to the paper above.
    static bool starts_with_role_link(cmark_node* para) {
        std::string before;
        for (cmark_node* n = cmark_node_first_child(para); n; n = cmark_node_next(n)) {
            if (cmark_node_get_type(n) == CMARK_NODE_LINK)
                return role_of_word(text::trim(before)) != LinkRole::none ||
                       (text::trim(before).empty() && role_of_word(clean(plain_text(n))) != LinkRole::none);
            if (cmark_node_get_type(n) != CMARK_NODE_TEXT) return false;
            before += literal(n);
        }
        return false;
    }

    // A venue glued to the title is used when nothing follows the link, and
    // dropped from the title when it only repeats the venue that follows.
    void take_glued_venue(std::string& title, VenueInfo& venue) const {
        const auto glued = split_glued_venue(title, m_venues);
        if (!glued) return;
        const VenueInfo from_title = m_venues.normalise(glued->venue_text);
        if (!from_title.known || !from_title.year) return;
        if (venue.venue.empty()) {
            venue = from_title;
            title = glued->title;
        } else if (venue.known && venue.venue == from_title.venue && venue.year == from_title.year) {
            title = glued->title;
        }
    }

    const std::string& m_source;
    const VenueTable& m_venues;
    std::vector<Heading> m_headings;
    std::set<cmark_node*> m_companions;  // child items already read as another item's links
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

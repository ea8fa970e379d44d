// Reads one awesome list through the cmark-gfm syntax tree: headings give the
// category, each list item with a link is a paper.

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include "util/markdown.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <mutex>
#include <regex>

namespace aisys {

namespace {

// Headings whose sections hold no papers, compared lower-case.
constexpr std::array<std::string_view, 9> k_non_paper_sections = {
    "contents", "table of contents", "contribute", "contributing", "contribution",
    "license", "acknowledgements", "acknowledgments", "related awesome lists"};

bool is_non_paper_section(const std::string& heading) {
    const auto key = text::to_lower(heading);
    return std::find(k_non_paper_sections.begin(), k_non_paper_sections.end(), key) != k_non_paper_sections.end();
}

// The plain text of an inline subtree (text, code, emphasis, links), without markup.
void append_plain_text(cmark_node* node, std::string& out) {
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        switch (cmark_node_get_type(child)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            if (const char* lit = cmark_node_get_literal(child)) out += lit;
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            out += ' ';
            break;
        case CMARK_NODE_HTML_INLINE:
            break;
        default:
            append_plain_text(child, out);
        }
    }
}

std::string plain_text(cmark_node* node) {
    std::string out;
    append_plain_text(node, out);
    return out;
}

// The first link in an inline subtree (the node itself included), or null.
cmark_node* first_link(cmark_node* node) {
    if (cmark_node_get_type(node) == CMARK_NODE_LINK) return node;
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child))
        if (cmark_node* link = first_link(child)) return link;
    return nullptr;
}

std::string clean(const std::string& s) {
    return text::collapse_whitespace(text::repair_mojibake(text::strip_bibtex_braces(s)));
}

bool is_repository_link(const std::string& url) {
    const auto lower = text::to_lower(url);
    for (std::string_view host : {"github.com/", "gitlab.com/", "bitbucket.org/", "gitee.com/", "huggingface.co/"})
        if (lower.find(host) != std::string::npos) return true;
    return false;
}

bool is_web_link(const std::string& url) {
    const auto lower = text::to_lower(url);
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

// "https://arxiv.org/abs/2103.13262", ".../pdf/2103.13262v2(.pdf)" -> "2103.13262", else "".
std::string arxiv_id_of_link(const std::string& url) {
    static const std::regex link(R"(arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$)", std::regex::icase);
    std::smatch m;
    return std::regex_search(url, m, link) ? m[1].str() : std::string();
}

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
            default: break;
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

    void problem(int line, std::string message) {
        m_catalog.problems.push_back({m_source, line, std::move(message)});
    }

    void on_item(cmark_node* item) {
        if (in_non_paper_section()) return;
        cmark_node* para = cmark_node_first_child(item);
        while (para && cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH) para = cmark_node_next(para);
        if (!para) return;
        const int line = cmark_node_get_start_line(item);

        // The first link, also inside emphasis ("**[Title](url)** OSDI'22"); `top`
        // is the paragraph's child that holds it, after which the venue follows.
        cmark_node* top = cmark_node_first_child(para);
        cmark_node* link = nullptr;
        while (top && !(link = first_link(top))) top = cmark_node_next(top);
        if (!link) {
            if (!m_headings.empty()) problem(line, "list item without a link: '" + text::truncate(clean(plain_text(para)), 80) + "'");
            return;
        }
        const char* url_c = cmark_node_get_url(link);
        const std::string url = text::trim(url_c ? url_c : "");
        if (!url.empty() && url[0] == '#') return;  // a table of contents entry

        Paper paper;
        paper.title = clean(plain_text(link));
        if (paper.title.empty()) {
            problem(line, "link with no title text");
            return;
        }
        if (!is_web_link(url)) {
            problem(line, "'" + paper.title + "': link target '" + url + "' is not an http(s) URL");
        } else if (is_repository_link(url)) {
            paper.repo = url;
        } else {
            paper.paper_url = url;
        }

        std::string trailing;
        for (cmark_node* n = cmark_node_next(top); n; n = cmark_node_next(n)) {
            const auto type = cmark_node_get_type(n);
            if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
                if (const char* lit = cmark_node_get_literal(n)) trailing += lit;
            } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
                trailing += ' ';
            } else if (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE) {
                trailing += plain_text(n);
            }
        }
        const VenueInfo venue = m_venues.normalise(clean(trailing));
        paper.venue = venue.venue;
        paper.venue_kind = venue.kind;
        paper.venue_known = venue.known;
        paper.year = venue.year;
        paper.arxiv_id = venue.arxiv_id.empty() ? arxiv_id_of_link(paper.paper_url) : venue.arxiv_id;
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
    Catalog m_catalog;
};

int line_of_offset(std::string_view s, std::size_t offset) {
    return 1 + static_cast<int>(std::count(s.begin(), s.begin() + static_cast<std::ptrdiff_t>(offset), '\n'));
}

} // namespace

Catalog parse_list(std::string_view markdown, const std::string& source, const VenueTable& venues) {
    if (markdown.size() > k_max_list_bytes)
        throw Error(source + ": list is larger than " + std::to_string(k_max_list_bytes >> 20) + " MiB");
    if (const auto nul = markdown.find('\0'); nul != std::string_view::npos)
        throw Error(source + ":" + std::to_string(line_of_offset(markdown, nul)) +
                    ": NUL byte: this is a binary file, not a markdown list");
    if (const auto bad = text::invalid_utf8_offset(markdown); bad != std::string_view::npos)
        throw Error(source + ":" + std::to_string(line_of_offset(markdown, bad)) +
                    ": invalid UTF-8: save the list as UTF-8");

    const markdown::Tree document = markdown::parse(markdown);
    if (!document) throw Error(source + ": markdown parser failed");
    return ListReader(source, venues).read(document.get());
}

} // namespace aisys

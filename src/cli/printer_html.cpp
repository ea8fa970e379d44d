// The web front's pages: a search with its facets as links, one paper, the
// index's stats. Every stored value goes through html::escape, every stored
// link through html::http_link (cli/html.hpp).

#include "cli/citation.hpp"
#include "cli/html_frame.hpp"
#include "cli/printer.hpp"

#include <aisys/error.hpp>

#include <algorithm>
#include <cstdio>
#include <ostream>
#include <utility>

namespace aisys::cli {

namespace {

using html::escape;
using html::PageState;

// Facet values shown before the rest go behind "more".
constexpr std::size_t k_facet_shown = 10;

std::string count(std::size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

std::string join(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : sep) + escape(item);
    return out;
}

bool same_value(const std::string& a, const std::string& b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](unsigned char x, unsigned char y) {
               return std::tolower(x) == std::tolower(y);
           });
}

// The filter value of `state` that `value` is (in any case), or nullptr.
const std::string* active_value(const PageState& state, const std::string& name, const std::string& value) {
    const auto it = state.filters.find(name);
    if (it == state.filters.end()) return nullptr;
    for (const auto& v : it->second)
        if (same_value(v, value)) return &v;
    return nullptr;
}

std::string link(const std::string& href, const std::string& text_html, const std::string& attributes = "") {
    return "<a href=\"" + escape(href) + "\"" + attributes + ">" + text_html + "</a>";
}

// The snippet with its matched words in <mark>; highlights are byte ranges
// of the raw snippet, so each piece is escaped on its own.
std::string marked(const Hit& hit) {
    std::string out;
    std::size_t at = 0;
    for (const auto& [start, length] : hit.highlights) {
        if (start < at || start + length > hit.snippet.size()) continue;
        out += escape(std::string_view(hit.snippet).substr(at, start - at));
        out += "<mark>" + escape(std::string_view(hit.snippet).substr(start, length)) + "</mark>";
        at = start + length;
    }
    return out + escape(std::string_view(hit.snippet).substr(std::min(at, hit.snippet.size())));
}

std::string explanation(const Explanation& e, const std::vector<SynonymUse>& synonyms) {
    std::string out = "<dl>";
    for (const auto& field : text_fields())
        if (const auto it = e.fields.find(field); it != e.fields.end())
            out += "<dt>" + escape(field) + "</dt><dd>" + join(it->second, ", ") + "</dd>";
    if (e.fields.empty()) out += "<dt>matched</dt><dd>filters only</dd>";
    if (!synonyms.empty()) {
        std::string used;
        for (const auto& s : synonyms) used += (used.empty() ? "" : ", ") + escape(s.phrase) + " = " + escape(s.term);
        out += "<dt>synonyms</dt><dd>" + used + "</dd>";
    }
    std::string rank = e.all_terms ? "all terms" : "some terms";
    if (e.title_phrase) rank = "title phrase, " + rank;
    char relevance[32];
    std::snprintf(relevance, sizeof relevance, "%.2f", e.relevance);
    return out + "<dt>rank</dt><dd>" + rank + "</dd><dt>relevance</dt><dd>" + relevance + "</dd></dl>";
}

std::string bibtex_block(const Paper& p, const std::string& key, const VenueTable& venues) {
    return "<details class=\"bibtex\"><summary>BibTeX</summary><pre>" + escape(bibtex_entry(p, key, venues)) +
           "</pre><button type=\"button\" class=\"copy\" hidden>Copy</button><span class=\"copied\" role=\"status\"></span></details>";
}

class HtmlPrinter : public Printer {
public:
    HtmlPrinter(std::ostream& out, PageState state, VenueTable venues)
        : m_out(out), m_state(std::move(state)), m_venues(std::move(venues)) {}

    void search(const SearchResult& r) override {
        const std::string title = m_state.like.empty() ? (r.query.empty() ? "Search" : r.query) : "Similar to " + m_state.like;
        m_out << html::page_start(m_state, title + " · aisys-search");
        if (!m_state.like.empty())
            m_out << "<p class=\"notice\">Papers like " << link("/paper/" + html::url_encode(m_state.like), escape(m_state.like))
                  << "</p>\n";
        suggestion(r);
        const auto matches = static_cast<std::size_t>(std::count_if(r.hits.begin(), r.hits.end(), [](const Hit& h) { return !h.related; }));
        active_filters();
        if (r.total == 0) {
            m_out << "<p id=\"total\" class=\"total\">No papers match.</p>\n";
        } else {
            m_out << "<p id=\"total\" class=\"total\">" << (r.exact ? "" : "about ") << count(r.total, "paper matches", "papers match");
            if (matches > 0) m_out << " (showing " << r.hits.front().rank << "–" << r.hits[matches - 1].rank << ")";
            m_out << "</p>\n";
        }
        m_out << "<div class=\"layout\">\n";
        facets(r);
        m_out << "<div class=\"hits\">\n";
        CitationKeys keys;
        for (const auto& hit : r.hits) keys.count(hit.paper);
        if (matches > 0) {
            m_out << "<ol class=\"hit-list\" start=\"" << r.hits.front().rank << "\">\n";
            for (std::size_t i = 0; i < matches; ++i) result(r.hits[i], r, keys);
            m_out << "</ol>\n";
        }
        if (matches < r.hits.size()) {
            m_out << "<h2 class=\"related\">Related papers, like the " << (matches == 1 ? "match" : "top matches")
                  << " but without the query's words</h2>\n<ol class=\"hit-list related\">\n";
            for (std::size_t i = matches; i < r.hits.size(); ++i) result(r.hits[i], r, keys);
            m_out << "</ol>\n";
        }
        pages(r.total);
        m_out << "</div>\n</div>\n" << html::page_end();
    }

    void paper(const Paper& p) override {
        m_out << html::page_start(m_state, p.title + " · aisys-search");
        m_out << "<article class=\"paper\">\n<h1>" << title_link(p) << "</h1>\n<dl class=\"record\">";
        auto field = [&](const std::string& name, const std::string& value_html) {
            if (!value_html.empty()) m_out << "<dt>" << name << "</dt><dd>" << value_html << "</dd>";
        };
        field("id", escape(p.id));
        field("kind", escape(p.kind));
        field("venue", escape(p.venue) + (p.venue_kind.empty() ? "" : " (" + escape(p.venue_kind) + ")"));
        field("year", p.year ? std::to_string(*p.year) : "");
        field("categories", join(p.categories, ", "));
        field("repository", external(p.repo));
        for (const auto& other : p.other_repos) field("also", external(other));
        field("paper", external(paper_link(p)));
        field("arXiv", escape(p.arxiv_id));
        field("DOI", escape(p.doi));
        field("authors", join(p.authors, ", "));
        for (const auto& l : p.listings)
            field("listed in", escape(l.list) + (l.section.empty() ? "" : ": " + join(l.section, " › ")));
        m_out << "</dl>\n";
        if (!p.abstract.empty()) m_out << "<h2>Abstract</h2>\n<p class=\"abstract\">" << escape(p.abstract) << "</p>\n";
        CitationKeys keys;
        keys.count(p);
        m_out << "<p class=\"actions\">" << link("/?like=" + html::url_encode(p.id), "Similar papers") << "</p>\n"
              << bibtex_block(p, keys.key(p), m_venues) << "\n</article>\n" << html::page_end();
    }

    void stats(const IndexStats& s) override {
        m_out << html::page_start(m_state, "Index · aisys-search") << "<h1>Index</h1>\n<p>" << count(s.papers, "paper", "papers")
              << "</p>\n<dl class=\"record\">";
        for (const auto& [key, value] : s.metadata) m_out << "<dt>" << escape(key) << "</dt><dd>" << escape(value) << "</dd>";
        m_out << "</dl>\n" << html::page_end();
    }

    void papers(const PaperWalk&) override { no_page("export"); }
    void catalog(const Catalog&) override { no_page("catalog"); }
    void built(const BuildReport&, const Catalog&, const FetchSummary*, std::size_t) override { no_page("index"); }
    void compacted(const CompactReport&) override { no_page("compact"); }

private:
    [[noreturn]] static void no_page(const std::string& command) { throw Error("'" + command + "' has no HTML page"); }

    // A stored link as a link when it is http(s), else as text.
    static std::string external(const std::string& url) {
        const std::string href = html::http_link(url);
        return href.empty() ? escape(url) : link(href, escape(url), " rel=\"noopener noreferrer\"");
    }

    // The title linking to the paper (else its repository); `marked_title`
    // is the title with its matched words marked, when the snippet is it.
    static std::string title_link(const Paper& p, const std::string& marked_title = "") {
        std::string href = html::http_link(paper_link(p));
        if (href.empty()) href = html::http_link(p.repo);
        const std::string title = "<bdi>" + (marked_title.empty() ? escape(p.title) : marked_title) + "</bdi>";
        return href.empty() ? title : link(href, title, " rel=\"noopener noreferrer\"");
    }

    void suggestion(const SearchResult& r) {
        if (!r.did_you_mean) return;
        const auto& s = *r.did_you_mean;
        PageState corrected = m_state;
        corrected.query = s.query;
        corrected.page = 1;
        m_out << "<p class=\"notice\" id=\"suggestion\">";
        if (s.applied) {
            PageState as_typed = m_state;
            as_typed.exact = true;
            as_typed.page = 1;
            m_out << "Showing results for <strong>" << escape(s.query) << "</strong> (" << count(s.total, "paper", "papers")
                  << "). Search instead for " << link(html::page_url(as_typed), escape(r.query), " id=\"as-typed\"");
        } else {
            m_out << "Did you mean " << link(html::page_url(corrected), escape(s.query), " id=\"did-you-mean\"") << " ("
                  << count(s.total, "paper", "papers") << ")?";
        }
        m_out << "</p>\n";
    }

    void active_filters() {
        if (m_state.filters.empty()) return;
        m_out << "<ul class=\"active\" aria-label=\"Active filters\">\n";
        for (const auto& [name, values] : m_state.filters)
            for (const auto& value : values)
                m_out << "<li>" << link(html::page_url(html::toggled(m_state, name, value)),
                                        escape(name) + ": " + escape(value) + " <span aria-hidden=\"true\">×</span>",
                                        " class=\"chip\" aria-label=\"Remove filter " + escape(name) + " " + escape(value) + "\"")
                      << "</li>\n";
        m_out << "</ul>\n";
    }

    void facets(const SearchResult& r) {
        m_out << "<nav class=\"facets\" aria-label=\"Filters\">\n";
        if (!r.exact && !r.facets.empty()) m_out << "<p class=\"note\">Counts over the first matches only.</p>\n";
        for (const auto& f : filters()) {
            const auto it = r.facets.find(f.name);
            if (!f.facet || it == r.facets.end() || it->second.empty()) continue;
            std::vector<std::pair<std::string, std::size_t>> items(it->second.begin(), it->second.end());
            std::stable_sort(items.begin(), items.end(), [&f](const auto& a, const auto& b) {
                return f.numeric ? a.first > b.first : a.second > b.second;
            });
            m_out << "<section class=\"facet\" data-facet=\"" << escape(f.name) << "\">\n<h2>" << escape(f.name) << "</h2>\n<ul>\n";
            for (std::size_t i = 0; i < items.size(); ++i) {
                if (i == k_facet_shown) m_out << "</ul>\n<details><summary>" << items.size() - i << " more</summary>\n<ul>\n";
                const auto& [value, n] = items[i];
                const bool on = active_value(m_state, f.name, value) != nullptr;
                const std::string& given = on ? *active_value(m_state, f.name, value) : value;
                m_out << "<li>" << link(html::page_url(html::toggled(m_state, f.name, given)),
                                        "<bdi>" + escape(value) + "</bdi> <span class=\"count\">" + std::to_string(n) + "</span>",
                                        std::string(" class=\"facet-value") + (on ? " on\" aria-current=\"true\"" : "\"") +
                                            " data-value=\"" + escape(value) + "\"")
                      << "</li>\n";
            }
            m_out << "</ul>\n" << (items.size() > k_facet_shown ? "</details>\n" : "");
            if (f.numeric) year_range(f.name);
            m_out << "</section>\n";
        }
        m_out << "</nav>\n";
    }

    // Years as a range: a form of its own that adds year=FROM..TO to the page's state.
    void year_range(const std::string& name) {
        m_out << "<form class=\"range\" action=\"/\" method=\"get\">\n";
        if (!m_state.query.empty()) m_out << "<input type=\"hidden\" name=\"q\" value=\"" << escape(m_state.query) << "\">\n";
        if (!m_state.like.empty()) m_out << "<input type=\"hidden\" name=\"like\" value=\"" << escape(m_state.like) << "\">\n";
        for (const auto& [filter, values] : m_state.filters)
            for (const auto& value : values)
                m_out << "<input type=\"hidden\" name=\"" << escape(filter) << "\" value=\"" << escape(value) << "\">\n";
        if (m_state.sort != "relevance") m_out << "<input type=\"hidden\" name=\"sort\" value=\"" << escape(m_state.sort) << "\">\n";
        if (m_state.exact) m_out << "<input type=\"hidden\" name=\"exact\" value=\"1\">\n";
        if (m_state.no_related) m_out << "<input type=\"hidden\" name=\"no_related\" value=\"1\">\n";
        m_out << "<label for=\"range-" << escape(name) << "\">Years</label>\n<input id=\"range-" << escape(name) << "\" name=\""
              << escape(name) << "\" placeholder=\"2020..2023\" size=\"10\" pattern=\"[0-9]{0,4}(\\.\\.[0-9]{0,4})?\">\n"
              << "<button type=\"submit\">Add</button>\n</form>\n";
    }

    void result(const Hit& hit, const SearchResult& r, const CitationKeys& keys) {
        const Paper& p = hit.paper;
        // Without an abstract or README the snippet is the title itself: mark
        // the title instead of showing it twice, as the terminal does.
        const bool title_snippet = hit.snippet == p.title;
        m_out << "<li class=\"hit\" id=\"hit-" << hit.rank << "\" data-id=\"" << escape(p.id) << "\">\n<h3>"
              << title_link(p, title_snippet ? marked(hit) : "") << "</h3>\n";
        m_out << "<p class=\"meta\">" << (p.venue.empty() ? "unknown venue" : escape(p.venue));
        if (p.year) m_out << " " << *p.year;
        if (!p.categories.empty()) m_out << " · " << join(p.categories, ", ");
        m_out << " · " << escape(p.kind) << " · id " << link("/paper/" + html::url_encode(p.id), escape(p.id)) << "</p>\n";
        if (!p.authors.empty()) m_out << "<p class=\"authors\">" << join(p.authors, ", ") << "</p>\n";
        if (const std::string repo = html::http_link(p.repo); !repo.empty())
            m_out << "<p class=\"repo\">" << link(repo, escape(p.repo), " rel=\"noopener noreferrer\"") << "</p>\n";
        if (!hit.snippet.empty() && !title_snippet) m_out << "<p class=\"snippet\">" << marked(hit) << "</p>\n";
        PageState similar;  // a new search, which keeps only whether related papers are wanted
        similar.like = p.id;
        similar.no_related = m_state.no_related;
        m_out << "<div class=\"actions\">" << link(html::page_url(similar), "Similar papers", " class=\"similar\"") << "\n"
              << bibtex_block(p, keys.key(p), m_venues) << "\n";
        if (hit.explanation)
            m_out << "<details class=\"explain\"><summary>Why this result</summary>" << explanation(*hit.explanation, r.synonyms)
                  << "</details>\n";
        m_out << "</div>\n</li>\n";
    }

    void pages(std::size_t total) {
        const std::size_t last = (total + html::k_page_size - 1) / html::k_page_size;
        if (last <= 1) return;
        const std::size_t current = m_state.page;
        auto page_link = [&](std::size_t n, const std::string& label, const std::string& rel) {
            PageState at = m_state;
            at.page = n;
            return link(html::page_url(at), label, rel.empty() ? "" : " rel=\"" + rel + "\" class=\"" + rel + "\"");
        };
        m_out << "<nav class=\"pages\" aria-label=\"Pages\"><ul>\n";
        if (current > 1) m_out << "<li>" << page_link(current - 1, "← Previous", "prev") << "</li>\n";
        const std::size_t from = current > 3 ? current - 3 : 1;
        for (std::size_t n = from; n <= last && n < from + 7; ++n)
            m_out << "<li>"
                  << (n == current ? "<span aria-current=\"page\">" + std::to_string(n) + "</span>" : page_link(n, std::to_string(n), ""))
                  << "</li>\n";
        if (current < last) m_out << "<li>" << page_link(current + 1, "Next →", "next") << "</li>\n";
        m_out << "</ul></nav>\n";
    }

    std::ostream& m_out;
    PageState m_state;
    VenueTable m_venues;
};

} // namespace

std::unique_ptr<Printer> make_html_printer(std::ostream& out, html::PageState state, VenueTable venues) {
    return std::make_unique<HtmlPrinter>(out, std::move(state), std::move(venues));
}

void write_html_error(std::ostream& out, const html::PageState& state, const std::string& message) {
    out << html::page_start(state, "Error · aisys-search") << "<p class=\"error\" role=\"alert\">" << html::escape(message)
        << "</p>\n" << html::page_end();
}

} // namespace aisys::cli

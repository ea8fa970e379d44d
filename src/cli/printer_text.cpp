#include "cli/printer.hpp"
#include "cli/terminal.hpp"

#include <aisys/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <ostream>

namespace aisys::cli {

namespace {

constexpr const char* k_bold = "\x1b[1m";
constexpr const char* k_reset = "\x1b[0m";

std::string safe(const std::string& s) { return text::strip_control(s); }

std::string join(const std::vector<std::string>& items, const std::string& sep) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : sep) + safe(item);
    return out;
}

std::string venue_year(const Paper& p) {
    std::string out = p.venue.empty() ? std::string(k_no_venue) : safe(p.venue);
    if (p.year) out += " " + std::to_string(*p.year);
    return out;
}

// "Ada Lovelace, Grace Hopper, Alan Turing et al.": three names at most.
std::string author_line(const std::vector<std::string>& authors) {
    constexpr std::size_t k_shown = 3;
    if (authors.size() <= k_shown) return join(authors, ", ");
    return join(std::vector<std::string>(authors.begin(), authors.begin() + k_shown), ", ") + " et al.";
}

// "1 paper", "2 papers": a count with its noun in the number it takes.
std::string count(std::size_t n, const std::string& one, const std::string& many) {
    return std::to_string(n) + " " + (n == 1 ? one : many);
}

// Facet values, most frequent first (years newest first), as "NAME COUNT".
std::vector<std::string> facet_items(const FilterInfo& facet, const std::map<std::string, std::size_t>& counts) {
    std::vector<std::pair<std::string, std::size_t>> items(counts.begin(), counts.end());
    const bool years = facet.numeric;
    std::stable_sort(items.begin(), items.end(), [years](const auto& a, const auto& b) {
        if (years) return a.first > b.first;
        return a.second > b.second;
    });
    std::vector<std::string> out;
    for (const auto& [value, count] : items) out.push_back(safe(value) + " " + std::to_string(count));
    return out;
}

// A JSON array of strings from the metadata, or nothing when it is not one.
std::vector<std::string> json_strings(const std::string& s) {
    try {
        return nlohmann::json::parse(s).get<std::vector<std::string>>();
    } catch (const nlohmann::json::exception&) {
        return {};
    }
}

// "59 groups from the table; mined: ZQR = zonal quota routing, ..." from the
// synonym metadata the index keeps.
std::string synonym_summary(const std::string& s) {
    try {
        const auto j = nlohmann::json::parse(s);
        std::string out = std::to_string(j.at("table").get<std::size_t>()) + " groups from the table";
        const auto& mined = j.at("mined");
        out += mined.empty() ? "; none mined from the text" : "; mined from the text: ";
        std::string list;
        for (const auto& group : mined)
            list += (list.empty() ? "" : ", ") + group.at("term").get<std::string>() + " = " +
                    join(group.at("variants").get<std::vector<std::string>>(), " | ");
        return out + list;
    } catch (const nlohmann::json::exception&) {
        return "";
    }
}

class TextPrinter : public Printer {
public:
    TextPrinter(std::ostream& out, bool color, std::size_t width, std::ostream& report)
        : m_out(out), m_report(report), m_color(color), m_width(width) {}

    void search(const SearchResult& r) override {
        if (!r.missing_shards.empty()) {
            std::string names;
            for (const auto& s : r.missing_shards) names += (names.empty() ? "" : ", ") + safe(s);
            m_out << "Partial results: " << count(r.missing_shards.size(), "shard", "shards") << " down (" << names << ")\n";
        }
        if (r.did_you_mean) {
            const auto& s = *r.did_you_mean;
            const std::string found = count(s.total, "paper", "papers");
            if (s.applied)
                m_out << "Showing results for: " << safe(s.query) << " (" << found << "); --exact searches '"
                      << safe(r.query) << "' as typed\n";
            else
                m_out << "Did you mean: " << safe(s.query) << " (" << found << ")\n";
        }
        const auto matches = std::count_if(r.hits.begin(), r.hits.end(), [](const Hit& h) { return !h.related; });
        if (r.total == 0) {
            m_out << "No papers match.\n";
            return;
        }
        const std::string total = (r.exact ? "" : "about ") + count(r.total, "paper matches", "papers match");
        if (matches == 0) {
            // --limit 0, or an offset past the last match: the count and the
            // facets are still what the search found.
            m_out << total << " (none shown)\n";
            facet_lines(r);
            return;
        }
        m_out << total << " (showing " << r.hits.front().rank << "-" << r.hits[static_cast<std::size_t>(matches) - 1].rank
              << ")\n\n";
        for (const auto& hit : r.hits) {
            if (hit.related && (&hit == &r.hits.front() || !(&hit - 1)->related))
                m_out << "Related papers, like the " << (matches == 1 ? "match" : "top matches") << " but without the query's words:\n\n";
            const Paper& p = hit.paper;
            // Without an abstract or README the snippet is the title itself:
            // highlight the title instead of printing it twice.
            const bool title_snippet = hit.snippet == p.title;
            m_out << (hit.rank < 10 ? " " : "") << hit.rank << ". "
                  << wrap(title_snippet ? highlighted(hit) : safe(p.title), m_width, 4, 4) << "\n";
            std::string about = venue_year(p);
            if (!p.categories.empty()) about += " · " + join(p.categories, ", ");
            about += " · id " + safe(p.id);
            m_out << "    " << wrap(about, m_width, 4, 4) << "\n";
            if (!p.authors.empty()) m_out << "    " << wrap(author_line(p.authors), m_width, 4, 4) << "\n";
            if (!p.repo.empty()) m_out << "    " << safe(p.repo) << "\n";
            if (const std::string link = paper_link(p); !link.empty()) m_out << "    " << safe(link) << "\n";
            if (!hit.snippet.empty() && !title_snippet) m_out << "    " << wrap(highlighted(hit), m_width, 4, 4) << "\n";
            if (hit.explanation) explain(*hit.explanation, r.synonyms);
            m_out << "\n";
        }
        facet_lines(r);
    }

    void facet_lines(const SearchResult& r) {
        if (!r.exact && !r.facets.empty()) m_out << "(facet counts over the first matches only)\n";
        for (const auto& f : filters())
            if (const auto it = r.facets.find(f.name); f.facet && it != r.facets.end() && !it->second.empty())
                m_out << f.name << ": " << wrap_items(facet_items(f, it->second), m_width, f.name.size() + 2, f.name.size() + 2)
                      << "\n";
    }

    // "matched: title gpu, schedul~ · readme gpu · synonyms: mixture of experts = moe
    //  rank: all terms, title phrase · relevance 7.31"
    void explain(const Explanation& e, const std::vector<SynonymUse>& synonyms) {
        std::string fields;
        for (const auto& field : text_fields())
            if (const auto it = e.fields.find(field); it != e.fields.end())
                fields += (fields.empty() ? "" : " · ") + it->first + " " + join(it->second, ", ");
        m_out << "    matched: " << (fields.empty() ? "(filters only)" : safe(fields));
        if (!synonyms.empty()) {
            std::string used;
            for (const auto& s : synonyms) used += (used.empty() ? "" : ", ") + s.phrase + " = " + s.term;
            m_out << " · synonyms: " << safe(used);
        }
        std::string rank = e.all_terms ? "all terms" : "some terms";
        if (e.title_phrase) rank = "title phrase, " + rank;
        char relevance[32];
        std::snprintf(relevance, sizeof relevance, "%.2f", e.relevance);
        m_out << "\n    rank: " << rank << " · relevance " << relevance << "\n";
    }

    void paper(const Paper& p) override {
        m_out << wrap(safe(p.title), m_width, 0, 2) << "\n";
        field("id", p.id);
        field("kind", p.kind);
        std::string venue = p.venue.empty() ? std::string(k_no_venue) : p.venue;
        if (!p.venue_kind.empty()) venue += " (" + p.venue_kind + ")";
        field("venue", venue);
        field("year", p.year ? std::to_string(*p.year) : "");
        field("categories", join(p.categories, ", "));
        field("repository", p.repo);
        for (const auto& other : p.other_repos) field("also", other);
        field("paper", paper_link(p));
        field("arXiv", p.arxiv_id);
        field("DOI", p.doi);
        field("authors", join(p.authors, ", "));
        for (const auto& l : p.listings)
            field("listed in", l.list + (l.section.empty() ? "" : ": " + join(l.section, " › ")) +
                                   (l.line > 0 ? " (line " + std::to_string(l.line) + ")" : ""),
                  false);
        if (!p.abstract.empty()) m_out << "\nabstract:\n" << wrap_paragraphs(text::strip_control(p.abstract, true)) << "\n";
    }

    void stats(const IndexStats& s) override {
        auto meta = [&](const std::string& key) {
            const auto it = s.metadata.find(key);
            return it == s.metadata.end() ? std::string() : it->second;
        };
        field("index", s.path);
        field("papers", std::to_string(s.papers));
        field("built at", meta("built_at"));
        for (const auto& source : json_strings(meta("sources"))) field("source", source);
        field("schema", meta("schema_version"));
        field("built by", meta("tool_version").empty() ? "" : "aisys-search " + meta("tool_version"));
        field("synonyms", synonym_summary(meta("synonyms")));
        for (const auto& f : filters())
            if (const auto it = s.facets.find(f.name); f.facet && it != s.facets.end())
                m_out << "  " << label(f.name) << wrap_items(facet_items(f, it->second), m_width, 15, 15) << "\n";
    }

    void papers(const PaperWalk& walk) override {
        walk([this](const Paper& p) { paper_line(p); });
    }

    // The papers as tab-separated rows for cut and awk (id, venue, year,
    // categories, title); the report, a linter's diagnostics, on its own stream.
    void catalog(const Catalog& c) override {
        for (const auto& p : c.papers) paper_row(p);
        m_report << "papers " << count_kind(c, k_kind_paper) << ", projects " << count_kind(c, k_kind_project) << ", other "
              << count_kind(c, k_kind_other) << "; " << count(c.problems.size(), "problem", "problems") << ", "
              << count(c.merged.size(), "listing", "listings") << " merged\n";
        for (const auto& m : c.merged) m_report << "merged: " << safe(m.list) << ":" << m.line << ": " << safe(m.message) << "\n";
        for (const auto& p : c.problems)
            m_report << "problem: " << safe(p.list) << ":" << p.line << ": " << safe(p.message) << "\n";
    }

    void compacted(const CompactReport& r) override {
        if (r.shards == 0) m_out << safe(r.db_path) << " is one database already (" << count(r.papers, "paper", "papers") << ")\n";
        else m_out << "merged " << count(r.shards, "shard", "shards") << " of " << safe(r.db_path) << " into one database ("
                   << count(r.papers, "paper", "papers") << ", " << r.generation << ")\n";
    }

    void built(const BuildReport& report, const Catalog& catalog, const FetchSummary* f,
               std::size_t other_left_out) override {
        m_out << "indexed " << count(report.papers, "paper", "papers") << " into " << safe(report.db_path) << " (" << report.generation
              << "; ";
        if (report.incremental)
            m_out << report.added << " added, " << report.changed << " changed, " << report.unchanged << " unchanged, "
                  << report.removed << " removed)";
        else
            m_out << "built from scratch" << (report.damaged.empty() ? "" : ": " + safe(report.damaged)) << ")";
        if (!catalog.problems.empty()) m_out << "; " << count(catalog.problems.size(), "problem", "problems") << " in the input";
        m_out << "\n";
        if (other_left_out > 0)
            m_out << count(other_left_out, "other entry", "other entries") << " (blogs, tutorials, ...) not indexed; --include-other indexes them\n";
        if (!f) return;
        m_out << "READMEs: " << f->readmes_fetched << " fetched, " << f->readmes_cached << " from cache, "
              << f->readmes_missing << " missing, " << f->readmes_failed << " failed\n";
        m_out << "abstracts: " << f->abstracts_found << " found, " << f->abstracts_not_matched << " not matched, "
              << f->abstracts_failed << " failed\n";
        if (f->offline_uncached > 0)
            m_out << "offline: " << f->offline_uncached << " READMEs and abstracts are not in the cache\n";
    }

private:
    // "gavel<TAB>OSDI<TAB>2020<TAB>Scheduling<TAB>Heterogeneity-Aware ...": no
    // field holds a tab (strip_control makes them spaces).
    void paper_row(const Paper& p) {
        m_out << safe(p.id) << '\t' << (p.venue.empty() ? std::string(k_no_venue) : safe(p.venue)) << '\t'
              << (p.year ? std::to_string(*p.year) : "") << '\t' << join(p.categories, ", ") << '\t' << safe(p.title)
              << "\n";
    }

    // The abstract's paragraphs each wrapped, the line breaks inside one
    // paragraph (a PDF's or a list's) joined.
    std::string wrap_paragraphs(const std::string& s) const {
        if (m_width == 0) return s;
        std::string out;
        std::size_t at = 0;
        while (at <= s.size()) {
            std::size_t end = s.find("\n\n", at);
            if (end == std::string::npos) end = s.size();
            std::string paragraph = s.substr(at, end - at);
            for (auto& c : paragraph)
                if (c == '\n' || c == '\t') c = ' ';
            out += (out.empty() ? "" : "\n\n") + wrap(paragraph, m_width, 0, 0);
            at = end + 2;
        }
        return out;
    }

    // "gavel  OSDI 2020  Scheduling  Heterogeneity-Aware ...": a paper on one line.
    void paper_line(const Paper& p) {
        std::string line = safe(p.id) + "  " + venue_year(p);
        if (!p.categories.empty()) line += "  " + join(p.categories, ", ");
        m_out << line << "  " << safe(p.title) << "\n";
    }

    // "venue:       ": a field's name, padded so that values line up at column 15.
    static std::string label(const std::string& name) {
        std::string out = name + ":";
        out.resize(std::max<std::size_t>(out.size() + 1, 13), ' ');
        return out;
    }

    // `wrapped` false keeps a value whole: a "listed in" FILE: ... (line N)
    // stays one line for grep, whatever the path's length.
    void field(const std::string& name, const std::string& value, bool wrapped = true) {
        const std::string l = label(name);
        const std::size_t width = wrapped ? m_width : 0;
        m_out << "  " << l << (value.empty() ? "-" : wrap(safe(value), width, l.size() + 2, l.size() + 2)) << "\n";
    }

    std::string highlighted(const Hit& hit) const {
        if (!m_color) return safe(hit.snippet);
        std::string out;
        std::size_t at = 0;
        for (const auto& [start, length] : hit.highlights) {
            out += safe(hit.snippet.substr(at, start - at)) + k_bold + safe(hit.snippet.substr(start, length)) + k_reset;
            at = start + length;
        }
        return out + safe(hit.snippet.substr(at));
    }

    std::ostream& m_out;
    std::ostream& m_report;
    bool m_color;
    std::size_t m_width;
};

} // namespace

std::unique_ptr<Printer> make_text_printer(std::ostream& out, bool color, std::size_t width, std::ostream* report) {
    return std::make_unique<TextPrinter>(out, color, width, report ? *report : out);
}

} // namespace aisys::cli

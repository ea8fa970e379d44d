#include "cli/printer.hpp"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <ostream>

namespace aisys::cli {

namespace {

using nlohmann::json;

// nlohmann escapes the C0 controls (ESC among them) but writes DEL, the C1
// controls, the bidirectional overrides and the line separators as they are:
// valid JSON, yet a terminal showing it would act on them. They can only
// occur inside strings, where "\\uXXXX" means the same character.
std::string escape_invisible(std::string out) {
    std::string escaped;
    escaped.reserve(out.size());
    auto hex = [&](unsigned cp) {
        char buf[8];
        std::snprintf(buf, sizeof buf, "\\u%04x", cp);
        escaped += buf;
    };
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto b = static_cast<unsigned char>(out[i]);
        const auto b1 = i + 1 < out.size() ? static_cast<unsigned char>(out[i + 1]) : 0;
        const auto b2 = i + 2 < out.size() ? static_cast<unsigned char>(out[i + 2]) : 0;
        if (b == 0x7F) {
            hex(b);
        } else if (b == 0xC2 && b1 >= 0x80 && b1 <= 0x9F) {
            hex(b1);
            ++i;
        } else if (b == 0xE2 && ((b1 == 0x80 && b2 >= 0xA8 && b2 <= 0xAE) || (b1 == 0x81 && b2 >= 0xA6 && b2 <= 0xA9))) {
            hex(0x2000u | ((b1 & 0x3Fu) << 6) | (b2 & 0x3Fu));
            i += 2;
        } else {
            escaped += out[i];
        }
    }
    return escaped;
}

// Code points in s[0, bytes): what a byte offset of the snippet is in the
// units JSON readers index strings by. Continuation bytes start none.
std::size_t code_points(const std::string& s, std::size_t bytes) {
    std::size_t n = 0;
    for (std::size_t i = 0; i < bytes && i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++n;
    return n;
}

json year_json(const std::optional<int>& year) { return year ? json(*year) : json(nullptr); }

json explanation_json(const Explanation& e) {
    return {{"fields", e.fields}, {"all_terms", e.all_terms}, {"title_phrase", e.title_phrase}, {"relevance", e.relevance}};
}

json facets_json(const Facets& facets) {
    json out = json::object();
    for (const auto& [name, counts] : facets) {
        json f = json::object();
        for (const auto& [value, count] : counts) f[value] = count;
        out[name] = f;
    }
    return out;
}

class JsonPrinter : public Printer {
public:
    explicit JsonPrinter(std::ostream& out) : m_out(out) {}

    void search(const SearchResult& r) override {
        // Related papers are no matches: their scores come from another
        // query, so they go in an array of their own, never among the results.
        json results = json::array();
        json related = json::array();
        for (const auto& hit : r.hits) {
            const Paper& p = hit.paper;
            json highlights = json::array();
            for (const auto& [start, length] : hit.highlights) {
                const std::size_t from = code_points(hit.snippet, start);
                highlights.push_back({from, code_points(hit.snippet, start + length) - from});
            }
            json item = {{"rank", hit.rank},
                         {"id", p.id},
                         {"title", p.title},
                         {"kind", p.kind},
                         {"authors", p.authors},
                         {"venue", p.venue},
                         {"year", year_json(p.year)},
                         {"categories", p.categories},
                         {"repo", p.repo},
                         {"paper", paper_link(p)},
                         {"arxiv_id", p.arxiv_id},
                         {"doi", p.doi},
                         {"score", hit.score},
                         {"snippet", hit.snippet},
                         {"highlights", highlights},
                         {"related", hit.related}};
            if (hit.explanation) item["explain"] = explanation_json(*hit.explanation);
            (hit.related ? related : results).push_back(std::move(item));
        }
        const json suggestion = r.did_you_mean ? json{{"query", r.did_you_mean->query},
                                                      {"total", r.did_you_mean->total},
                                                      {"applied", r.did_you_mean->applied}}
                                               : json(nullptr);
        json synonyms = json::array();
        for (const auto& s : r.synonyms) synonyms.push_back({{"phrase", s.phrase}, {"term", s.term}});
        emit({{"query", r.query},
              {"total", r.total},
              {"exact", r.exact},
              {"did_you_mean", suggestion},
              {"synonyms", synonyms},
              {"results", results},
              {"related", related},
              {"facets", facets_json(r.facets)},
              {"partial", !r.missing_shards.empty()},
              {"missing_shards", r.missing_shards}});
    }

    void compacted(const CompactReport& r) override {
        emit({{"db", r.db_path}, {"generation", r.generation}, {"papers", r.papers}, {"shards_merged", r.shards}});
    }

    void paper(const Paper& p) override {
        json j = json::parse(paper_to_json(p));
        j["paper"] = paper_link(p);  // as every printer shows it
        emit(j);
    }

    void stats(const IndexStats& s) override {
        emit({{"path", s.path}, {"papers", s.papers}, {"metadata", s.metadata}, {"facets", facets_json(s.facets)}});
    }

    void papers(const PaperWalk& walk) override {
        json papers = json::array();
        walk([&papers](const Paper& p) { papers.push_back(json::parse(paper_to_json(p))); });
        emit({{"papers", papers}});
    }

    void catalog(const Catalog& c) override {
        json papers = json::array();
        for (const auto& p : c.papers) papers.push_back(json::parse(paper_to_json(p)));
        auto items = [](const std::vector<CatalogProblem>& v) {
            json out = json::array();
            for (const auto& p : v) out.push_back({{"list", p.list}, {"line", p.line}, {"message", p.message}});
            return out;
        };
        const json kinds = {{std::string(k_kind_paper), count_kind(c, k_kind_paper)},
                            {std::string(k_kind_project), count_kind(c, k_kind_project)},
                            {std::string(k_kind_other), count_kind(c, k_kind_other)}};
        emit({{"papers", papers}, {"kinds", kinds}, {"problems", items(c.problems)}, {"merged", items(c.merged)}});
    }

    void built(const BuildReport& report, const Catalog& catalog, const FetchSummary* f,
               std::size_t other_left_out) override {
        json problems = json::array();
        for (const auto& p : catalog.problems) problems.push_back({{"list", p.list}, {"line", p.line}, {"message", p.message}});
        json out = {{"db", report.db_path},
                    {"generation", report.generation},
                    {"papers", report.papers},
                    {"incremental", report.incremental},
                    {"added", report.added},
                    {"changed", report.changed},
                    {"unchanged", report.unchanged},
                    {"removed", report.removed},
                    {"other_not_indexed", other_left_out},
                    {"problems", problems}};
        if (!report.damaged.empty()) out["damaged"] = report.damaged;
        if (f)
            out["fetch"] = {{"readmes", {{"fetched", f->readmes_fetched}, {"cached", f->readmes_cached},
                                         {"missing", f->readmes_missing}, {"failed", f->readmes_failed}}},
                            {"abstracts", {{"found", f->abstracts_found}, {"not_matched", f->abstracts_not_matched},
                                           {"failed", f->abstracts_failed}}},
                            {"offline_uncached", f->offline_uncached},
                            {"failures", f->failures},
                            {"notes", f->notes}};
        emit(out);
    }

private:
    void emit(json j) {
        j["format_version"] = k_json_format_version;
        m_out << escape_invisible(j.dump(-1, ' ', false, json::error_handler_t::replace)) << "\n";
    }
    std::ostream& m_out;
};

} // namespace

std::unique_ptr<Printer> make_json_printer(std::ostream& out) { return std::make_unique<JsonPrinter>(out); }

} // namespace aisys::cli

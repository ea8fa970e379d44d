// The printers of papers only: BibTeX, CSL-JSON and JSONL.

#include "cli/citation.hpp"
#include "cli/printer.hpp"

#include <aisys/error.hpp>
#include <aisys/venue.hpp>

#include <nlohmann/json.hpp>

#include <ostream>
#include <stdexcept>
#include <utility>

namespace aisys::cli {

namespace {

using nlohmann::json;

// What every paper printer does with what is not a list of papers.
class PaperPrinter : public Printer {
public:
    explicit PaperPrinter(std::string_view format) : m_format(format) {}

    void search(const SearchResult& r) override {
        papers([&r](const std::function<void(const Paper&)>& visit) {
            for (const auto& hit : r.hits)
                if (!hit.related) visit(hit.paper);
        });
    }
    void paper(const Paper& p) override {
        papers([&p](const std::function<void(const Paper&)>& visit) { visit(p); });
    }
    void catalog(const Catalog& c) override {
        papers([&c](const std::function<void(const Paper&)>& visit) {
            for (const auto& p : c.papers) visit(p);
        });
    }
    void stats(const IndexStats&) override { no_papers("stats"); }
    void built(const BuildReport&, const Catalog&, const FetchSummary*, std::size_t) override { no_papers("index"); }
    void compacted(const CompactReport&) override { no_papers("compact"); }

private:
    [[noreturn]] void no_papers(const std::string& command) const {
        throw Error("'" + command + "' prints no papers: it has no " + std::string(m_format) + " output");
    }
    std::string_view m_format;
};

class BibtexPrinter : public PaperPrinter {
public:
    BibtexPrinter(std::ostream& out, VenueTable venues) : PaperPrinter(k_format_bibtex), m_out(out), m_venues(std::move(venues)) {}

    void papers(const PaperWalk& walk) override {
        CitationKeys keys;
        walk([&](const Paper& p) { keys.count(p); });
        bool first = true;
        walk([&](const Paper& p) {
            m_out << (first ? "" : "\n") << bibtex_entry(p, keys.key(p), m_venues);
            first = false;
        });
    }

private:
    std::ostream& m_out;
    VenueTable m_venues;
};

class CslJsonPrinter : public PaperPrinter {
public:
    CslJsonPrinter(std::ostream& out, VenueTable venues) : PaperPrinter(k_format_csl_json), m_out(out), m_venues(std::move(venues)) {}

    // The array is written item by item, one a line, so that an export of a
    // whole index is never held as one JSON value.
    void papers(const PaperWalk& walk) override {
        CitationKeys keys;
        walk([&](const Paper& p) { keys.count(p); });
        bool first = true;
        m_out << "[";
        walk([&](const Paper& p) {
            m_out << (first ? "\n" : ",\n") << dump(csl_item(p, keys.key(p), m_venues));
            first = false;
        });
        m_out << (first ? "]\n" : "\n]\n");
    }

private:
    static std::string dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
    std::ostream& m_out;
    VenueTable m_venues;
};

class JsonlPrinter : public PaperPrinter {
public:
    explicit JsonlPrinter(std::ostream& out) : PaperPrinter(k_format_jsonl), m_out(out) {}

    void papers(const PaperWalk& walk) override {
        walk([&](const Paper& p) { m_out << paper_to_json(p) << "\n"; });
    }

private:
    std::ostream& m_out;
};

} // namespace

std::unique_ptr<Printer> make_paper_printer(std::ostream& out, std::string_view format, VenueTable venues) {
    if (format == k_format_bibtex) return std::make_unique<BibtexPrinter>(out, std::move(venues));
    if (format == k_format_csl_json) return std::make_unique<CslJsonPrinter>(out, std::move(venues));
    if (format == k_format_jsonl) return std::make_unique<JsonlPrinter>(out);
    throw std::invalid_argument("no paper printer for format '" + std::string(format) + "'");
}

} // namespace aisys::cli

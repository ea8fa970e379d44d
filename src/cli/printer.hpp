#pragma once
// All command output goes through a Printer: text for people, JSON for
// programs, and the citation formats (BibTeX, CSL-JSON) and JSONL for papers.

#include "cli/html.hpp"

#include <aisys/catalog.hpp>
#include <aisys/fetch.hpp>
#include <aisys/index.hpp>
#include <aisys/search.hpp>
#include <aisys/venue.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string_view>

namespace aisys::cli {

/// A walk over the papers of an output: calls its argument with each paper,
/// in the same order every time it is called. A printer may walk twice (the
/// citation printers settle their keys over every paper first), so a walk
/// over a whole index holds no paper in memory between calls.
using PaperWalk = std::function<void(const std::function<void(const Paper&)>&)>;

class Printer {
public:
    virtual ~Printer() = default;
    virtual void search(const SearchResult& result) = 0;
    virtual void paper(const Paper& paper) = 0;
    virtual void stats(const IndexStats& stats) = 0;
    /// Every paper of an export, as one output.
    virtual void papers(const PaperWalk& walk) = 0;
    /// The papers of the lists and the catalogue's report.
    virtual void catalog(const Catalog& catalog) = 0;
    /// `fetched` is null when nothing was fetched; `other_left_out` counts
    /// the lists' entries of kind "other" not indexed (no --include-other).
    virtual void built(const BuildReport& report, const Catalog& catalog, const FetchSummary* fetched,
                       std::size_t other_left_out) = 0;
    /// What `compact` did.
    virtual void compacted(const CompactReport& report) = 0;
};

/// How every text output spells a paper without a venue.
inline constexpr std::string_view k_no_venue = "unknown venue";

/// Human output. With `color`, matched terms are bold; without, no escape
/// codes at all. Control characters in stored text are always stripped.
/// Snippets, abstracts, facet lines and `stats` fields are wrapped at `width`
/// columns with a hanging indent (0 = not wrapped). `catalog` prints its
/// papers as tab-separated rows on `out` and its report (counts, merges,
/// problems) on `report`, or on `out` when that is null.
std::unique_ptr<Printer> make_text_printer(std::ostream& out, bool color, std::size_t width = 0,
                                           std::ostream* report = nullptr);

/// What the JSON output's `format_version` says: raised when a field changes
/// meaning or goes away (adding one does not). 1: highlights in code points.
inline constexpr int k_json_format_version = 1;

/// One JSON object per call, with `format_version`; control characters
/// escaped by the JSON encoder. Highlights are [start, length] in Unicode
/// code points of the snippet, as jq and Python slice strings.
std::unique_ptr<Printer> make_json_printer(std::ostream& out);

/// The formats of make_paper_printer, as `export --format` names them.
inline constexpr std::string_view k_format_bibtex = "bibtex";
inline constexpr std::string_view k_format_csl_json = "csl-json";
inline constexpr std::string_view k_format_jsonl = "jsonl";

/// Papers only, in `format` (one of the k_format_ names): a search prints its
/// matches (not the related papers), a catalogue its papers. BibTeX: one
/// entry a paper, keys unique within one call; CSL-JSON: one array a call;
/// JSONL: paper_to_json, one paper a line. `venues` gives venues' full names.
/// stats() and built() throw aisys::Error: they
/// print no papers. Throws std::invalid_argument for an unknown format.
std::unique_ptr<Printer> make_paper_printer(std::ostream& out, std::string_view format, VenueTable venues);

/// Web pages (serve): one whole HTML document a call, every stored value
/// escaped and only http(s) links taken from stored data (cli/html.hpp).
/// `state` is the page's URL state, which every link and form of the page
/// starts from; `venues` gives the BibTeX entries their venues' full names.
/// papers(), catalog() and built() throw aisys::Error: they have no page.
std::unique_ptr<Printer> make_html_printer(std::ostream& out, html::PageState state, VenueTable venues);

/// The page of a search that could not run (`message` says why) with the
/// search form, so the query can be corrected where it was typed.
void write_html_error(std::ostream& out, const html::PageState& state, const std::string& message);

} // namespace aisys::cli

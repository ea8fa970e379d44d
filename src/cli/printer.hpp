#pragma once
// All command output goes through a Printer: text for people, JSON for programs.

#include <aisys/catalog.hpp>
#include <aisys/fetch.hpp>
#include <aisys/index.hpp>
#include <aisys/search.hpp>

#include <iosfwd>
#include <memory>

namespace aisys::cli {

class Printer {
public:
    virtual ~Printer() = default;
    virtual void search(const SearchResult& result) = 0;
    virtual void paper(const Paper& paper) = 0;
    virtual void stats(const IndexStats& stats) = 0;
    /// The papers of the lists and the catalogue's report.
    virtual void catalog(const Catalog& catalog) = 0;
    /// `fetched` is null when nothing was fetched; `other_left_out` counts
    /// the lists' entries of kind "other" not indexed (no --include-other).
    virtual void built(const BuildReport& report, const Catalog& catalog, const FetchSummary* fetched,
                       std::size_t other_left_out) = 0;
};

/// Human output. With `color`, matched terms are bold; without, no escape
/// codes at all. Control characters in stored text are always stripped.
std::unique_ptr<Printer> make_text_printer(std::ostream& out, bool color);

/// One JSON object per call; control characters escaped by the JSON encoder.
std::unique_ptr<Printer> make_json_printer(std::ostream& out);

} // namespace aisys::cli

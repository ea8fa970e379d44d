#pragma once
// Stage 4, index: paper records -> a Xapian database on disk, rebuilt atomically.

#include <aisys/paper.hpp>
#include <aisys/synonyms.hpp>
#include <aisys/venue.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace aisys {

/// What a build wrote.
struct BuildReport {
    std::string db_path;        ///< the database folder
    std::string generation;     ///< the sub-folder now current
    std::size_t papers = 0;     ///< documents in the new index
};

/// Options for build_index; defaults in place.
struct BuildOptions {
    std::vector<std::string> sources;  ///< list paths recorded in the metadata
    const VenueTable* venues = nullptr; ///< its aliases are stored so search can resolve --venue; none when null
    const SynonymTable* synonyms = nullptr; ///< acronyms and synonyms; none when null
    bool mine_acronyms = true;          ///< add the "Long Form (LF)" definitions found in the papers' text
};

/// Builds a new index of `papers` beside the current one in `db_dir` and swaps
/// it in with one atomic rename of the stub file, so readers see the old index
/// or the new one and never a mix. A failure or kill at any point leaves the
/// previous index usable; stale half-built folders are removed by the next run.
/// A second concurrent build of the same folder fails at once with an
/// aisys::Error naming the running one. Throws aisys::Error on any failure.
/// Papers must have unique ids.
BuildReport build_index(const std::string& db_dir, const std::vector<Paper>& papers,
                        const BuildOptions& options = {});

} // namespace aisys

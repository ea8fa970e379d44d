#pragma once
// Stage 4, index: paper records -> a Xapian database on disk, rebuilt atomically.

#include <aisys/paper.hpp>
#include <aisys/synonyms.hpp>
#include <aisys/venue.hpp>

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace aisys {

/// What a build wrote.
struct BuildReport {
    std::string db_path;        ///< the database folder
    std::string generation;     ///< the sub-folder now current
    std::size_t papers = 0;     ///< documents in the new index
    std::size_t added = 0;      ///< papers the previous index did not have
    std::size_t changed = 0;    ///< papers rebuilt because what they are built from changed
    std::size_t unchanged = 0;  ///< papers kept from the previous index as they were
    std::size_t removed = 0;    ///< papers of the previous index no longer given
    bool incremental = false;   ///< the previous index was updated (else built from scratch)
    std::string damaged;        ///< why an update was asked for but the current index was damaged and rebuilt; else empty
};

/// Options for build_index; defaults in place.
struct BuildOptions {
    std::vector<std::string> sources;  ///< list paths recorded in the metadata
    const VenueTable* venues = nullptr; ///< its aliases are stored so search can resolve --venue; none when null
    const SynonymTable* synonyms = nullptr; ///< acronyms and synonyms; none when null
    bool mine_acronyms = true;          ///< add the "Long Form (LF)" definitions found in the papers' text (vector form only)
    bool incremental = true;            ///< start from the current index, rebuilding only changed papers
    unsigned threads = 0;               ///< document-building threads; 0 = one per core
    /// Databases the papers are spread over, each written on a thread of its
    /// own, searched as one (by a stable hash of the paper id). 1 = one plain
    /// database, as before shards; 0 is taken as 1. The command line's
    /// default is one per core.
    unsigned shards = 1;
};

/// Papers one at a time: fills `paper` and returns true, or returns false at
/// the end. May throw aisys::Error, which aborts the build.
using PaperSource = std::function<bool(Paper& paper)>;

/// Builds a new index of `papers` beside the current one in `db_dir` and swaps
/// it in with one atomic rename of the stub file, so readers see the old index
/// or the new one and never a mix. A failure or kill at any point leaves the
/// previous index usable; stale half-built folders are removed by the next run.
/// A second concurrent build of the same folder fails at once with an
/// aisys::Error naming the running one. Throws aisys::Error on any failure.
/// Papers must have unique ids.
BuildReport build_index(const std::string& db_dir, const std::vector<Paper>& papers,
                        const BuildOptions& options = {});

/// The same, streaming: memory does not grow with the number of papers.
/// Acronyms are not mined (the table in `options` is used as it is); a paper
/// whose id came earlier replaces it.
BuildReport build_index(const std::string& db_dir, const PaperSource& next, const BuildOptions& options = {});

/// What compact_index did.
struct CompactReport {
    std::string db_path;
    std::string generation;     ///< the generation now current (unchanged when there was nothing to merge)
    std::size_t papers = 0;
    std::size_t shards = 0;     ///< shards merged; 0 when the index already was one database
};

/// Merges the shards of the current generation of `db_dir` into one
/// database, swapped in as the next generation like a build (atomically,
/// under the same lock: a build meanwhile is refused, and a kill leaves the
/// sharded index answering). Searches give the same results, order and
/// scores as before. The metadata, spelling and synonyms come along, and the
/// next `build_index` with one shard updates it incrementally. Throws aisys::Error.
CompactReport compact_index(const std::string& db_dir);

/// True when `db_dir` holds an aisys-search index, whole or damaged (the
/// stub file that names its current generation); never throws.
bool index_exists(const std::string& db_dir);

/// The synonym table plus the acronym definitions the papers' titles,
/// abstracts and READMEs give.
SynonymTable with_mined_acronyms(const std::vector<Paper>& papers, const SynonymTable* table);

} // namespace aisys

#pragma once
// Stage 5, search: queries, filters, facets and snippets over a built index.

#include <aisys/paper.hpp>

#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace aisys {

/// An inclusive year interval; an empty bound is open.
struct YearRange {
    std::optional<int> from;
    std::optional<int> to;
};

/// The field names of the query syntax ("title", "author", "venue", ...),
/// each usable as `name:value` in a query, sorted.
std::vector<std::string> query_fields();

/// A filter of searches: `name:value` in a query, a SearchRequest::filters
/// key, and (when `facet`) a facet counted over every search's matches.
struct FilterInfo {
    std::string name;  ///< "venue", "category", "year", "list"
    std::string help;  ///< what filtering by it does, for a command line option
    bool facet = false;
    bool numeric = false;  ///< years: values are numbers, taken as ranges
};

/// The filters, in the order facets are shown.
std::vector<FilterInfo> filters();

/// The text fields a match can be explained by ("title", "abstract", ...), in
/// order of weight as the index ranks them.
std::vector<std::string> text_fields();

/// Parses "2022", "2020..2023", "2020.." or "..2023".
/// Throws aisys::QueryError naming the bad value otherwise.
YearRange parse_year_range(const std::string& text);

/// How results are ordered. Sorting by year keeps the ranks of relevance
/// (title phrase, every word, some words: see Explanation) and sorts by year
/// within each, so "the newest papers on X" are the newest strong matches
/// first; papers without a year come last in their rank. A query without
/// ranks (one word, filters only, `like`) is sorted by year, then relevance.
enum class SortOrder {
    relevance,  ///< best match first
    year,       ///< newest first within each rank
    year_asc,   ///< oldest first within each rank
};

/// Bounds on a query's text, so that no query, however written, costs more
/// than a bounded amount of time and memory. A query past one is refused with
/// aisys::QueryError saying which.
inline constexpr std::size_t k_max_query_bytes = 16 * 1024;  ///< a pasted abstract fits
inline constexpr std::size_t k_max_query_words = 256;        ///< words and operators
inline constexpr std::size_t k_max_query_wildcards = 8;      ///< `prefix*` patterns
/// Words a `prefix*` pattern stands for at most: the most frequent ones.
inline constexpr unsigned k_max_wildcard_expansion = 1000;

/// One search. Filters are OR within a facet and AND across facets.
struct SearchRequest {
    std::string query;                    ///< free text with the query syntax; may be empty when a filter is set
    /// Filter name (one of filters()) -> values, OR'ed: venue names or
    /// aliases, categories, years ("2020", "2020..2023", "..2021"), list file
    /// names or paths; any case.
    std::map<std::string, std::vector<std::string>> filters;
    std::string like;                     ///< a paper id: rank papers by likeness to it (it is left out)
    /// With `like` and no query words: only the papers alike, those scoring
    /// at least a share of the best one's score (what `similar` counts and
    /// shows); false: every paper sharing a word with it, ranked.
    bool alike_only = true;
    std::size_t limit = 10;               ///< results to return
    std::size_t offset = 0;               ///< results to skip
    SortOrder sort = SortOrder::relevance;
    bool snippets = true;                 ///< cut snippets for the returned page
    bool facets = true;                   ///< count venue/category/year over the matches
    bool explain = false;                 ///< say for each hit which fields, stems and synonyms matched
    bool correct = true;                  ///< search the corrected query when a word is unknown to the index
    bool related = true;                  ///< fill a first page the matches leave short with related papers (relevance order only)
};

/// A byte range [first, first + second) of a snippet that matched the query.
using Highlight = std::pair<std::size_t, std::size_t>;

/// A phrase of the query searched as a synonym term ("mixture of experts" -> "moe").
struct SynonymUse {
    std::string phrase;
    std::string term;
};

/// Why a paper matched: what --explain shows.
struct Explanation {
    /// Field -> the query's words found there (in any form: "scheduling" for
    /// a title saying "Schedulers"), the synonym terms found there ("moe"),
    /// and a stem with a trailing '~' for a match no query word spells.
    std::map<std::string, std::vector<std::string>> fields;
    bool all_terms = false;     ///< every query term (or a synonym of it) matched: ranked above partial matches
    bool title_phrase = false;  ///< the query's words appear as a phrase in the title: ranked first
    double relevance = 0;       ///< the BM25 part of the score, without the two ranks above
};

struct Hit {
    std::size_t rank = 0;                 ///< 1-based, counting the offset
    double score = 0;                     ///< Xapian weight (0 for filter-only queries)
    Paper paper;
    std::string snippet;                  ///< plain text, no markup
    std::vector<Highlight> highlights;    ///< matched terms within `snippet`
    std::optional<Explanation> explanation;  ///< with SearchRequest::explain
    bool related = false;                 ///< not a match: like the top matches (SearchRequest::related)
};

/// Facet name -> (value -> count), over all matches, not just the page.
using Facets = std::map<std::string, std::map<std::string, std::size_t>>;

/// A corrected query that finds something ("schedulng" -> "scheduling").
struct Suggestion {
    std::string query;
    std::size_t total = 0;   ///< papers it finds (never 0)
    bool applied = false;    ///< the results are this query's (SearchRequest::correct)
};

struct SearchResult {
    std::string query;
    std::size_t total = 0;   ///< number of matching papers
    bool exact = true;       ///< total and facet counts are exact, not estimated from the first matches
    std::optional<Suggestion> did_you_mean;  ///< when the query has words the index does not know
    std::vector<SynonymUse> synonyms;        ///< phrases of the query searched as synonym terms
    std::vector<Hit> hits;
    Facets facets;           ///< per facet of filters()
    /// Shards served elsewhere that could not be reached and were left out
    /// (OpenOptions::allow_partial): the results are partial when not empty.
    std::vector<std::string> missing_shards;
};

/// How Index::open reaches shards served by xapian-tcpsrv (an index whose
/// stub lists "remote HOST:PORT" lines); local indexes ignore it.
struct OpenOptions {
    unsigned connect_timeout_ms = 2000;  ///< a shard server that does not accept a connection by then is down
    unsigned timeout_ms = 10000;         ///< a shard server that does not answer a message by then is down
    bool allow_partial = false;          ///< leave out shards that are down (SearchResult::missing_shards) instead of failing
};

/// What `stats` shows.
struct IndexStats {
    std::string path;
    std::size_t papers = 0;
    std::map<std::string, std::string> metadata;  ///< built_at, sources, schema_version, ...
    Facets facets;
};

/// A read-only handle on a built index. Cheap to query repeatedly; not
/// thread-safe (use one per thread).
class Index {
public:
    /// Opens the index at `db_dir`. Throws aisys::Error when there is none
    /// (naming the path and the command that builds one), when it was written
    /// by an incompatible schema, or when it is damaged.
    static Index open(const std::string& db_dir);

    /// The same, with the timeouts and partial answers of `options` for
    /// shards served elsewhere. A shard server that cannot be reached throws
    /// aisys::Error (ErrorKind::network) naming it, unless allow_partial.
    static Index open(const std::string& db_dir, const OpenOptions& options);

    Index(Index&&) noexcept;
    Index& operator=(Index&&) noexcept;
    ~Index();

    /// Runs a search. Throws aisys::QueryError for a malformed query or an
    /// unknown venue or category, aisys::Error for database failures.
    SearchResult search(const SearchRequest& request) const;

    /// The paper with this id, in any case ("Gavel" finds gavel), or nothing.
    std::optional<Paper> find(const std::string& id) const;

    /// Up to `count` ids of the index nearest to `id` by edit distance (any
    /// case), nearest first, for "did you mean" when find() found nothing;
    /// only ids within a third of their length of it.
    std::vector<std::string> nearest_ids(const std::string& id, std::size_t count = 3) const;

    /// Calls `visit` with every paper of the index once, in the order the
    /// index stores them (the order they were built in), without a query:
    /// what an export reads. Throws aisys::Error when the index is damaged;
    /// an exception `visit` throws stops the walk and propagates.
    void for_each_paper(const std::function<void(const Paper&)>& visit) const;

    IndexStats stats() const;

private:
    struct Impl;
    explicit Index(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace aisys

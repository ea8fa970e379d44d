#pragma once
// The one Xapian schema: term prefixes, value slots and field weights, read by
// both the indexer and the searcher.

#include <aisys/paper.hpp>

#include "index/synonyms.hpp"

#include <xapian.h>

#include <algorithm>
#include <array>
#include <vector>
#include <string>
#include <string_view>

namespace aisys::schema {

/// Bumped whenever documents are written differently; search refuses other versions.
/// 7: one term stream per word (no unprefixed copy of the text).
/// 8: a value slot for sorting oldest first (k_slot_year_oldest_first).
inline constexpr int k_version = 8;

/// A free-text field: its query-syntax name, its term prefix and how much a
/// match in it counts. A word is indexed as the field's stem ("ZXABschedul",
/// which weighs the field), as the text's stem ("Zschedul", without a prefix:
/// what a plain query word matches anywhere, with the whole text's
/// statistics), both without positions, and for `exact` fields also as
/// written with positions ("XABscheduling": phrases, wildcards,
/// `author:Smith`, "did you mean"). Schema 6 also kept every word of every
/// field unstemmed with positions: terms and positions are most of what
/// indexing costs and of the index's size. ("Anywhere" as the OP_SYNONYM of
/// the field stems would need no "Z" stream, but Xapian 1.4 estimates a
/// synonym's frequency per database, from the fields each has: its scores
/// then differ between one database and shards of it.)
struct TextField {
    std::string_view name;
    std::string_view prefix;
    double weight;
    bool query_prefix;  ///< `name:` searches this field (category: is the filter instead)
    bool describes;     ///< says what the paper is: "every query term matched" is judged on these
    bool adds;          ///< adds to the best of the other fields instead of competing with them
    bool exact;         ///< the words as written too, with positions: phrases match in these fields
};

// A query word scores k_anywhere_weight times its BM25 weight over the whole
// text, plus the best of its field matches, each scaled by the field's weight
// (the maximum, not the sum: a word in the title, abstract and README is not
// three times the evidence, and papers with more text would win otherwise).
// The curator's category heading is other evidence, a label someone chose:
// it adds to the best text match (and keeps "gpu scheduling" on the default
// list ranking the three Schedule papers first, issue 2's acceptance).
// Every value was chosen on the judged evaluation (benchmarks/relevance,
// results in benchmarks/RESULTS.md) by coordinate search; the README weight
// is low because READMEs are long and mostly about building and running code.
// READMEs, venues and repository names have no positions: nobody quotes a
// phrase of a README, and READMEs are most of the text.
inline constexpr std::array<TextField, 7> k_text_fields = {{
    {"title", "S", 5.0, true, true, false, true},
    {"category", "XCAT", 3.5, false, true, true, true},
    {"author", "A", 1.0, true, false, false, true},
    {"abstract", "XAB", 0.6, true, true, false, true},
    {"readme", "XRD", 0.3, true, false, false, false},
    {"venue", "XVT", 4.0, false, true, false, false},  // "OSDI 2022": "osdi scheduling" prefers OSDI papers
    {"repo", "XRN", 2.0, false, true, false, false},   // the repository's name: "FlexGen" names a paper its title does not
}};
inline constexpr double k_anywhere_weight = 2.5;

/// BM25 as the evaluation chose it: k1 0.6 (a word's repetitions saturate
/// early), b 0.5 (documents differ in length mostly by README size).
struct Bm25 {
    double k1, k2, k3, b, min_normlen;
};
inline constexpr Bm25 k_bm25{0.6, 0, 1, 0.5, 0.5};
inline Xapian::BM25Weight weighting() {
    return Xapian::BM25Weight(k_bm25.k1, k_bm25.k2, k_bm25.k3, k_bm25.b, k_bm25.min_normlen);
}

/// The boolean term prefix of a paper's id.
inline constexpr std::string_view k_id = "Q";

/// Xapian's limit on a term's length (glass), which filter terms are cut to.
inline constexpr std::size_t k_max_term_bytes = 245;
/// Longer words are not indexed, as Xapian's term generator skips them.
inline constexpr std::size_t k_max_word_bytes = 64;
/// A paper id, which is a term too; ids are slugs and arXiv ids, far shorter.
inline constexpr std::size_t k_max_id_bytes = 200;

/// Value slots for facets and sorting.
enum Slot : Xapian::valueno {
    k_slot_venue = 0,     ///< canonical venue name as shown
    k_slot_category = 1,  ///< category names as shown, joined by k_value_separator
    k_slot_year = 2,      ///< Xapian::sortable_serialise(year); empty when unknown
    k_slot_signature = 3, ///< hash of what the document was built from: unchanged papers are not rebuilt
    k_slot_kind = 4,      ///< the paper's kind: paper, project or other
    /// The year as sorted oldest first: sortable_serialise(year), or k_no_year
    /// when unknown, so that papers without one come last by the value alone
    /// (xapian-tcpsrv runs no KeyMaker, so remote shards sort by it too).
    k_slot_year_oldest_first = 5,
};
inline const std::string k_no_year = "\xff";
inline constexpr char k_value_separator = '\x1f';

/// A filter: a property of a paper with few distinct values, which the query
/// syntax (`name:value`), the search options (`--name`), the facet counts and
/// the printers all take from this one row. Values are matched in any case;
/// a numeric filter (year) takes ranges and is matched on its value slot.
struct FilterField {
    std::string_view name;    ///< `name:` in queries, `--name` on the command line, the facet's name
    std::string_view prefix;  ///< boolean term prefix: prefix + lower-cased value
    Xapian::valueno slot;     ///< value slot (values joined by k_value_separator), or Xapian::BAD_VALUENO
    bool facet;               ///< counted over every search's matches
    bool numeric;             ///< a year: the slot holds sortable_serialise(value), queries take ranges
    bool sorted;              ///< the index lists its values sorted, else in the order papers first give them
    std::string_view meta;    ///< metadata key of the values present (JSON list); empty for numeric filters
    std::string_view help;    ///< what `--name VALUE` does
    std::vector<std::string> (*values)(const Paper&);  ///< the paper's values, as shown
    std::string (*key)(std::string_view);              ///< a value as compared (before case), or nullptr for itself
};

/// The name a list is filtered by: its file name ("lists/awesome.md" -> "awesome.md").
std::string list_name(std::string_view list);

inline constexpr std::array<FilterField, 5> k_filters = {{
    {"venue", "XV", k_slot_venue, true, false, true, "aisys.venues",
     "Only papers from this venue (name or alias, any case); repeatable",
     [](const Paper& p) { return p.venue.empty() ? std::vector<std::string>{} : std::vector<std::string>{p.venue}; },
     nullptr},
    {"category", "XC", k_slot_category, true, false, false, "aisys.categories",
     "Only papers in this category; repeatable", [](const Paper& p) { return p.categories; }, nullptr},
    {"year", "Y", k_slot_year, true, true, false, "",
     "Only papers from YYYY or YYYY..YYYY (either end may be open); repeatable",
     [](const Paper& p) { return p.year ? std::vector<std::string>{std::to_string(*p.year)} : std::vector<std::string>{}; },
     nullptr},
    {"list", "XL", Xapian::BAD_VALUENO, false, false, false, "aisys.lists",
     "Only papers from this list (its file name or path); repeatable",
     [](const Paper& p) {
         std::vector<std::string> names;
         for (const auto& l : p.listings)
             if (auto n = list_name(l.list); std::find(names.begin(), names.end(), n) == names.end()) names.push_back(n);
         return names;
     },
     [](std::string_view v) { return list_name(v); }},
    {"kind", "XK", k_slot_kind, true, false, true, "aisys.kinds",
     "Only entries of this kind: paper, project (software without a paper) or other; repeatable",
     [](const Paper& p) { return p.kind.empty() ? std::vector<std::string>{} : std::vector<std::string>{p.kind}; },
     nullptr},
}};

/// The filter row with this name; throws std::logic_error when there is none.
const FilterField& filter(std::string_view name);

/// How many filters are facets, and a facet's place among them.
inline constexpr std::size_t k_facet_count = [] {
    std::size_t n = 0;
    for (const auto& f : k_filters) n += f.facet;
    return n;
}();
std::array<const FilterField*, k_facet_count> facets();

/// Metadata keys stored in the database.
inline constexpr const char* k_meta_schema = "aisys.schema_version";
inline constexpr const char* k_meta_built_at = "aisys.built_at";
inline constexpr const char* k_meta_sources = "aisys.sources";
inline constexpr const char* k_meta_papers = "aisys.papers";
inline constexpr const char* k_meta_tool = "aisys.tool_version";
inline constexpr const char* k_meta_venue_aliases = "aisys.venue_aliases";  ///< JSON {alias: canonical}
inline constexpr const char* k_meta_build_key = "aisys.build_key";          ///< hash of what every document depends on
inline constexpr const char* k_meta_known_venues = "aisys.known_venues";    ///< JSON list: venues the venue table resolved, sorted
inline constexpr const char* k_meta_synonyms = "aisys.synonyms";            ///< JSON {"table": n, "mined": [{term, variants}]}
/// JSON {"readme": n, "abstract": n}: papers with a README and with an
/// abstract, what tells README talk from what papers are about (search/likeness.hpp).
inline constexpr const char* k_meta_field_docs = "aisys.field_docs";

/// The term a field has for a query word: "Z" + prefix + stem. `term` is an
/// unprefixed query term, stemmed ("Zschedul") or not ("GPU" -> "gpu").
std::string field_term(const TextField& field, const std::string& term);

/// The word an exact field's term was written as ("XABscheduling" ->
/// "scheduling"), or "" for any other term: the words "did you mean" knows.
std::string_view written_word(std::string_view term);

/// The stemmer both sides use.
Xapian::Stem stemmer();

/// The same stemmer with a cache of the words it has stemmed: for indexing.
/// Not thread-safe: one per thread.
Xapian::Stem cached_stemmer();

/// Builds the document for a paper: all terms, values and the JSON record as
/// data. With a matcher, each field also gets the term of every synonym
/// phrase it contains ("mixture of experts" -> "moe"), as if written there.
Xapian::Document make_document(const Paper& paper, Xapian::TermGenerator& generator,
                               const synonyms::PhraseMatcher* matcher = nullptr);

/// The boolean term for a filter value (prefix + lower-cased value).
std::string filter_term(std::string_view prefix, std::string_view value);

} // namespace aisys::schema

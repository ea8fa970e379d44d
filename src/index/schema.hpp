#pragma once
// The one Xapian schema: term prefixes, value slots and field weights, read by
// both the indexer and the searcher.

#include <aisys/paper.hpp>

#include "index/synonyms.hpp"

#include <xapian.h>

#include <array>
#include <string>
#include <string_view>

namespace aisys::schema {

/// Bumped whenever documents are written differently; search refuses other versions.
inline constexpr int k_version = 2;

/// A free-text field: its query-syntax name, its term prefix and how much a
/// match in it counts. Every field's words are also indexed without a prefix
/// (positions shared, fields apart), which is what plain query words match;
/// the prefixed copy carries the field's weight and its own statistics.
struct TextField {
    std::string_view name;
    std::string_view prefix;
    double weight;
    bool query_prefix;  ///< `name:` searches this field (category: is the filter instead)
};

// Title dominates the texts people write about a paper. The curator's
// category heading is a topical label as strong as the title (a paper under
// "Schedule" is about scheduling). Abstract and README are long and noisy:
// low weights. A query word's weight is 1 (its unprefixed match) plus the
// weight of each field it matches in. Chosen by measurement: with the real
// READMEs and abstracts of ../shared/corpus indexed, "gpu scheduling" must
// rank the Schedule papers first (title 6 lets GPU-in-title papers in, a
// category weight of 2.5 lets a GPU-sharing serving paper in), "energy"
// Zeus and "mixture of experts" FastMoE (tests/test_fetch_e2e.cpp). Issue 5's
// evaluation tunes these further.
inline constexpr std::array<TextField, 6> k_text_fields = {{
    {"title", "S", 5.0, true},
    {"category", "XCAT", 5.0, false},
    {"author", "A", 1.0, true},
    {"abstract", "XAB", 1.0, true},
    {"readme", "XRD", 0.3, true},
    {"venue", "XVT", 2.0, false},  // "OSDI 2022": lets "osdi scheduling" prefer OSDI papers
}};

/// Boolean filter prefixes: values are lower-cased, so they never start with a capital.
inline constexpr std::string_view k_id = "Q";
inline constexpr std::string_view k_venue = "XV";
inline constexpr std::string_view k_category = "XC";
inline constexpr std::string_view k_year = "Y";
inline constexpr std::string_view k_list = "XL";  ///< file name of a list the paper appears in

/// Value slots for facets and sorting.
enum Slot : Xapian::valueno {
    k_slot_venue = 0,     ///< canonical venue name as shown
    k_slot_category = 1,  ///< category names as shown, joined by k_value_separator
    k_slot_year = 2,      ///< Xapian::sortable_serialise(year); empty when unknown
};
inline constexpr char k_value_separator = '\x1f';

/// Metadata keys stored in the database.
inline constexpr const char* k_meta_schema = "aisys.schema_version";
inline constexpr const char* k_meta_built_at = "aisys.built_at";
inline constexpr const char* k_meta_sources = "aisys.sources";
inline constexpr const char* k_meta_papers = "aisys.papers";
inline constexpr const char* k_meta_tool = "aisys.tool_version";
inline constexpr const char* k_meta_venue_aliases = "aisys.venue_aliases";  ///< JSON {alias: canonical}
inline constexpr const char* k_meta_venues = "aisys.venues";                ///< JSON [canonical names present]
inline constexpr const char* k_meta_categories = "aisys.categories";        ///< JSON [category names present]
inline constexpr const char* k_meta_lists = "aisys.lists";                  ///< JSON [list file names present]
inline constexpr const char* k_meta_synonyms = "aisys.synonyms";            ///< JSON {"table": n, "mined": [{term, variants}]}

/// The stemmer both sides use.
Xapian::Stem stemmer();

/// Builds the document for a paper: all terms, values and the JSON record as
/// data. With a matcher, each field also gets the term of every synonym
/// phrase it contains ("mixture of experts" -> "moe"), as if written there.
Xapian::Document make_document(const Paper& paper, Xapian::TermGenerator& generator,
                               const synonyms::PhraseMatcher* matcher = nullptr);

/// The name a list is filtered by: its file name ("lists/awesome.md" -> "awesome.md").
std::string list_name(std::string_view list);

/// The boolean term for a filter value (prefix + lower-cased value).
std::string filter_term(std::string_view prefix, std::string_view value);

} // namespace aisys::schema

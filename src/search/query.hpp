#pragma once
// Turning a SearchRequest into a Xapian query: the user's syntax, the filters,
// and the field weighting.

#include <aisys/search.hpp>

#include <xapian.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace aisys::search {

/// What the index knows about its filter values, read from its metadata.
struct Vocabulary {
    std::map<std::string, std::string> venue_aliases;         ///< lower-case alias -> canonical venue
    std::map<std::string, std::vector<std::string>> values;  ///< filter name -> values present in the index
    std::vector<std::string> known_venues;  ///< the venues of values["venue"] the venue table knows: what errors list

    /// The value of the filter (a schema::k_filters row) that `name` names,
    /// in any case, by its alias for venues and its file name for lists.
    /// Throws aisys::QueryError listing the values present when there is none
    /// (for venues, the known venues only: a venue as written is no choice).
    std::string resolve(std::string_view filter, const std::string& name) const;

    /// "; venues in this index: ...": what an error about a venue ends with.
    std::string venue_choices() const;
};

/// Builds queries against one database. Not thread-safe.
class QueryBuilder {
public:
    /// Weight of the words of a phrase the query searched as a synonym term
    /// ("pipeline", "parallelism" beside "pp"): they still count, for less.
    static constexpr double k_phrase_words_weight = 0.1;

    QueryBuilder(const Xapian::Database& db, const Vocabulary& vocabulary);
    ~QueryBuilder();

    /// The whole query for a request: parsed text (weighted by field) filtered
    /// by the request's facets. Throws aisys::QueryError when the text is
    /// malformed, a filter value is unknown, or there is neither text nor filter.
    Xapian::Query build(const SearchRequest& request);

    /// After build(): the query text with each word the index knows in no
    /// form replaced by the nearest word of its spelling table, or "" when
    /// there is nothing to correct.
    const std::string& corrected() const { return m_corrected; }

    /// After build(): papers like the `top` ones that `found` (the built
    /// query) does not match, under the same filters; empty when the top
    /// papers have no words to compare with.
    Xapian::Query related_query(const std::vector<Xapian::docid>& top, const Xapian::Query& found) const;

    /// After build(): the phrases searched as synonym terms.
    const std::vector<SynonymUse>& synonyms_used() const { return m_synonyms; }

    /// After build(): the weight added for matching every term and again for
    /// the title phrase, above any weight the words themselves can give; 0
    /// when the query has no such ranks.
    double rank_weight() const { return m_rank_weight; }
    bool ranks_all_terms() const { return m_ranks_all; }
    bool ranks_title_phrase() const { return m_ranks_phrase; }
    /// After build(): whether every match weighs only its rank (a whole
    /// multiple of rank_weight()), without the words' relevance: what sorting
    /// by year within the ranks asks build() for.
    bool weighs_ranks_only() const { return m_ranks_only; }
    /// After build(): whether the query excludes words ("-cluster", "NOT x"):
    /// papers like the matches may have them, so no related papers are added.
    bool excludes() const { return m_excludes; }
    /// After build() (and related_query()): the words searched, unprefixed
    /// as the parser gives them, for highlighting: snippets know no prefixes.
    const Xapian::Query& words() const { return m_words; }

private:
    /// How many expansion terms describe a paper for `like`.
    static constexpr Xapian::termcount k_like_terms = 25;
    /// Weights of the paper's own title and category stems in `like` (the
    /// expansion terms carry their like_terms() weights). A shared list section is
    /// the curator saying two papers are about the same thing.
    static constexpr double k_like_title_weight = 5.0;
    static constexpr double k_like_category_weight = 10.0;

    Xapian::Query field_weighted(const Xapian::Query& query) const;
    Xapian::Query like_query(const std::string& id) const;
    Xapian::Query like_documents(const std::vector<Xapian::docid>& docs) const;
    Xapian::Query with_ranks(const Xapian::Query& ranked, const Xapian::Query& parsed, const std::string& text,
                             bool ranks_only, const Xapian::Query& added);

    struct Processors;
    const Xapian::Database& m_db;
    Xapian::QueryParser m_parser;
    const Vocabulary& m_vocabulary;
    std::unique_ptr<Processors> m_processors;
    std::string m_corrected;
    std::vector<SynonymUse> m_synonyms;
    Xapian::Query m_filter;  ///< the facet filters, empty when none
    double m_rank_weight = 0;
    bool m_ranks_all = false;
    bool m_ranks_phrase = false;
    bool m_ranks_only = false;
    bool m_excludes = false;
    mutable Xapian::Query m_words;  ///< every query field_weighted() was given, OR-ed
};


/// Parses a four-digit year; false for anything else.
bool parse_year_value(std::string_view s, int& year);

/// A query matching papers whose year lies in `range`.
Xapian::Query year_query(const YearRange& range);

} // namespace aisys::search

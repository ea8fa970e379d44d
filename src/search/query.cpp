#include "search/query.hpp"

#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include "index/schema.hpp"
#include "index/synonyms.hpp"
#include "search/anywhere.hpp"
#include "search/likeness.hpp"
#include "search/matcher.hpp"
#include "search/rewrite.hpp"

#include <aisys/synonyms.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <exception>
#include <optional>
#include <set>

namespace aisys::search {

namespace {

// "venue, category, year or list"
std::string filter_names() {
    std::string out;
    for (std::size_t i = 0; i < schema::k_filters.size(); ++i)
        out += (i == 0 ? "" : i + 1 == schema::k_filters.size() ? " or " : ", ") + std::string(schema::k_filters[i].name);
    return out;
}


std::string join(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

/// How many postings the related papers' search may read, about: the
/// seeds' words are searched rarest first, and the commoner ones past this
/// many postings are left out. The related papers fill a short first page,
/// so every rare word asks for them; over 60,000 papers the seeds' commonest
/// words ("for", "and", "library", a category every paper has) made that
/// search cost up to 40 ms of CPU where the search itself took 1 ms
/// (benchmarks/related_bench.cpp; benchmarks/RESULTS.md, Web front), and
/// the web front's p99 with it. Words that common weigh little: on the
/// judged corpus no word is left out, and over those 60,000 papers 81% of
/// the related papers are the same (the first in 27 of 29 searches), for a
/// p99 of 5 ms of CPU. Over shards, where every match is checked, it bounds
/// the work too.
constexpr double k_related_postings = 20000;

/// The OR of `like`'s parts, rarest first, while their postings (each part
/// reads one list a term) add up to at most `budget`; the rarest is kept
/// whatever it costs. A query that is no OR is kept whole.
Xapian::Query rarest_within(const Xapian::Database& db, const Xapian::Query& like, double budget) {
    if (like.get_type() != Xapian::Query::OP_OR) return like;
    std::vector<std::pair<double, Xapian::Query>> parts;  // (postings, part)
    for (std::size_t i = 0; i < like.get_num_subqueries(); ++i) {
        const Xapian::Query part = like.get_subquery(i);
        double postings = 0;
        for (auto t = part.get_terms_begin(); t != part.get_terms_end(); ++t) postings += db.get_termfreq(*t);
        parts.emplace_back(postings, part);
    }
    std::stable_sort(parts.begin(), parts.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Xapian::Query> kept;
    double read = 0;
    for (const auto& [postings, part] : parts) {
        read += postings;
        if (read > budget && !kept.empty()) break;
        kept.push_back(part);
    }
    return Xapian::Query(Xapian::Query::OP_OR, kept.begin(), kept.end());
}

} // namespace

bool parse_year_value(std::string_view s, int& year) {
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), year);
    return ec == std::errc() && end == s.data() + s.size() && s.size() == 4;
}

namespace {

// The query as a message quotes it: cut short, so that one line stays one line.
std::string quoted(const std::string& query) { return "'" + text::truncate(query, 80) + "'"; }

void check_balanced(const std::string& query) {
    if (std::count(query.begin(), query.end(), '"') % 2 != 0)
        throw QueryError("malformed query: unbalanced double quote in " + quoted(query));
    int depth = 0;
    bool quoted_text = false;
    for (char c : query) {
        if (c == '"') quoted_text = !quoted_text;
        if (quoted_text) continue;
        if (c == '(') ++depth;
        if (c == ')' && --depth < 0) break;
    }
    if (depth != 0) throw QueryError("malformed query: unbalanced parentheses in " + quoted(query));
}

// Every word costs a lookup in the spelling and synonym tables and a posting
// list in the match; every wildcard up to k_max_wildcard_expansion of them.
void check_size(const std::string& query) {
    if (query.size() > k_max_query_bytes)
        throw QueryError("query too long: " + std::to_string(query.size()) + " bytes, at most " +
                         std::to_string(k_max_query_bytes) + " are searched");
    std::size_t words = 0, wildcards = 0;
    bool in_word = false;
    for (const char c : query) {
        const bool space = std::isspace(static_cast<unsigned char>(c)) != 0;
        if (!space && !in_word) ++words;
        in_word = !space;
        if (c == '*') ++wildcards;
    }
    if (words > k_max_query_words)
        throw QueryError("query too long: " + std::to_string(words) + " words, at most " +
                         std::to_string(k_max_query_words) + " are searched");
    if (wildcards > k_max_query_wildcards)
        throw QueryError("too many wildcards: " + std::to_string(wildcards) + " in the query, at most " +
                         std::to_string(k_max_query_wildcards));
}

// "venu:osdi" would otherwise search the words "venu" and "osdi" anywhere,
// silently; a field name the query syntax does not have is a mistake. A colon
// before "//" is a URL, and one before a space ends a title ("Zeus: ...").
void check_fields(const std::string& query, const std::set<std::string>& fields) {
    bool quoted_text = false;
    std::size_t start = std::string::npos;  // of the run of letters before the current character
    for (std::size_t i = 0; i < query.size(); ++i) {
        const char c = query[i];
        if (c == '"') quoted_text = !quoted_text;
        const bool letter = std::isalpha(static_cast<unsigned char>(c)) || c == '_';
        if (letter) {
            const bool word_start = i == 0 || std::string_view(" (+-\t").find(query[i - 1]) != std::string_view::npos;
            if (start == std::string::npos && word_start) start = i;
            continue;
        }
        if (c == ':' && start != std::string::npos && !quoted_text && i + 1 < query.size() &&
            !std::isspace(static_cast<unsigned char>(query[i + 1])) && query.compare(i + 1, 2, "//") != 0) {
            const std::string name = query.substr(start, i - start);
            if (!fields.count(name)) {
                std::string known;
                for (const auto& f : fields) known += (known.empty() ? "" : ", ") + f + ":";
                throw QueryError("unknown field '" + query.substr(start, i - start) + ":' in " + quoted(query) +
                                 "; fields: " + known);
            }
        }
        start = std::string::npos;
    }
}

// The field names of the query syntax, as the parser is given them.
const std::set<std::string>& field_names() {
    static const std::set<std::string> names = [] {
        std::set<std::string> out;
        for (const auto& f : schema::k_filters) out.emplace(f.name);
        for (const auto& field : schema::k_text_fields)
            if (field.query_prefix) out.insert(std::string(field.name));
        return out;
    }();
    return names;
}

// A part of the query as found in the fields that describe the paper
// (title, category, abstract, venue): each of its words looked up there.
Xapian::Query described(const Xapian::Query& part) {
    std::vector<Xapian::Query> found;
    for (auto it = part.get_unique_terms_begin(); it != part.get_unique_terms_end(); ++it) {
        const std::string term = *it;
        if (!is_unprefixed(term)) continue;
        for (const auto& field : schema::k_text_fields)
            if (field.describes) found.emplace_back(schema::field_term(field, term));
    }
    return Xapian::Query(Xapian::Query::OP_OR, found.begin(), found.end());
}

// "gpu OR tpu", "(a b) -c", "a b": the query without its NOT and filter
// parts, if it is an OR of two or more parts; each part must match for
// "every term".
Xapian::Query all_terms(const Xapian::Query& q) {
    switch (q.get_type()) {
    case Xapian::Query::OP_OR: {
        if (q.get_num_subqueries() < 2) return {};
        std::vector<Xapian::Query> parts;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
            parts.push_back(described(q.get_subquery(i)));
        return Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end());
    }
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
        return all_terms(q.get_subquery(0));
    default:
        return {};
    }
}

// "-scheduling" alone: Xapian 1.4's parser reads a query of excluded words
// only as those words wanted ("-sched*" even as the word "sched"), so such a
// query is asked as what it means, "NOT (scheduling)".
std::string only_excluded(const std::string& text) {
    const std::vector<std::string> tokens = query_tokens(text);
    std::string words;
    for (const auto& token : tokens) {
        if (token.size() < 2 || token[0] != '-' || token[1] == '-') return text;
        words += (words.empty() ? "" : " OR ") + token.substr(1);
    }
    return "NOT (" + words + ")";
}

bool has_exclusion(const Xapian::Query& q) {
    if (q.get_type() == Xapian::Query::OP_AND_NOT) return true;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (has_exclusion(q.get_subquery(i))) return true;
    return false;
}

// The most any scale factor of the words' query multiplies a subquery's
// weight by (the fields' weights, "anywhere", a synonym's own words): a new
// factor must be counted here, or the bound below is wrong. (`--like`'s
// weights are not bounded: with_ranks searches when they are added.)
constexpr double k_max_scale = [] {
    double most = std::max({1.0, schema::k_anywhere_weight, QueryBuilder::k_phrase_words_weight});
    for (const auto& field : schema::k_text_fields) most = std::max(most, field.weight);
    return most;
}();

// An upper bound on the weight any paper can get from `q`, the same in every
// layout (it reads nothing but the query and `term`), or infinity for a shape
// it cannot bound. `term` bounds one term's weight. A maximum weighs its best
// part, a filter or exclusion its left side, a scaled subquery k_max_scale
// times its own; everything else adds its parts up.
double weight_bound(const Xapian::Query& q, double term) {
    using Q = Xapian::Query;
    const std::size_t n = q.get_num_subqueries();
    switch (q.get_type()) {
    case Q::LEAF_TERM:
    case Q::LEAF_MATCH_ALL:
    case Q::OP_SYNONYM:  // weighs as one term, with the parts' frequencies
        return term;
    case Q::LEAF_MATCH_NOTHING:
    case Q::OP_VALUE_RANGE:
    case Q::OP_VALUE_GE:
    case Q::OP_VALUE_LE:
        return 0;
    case Q::OP_WILDCARD:  // the parser's, where the search did not expand it itself: a synonym
        return q.get_description().find("WILDCARD SYNONYM") != std::string::npos ? term : HUGE_VAL;
    case Q::OP_SCALE_WEIGHT:
        return k_max_scale * weight_bound(q.get_subquery(0), term);
    case Q::OP_MAX: {
        double most = 0;
        for (std::size_t i = 0; i < n; ++i) most = std::max(most, weight_bound(q.get_subquery(i), term));
        return most;
    }
    case Q::OP_FILTER:
    case Q::OP_AND_NOT:
        return n == 0 ? 0 : weight_bound(q.get_subquery(0), term);
    case Q::OP_AND:
    case Q::OP_OR:
    case Q::OP_XOR:
    case Q::OP_AND_MAYBE:
    case Q::OP_ELITE_SET:
    case Q::OP_PHRASE:
    case Q::OP_NEAR: {
        double sum = 0;
        for (std::size_t i = 0; i < n; ++i) sum += weight_bound(q.get_subquery(i), term);
        return sum;
    }
    default:  // a posting source, or an operator this does not know
        return HUGE_VAL;
    }
}

// The most BM25 (schema::weighting()) gives one term in `db`: its inverse
// document frequency at most that of a term one paper has, log((N - 0.5) /
// 1.5), which Xapian raises to at least log(2) (it maps a ratio r < 2 to
// r / 2 + 1), times k1 + 1 as its wdf grows, times k3 + 1 as its repetitions
// in the query do. N is the index's size, which shards add up to exactly.
// (k2, a weight added per document, is 0.)
double term_weight_bound(const Xapian::Database& db) {
    static_assert(schema::k_bm25.k2 == 0, "the bound has no part for k2");
    const double n = db.get_doccount();
    return std::log(std::max(2.0, (n - 0.5) / 1.5)) * (schema::k_bm25.k1 + 1) * (schema::k_bm25.k3 + 1);
}

Xapian::Query fixed_weight(double weight) {
    return Xapian::Query((new Xapian::FixedWeightPostingSource(weight))->release());
}

} // namespace


Xapian::Query year_query(const YearRange& range) {
    const auto slot = schema::filter("year").slot;
    if (range.from && range.to)
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, Xapian::sortable_serialise(*range.from),
                             Xapian::sortable_serialise(*range.to));
    if (range.from) return Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, Xapian::sortable_serialise(*range.from));
    return Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, Xapian::sortable_serialise(*range.to));
}

namespace {

// The filter row a request names; a name no row has is a bad query.
const schema::FilterField& filter_field(const std::string& name) {
    for (const auto& f : schema::k_filters)
        if (f.name == name) return f;
    throw QueryError("unknown filter '" + name + "'; filters: " + filter_names());
}

// The papers one value of a filter matches: a year range on the slot for a
// numeric filter, else the boolean term of the value the index has.
// "OSDI'24", "osdi24", "OSDI 2024": a venue and a year, when `value` ends
// in two or four digits after some other text, else nothing.
std::optional<std::pair<std::string, int>> venue_and_year(const std::string& value) {
    const std::string v = text::trim(value);
    std::size_t digits = 0;
    while (digits < v.size() && std::isdigit(static_cast<unsigned char>(v[v.size() - 1 - digits]))) ++digits;
    if (digits != 2 && digits != 4) return std::nullopt;
    std::string venue = v.substr(0, v.size() - digits);
    while (!venue.empty() && (venue.back() == '\'' || venue.back() == '-' ||
                              std::isspace(static_cast<unsigned char>(venue.back()))))
        venue.pop_back();
    if (venue.empty()) return std::nullopt;
    const int year = std::stoi(v.substr(v.size() - digits));
    return std::pair{venue, digits == 2 ? 2000 + year : year};
}

Xapian::Query filter_query(const schema::FilterField& field, const Vocabulary& vocabulary, const std::string& value) {
    if (field.numeric) return year_query(parse_year_range(value));
    try {
        return Xapian::Query(schema::filter_term(field.prefix, vocabulary.resolve(field.name, value)));
    } catch (const QueryError&) {
        // A venue named with its year is that venue in that year; a venue
        // whose own name ends in digits resolved above, as written.
        const auto split = field.name == "venue" ? venue_and_year(value) : std::nullopt;
        if (!split) throw;
        std::string venue;
        try {
            venue = vocabulary.resolve(field.name, split->first);
        } catch (const QueryError&) {
            throw QueryError("unknown venue '" + value + "' (venue '" + split->first + "', year " +
                             std::to_string(split->second) + ")" + vocabulary.venue_choices());
        }
        return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(schema::filter_term(field.prefix, venue)),
                             year_query(YearRange{split->second, split->second}));
    }
}

} // namespace

std::string Vocabulary::resolve(std::string_view filter, const std::string& name) const {
    const schema::FilterField& f = schema::filter(filter);
    const std::string key = text::to_lower(f.key ? f.key(text::trim(name)) : text::collapse_whitespace(name));
    if (filter == "venue")
        if (auto it = venue_aliases.find(key); it != venue_aliases.end()) return it->second;
    const auto known = values.find(std::string(filter));
    if (known != values.end())
        for (const auto& v : known->second)
            if (text::to_lower(v) == key) return v;
    if (filter == "venue") throw QueryError("unknown venue '" + name + "'" + venue_choices());
    const std::string plural = filter == "category" ? "categories" : std::string(filter) + "s";
    throw QueryError("unknown " + std::string(filter) + " '" + name + "'; " + plural + " in this index: " +
                     join(known == values.end() ? std::vector<std::string>{} : known->second));
}

std::string Vocabulary::venue_choices() const {
    return "; venues in this index: " + join(known_venues) + " (or a venue with its year: OSDI'24, osdi24, \"OSDI 2024\")";
}

// The `venue:`, `category:`, `list:` and `year:` prefixes resolve their values the
// same way as --venue, --category and --year.
//
// A field processor must never throw: Xapian 1.4's parser, unwinding from
// a processor called under `+` ("+venue:nowhere"), deletes a token it does
// not own (found by fuzz_query: a bad free, heap corruption in a release
// build). A bad value is kept in `error` and the value stands for nothing;
// build() throws it once parse_query has returned.
struct QueryBuilder::Processors {
    struct Guarded : Xapian::FieldProcessor {
        std::optional<std::string>& error;
        explicit Guarded(std::optional<std::string>& e) : error(e) {}
        Xapian::Query operator()(const std::string& value) override {
            try {
                return resolve(value);
            } catch (const std::exception& e) {
                if (!error) error = e.what();
                return Xapian::Query::MatchNothing;
            }
        }
        virtual Xapian::Query resolve(const std::string& value) = 0;
    };
    // `name:value` for a filter: the value resolved as its option resolves it.
    struct Filter : Guarded {
        const Vocabulary& vocabulary;
        const schema::FilterField& field;
        Filter(std::optional<std::string>& e, const Vocabulary& v, const schema::FilterField& f)
            : Guarded(e), vocabulary(v), field(f) {}
        Xapian::Query resolve(const std::string& value) override { return filter_query(field, vocabulary, value); }
    };

    explicit Processors(const Vocabulary& v) {
        for (const auto& f : schema::k_filters) filters.push_back(std::make_unique<Filter>(error, v, f));
    }

    // parse_query with the processors' first complaint thrown afterwards.
    Xapian::Query parse(Xapian::QueryParser& parser, const std::string& text, unsigned flags) {
        error.reset();
        Xapian::Query parsed = parser.parse_query(text, flags);
        if (error) throw QueryError(*error);
        return parsed;
    }

    std::optional<std::string> error;
    std::vector<std::unique_ptr<Filter>> filters;  // in the order of schema::k_filters
    Xapian::SimpleStopper stopper{std::begin(k_stopwords), std::end(k_stopwords)};
};

QueryBuilder::QueryBuilder(const Xapian::Database& db, const Vocabulary& vocabulary)
    : m_db(db), m_vocabulary(vocabulary), m_processors(std::make_unique<Processors>(vocabulary)) {
    m_parser.set_database(db);
    m_parser.set_stemmer(schema::stemmer());
    m_parser.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
    m_parser.set_stopper(&m_processors->stopper);
    m_parser.set_default_op(Xapian::Query::OP_OR);
    m_parser.set_max_expansion(k_max_wildcard_expansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
    for (const auto& field : schema::k_text_fields)
        if (field.query_prefix) m_parser.add_prefix(std::string(field.name), std::string(field.prefix));
    for (const auto& filter : m_processors->filters)
        m_parser.add_boolean_prefix(std::string(filter->field.name), filter.get());
}

QueryBuilder::~QueryBuilder() = default;

// The query decides what matches, its plain words anywhere in the text (as
// one term over every field); each of them, looked up again in every field,
// adds that field's weight.
Xapian::Query QueryBuilder::field_weighted(const Xapian::Query& query) const {
    m_words = m_words.empty() ? query : Xapian::Query(Xapian::Query::OP_OR, m_words, query);
    std::vector<Xapian::Query> boosts;
    std::set<std::string> stems;  // "scheduling" in a phrase and "Zschedul" are one word
    for (auto it = query.get_unique_terms_begin(); it != query.get_unique_terms_end(); ++it) {
        const std::string term = *it;
        if (!is_unprefixed(term)) continue;
        if (!stems.insert(schema::field_term(schema::k_text_fields[0], term)).second) continue;
        std::vector<Xapian::Query> best_of;
        for (const auto& field : schema::k_text_fields) {
            Xapian::Query boost(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(schema::field_term(field, term)),
                                field.weight);
            if (field.adds) boosts.push_back(std::move(boost));
            else best_of.push_back(std::move(boost));
        }
        boosts.emplace_back(Xapian::Query::OP_MAX, best_of.begin(), best_of.end());
    }
    if (boosts.empty()) return anywhere(m_db, query);
    return Xapian::Query(Xapian::Query::OP_AND_MAYBE,
                         Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, anywhere(m_db, query), schema::k_anywhere_weight),
                         Xapian::Query(Xapian::Query::OP_OR, boosts.begin(), boosts.end()));
}

// The words that say what this paper is about (search/likeness.hpp), OR-ed,
// without the paper itself.
Xapian::Query QueryBuilder::like_query(const std::string& id) const {
    const std::string id_term = std::string(schema::k_id) + id;
    auto posting = m_db.postlist_begin(id_term);
    if (posting == m_db.postlist_end(id_term)) throw QueryError("no paper with id '" + id + "'");
    const Xapian::Query like = like_documents({*posting});
    if (like.empty()) throw QueryError("paper '" + id + "' has no words to compare with");
    return Xapian::Query(Xapian::Query::OP_AND_NOT, like, Xapian::Query(id_term));
}

Xapian::Query QueryBuilder::related_query(const std::vector<Xapian::docid>& top, const Xapian::Query& found) const {
    const Xapian::Query like = like_documents(top);
    if (like.empty()) return like;
    Xapian::Query related(Xapian::Query::OP_AND_NOT, field_weighted(rarest_within(m_db, like, k_related_postings)), found);
    return m_filter.empty() ? related : Xapian::Query(Xapian::Query::OP_FILTER, related, m_filter);
}

Xapian::Query QueryBuilder::like_documents(const std::vector<Xapian::docid>& docs) const {
    std::vector<Xapian::Query> terms;
    for (const auto& [term, weight] : like_terms(m_db, docs, k_like_terms))
        terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), weight);
    // What the papers say they are about, their titles and categories, count
    // whatever the statistics of a few documents say: title stems are looked
    // for in titles, category stems in categories.
    for (const auto docid : docs) {
        const Xapian::Document doc = m_db.get_document(docid);
        for (const auto& [prefix, weight] : {std::pair<std::string_view, double>{"ZS", k_like_title_weight},
                                             {"ZXCAT", k_like_category_weight}})
            for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
                const std::string term = *t;
                if (term.rfind(prefix, 0) == 0 && term.size() > prefix.size() &&
                    std::islower(static_cast<unsigned char>(term[prefix.size()])))
                    terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), weight);
            }
    }
    if (terms.empty()) return {};
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// Papers matching every term rank above those matching some, and a title
// holding the query's words as a phrase above those: each adds a constant
// weight larger than any weight the words can give (a bound, plus one),
// so the ranks never mix, and BM25 orders papers within each.
//
// With `ranks_only` (sorting by year within the ranks) the words' own weight
// is dropped, so that a match weighs its rank alone and the matcher's
// relevance-then-year order is rank-then-year. `added` (`--like`'s query, or
// none) is AND-ed to the result by the caller: its weight adds to every match.
Xapian::Query QueryBuilder::with_ranks(const Xapian::Query& ranked, const Xapian::Query& parsed, const std::string& text,
                                       bool ranks_only, const Xapian::Query& added) {
    const Xapian::Query all = all_terms(parsed);
    Xapian::Query phrase;
    const std::vector<std::string> tokens = query_tokens(text);
    if (std::all_of(tokens.begin(), tokens.end(), is_plain_token)) {
        std::vector<Xapian::Query> title;
        for (const auto& token : tokens)
            for (const auto& word : words_of(token)) title.emplace_back(std::string(schema::k_text_fields[0].prefix) + word);
        if (title.size() >= 2) phrase = Xapian::Query(Xapian::Query::OP_PHRASE, title.begin(), title.end());
    }
    if (all.empty() && phrase.empty()) return ranked;
    // A bound on the words' weight from the query and the index's size alone,
    // not Xapian's (which comes from each database's own statistics, its
    // longest wdf and shortest document, so it differs between one database
    // and shards of it): ranks then add the same in every layout. Where the
    // query has a shape the bound does not know, the best weight a match
    // actually has, which weighs every match (a search as long again; Xapian
    // 1.4 may prune the best match of a top-1 search: seen over shards, 16.6
    // where it is 25.3). `--like`'s weights (the expansion terms' own) have
    // no bound of ours: with them, the constant is the best weight of the
    // words and the likeness together, searched.
    const bool with_added = !added.empty() && !ranks_only;  // sorted by year, `added` weighs nothing
    const double bound = with_added ? HUGE_VAL : weight_bound(ranked, term_weight_bound(m_db));
    if (std::isfinite(bound)) {
        m_rank_weight = bound + 1.0;
    } else {
        const Xapian::Query words = with_added ? Xapian::Query(Xapian::Query::OP_AND, ranked, added) : ranked;
        const Xapian::MSet top = enquire(m_db, words).get_mset(0, 1, m_db.get_doccount());
        m_rank_weight = (top.empty() ? 0.0 : top.begin().get_weight()) + 1.0;
    }
    m_ranks_all = !all.empty();
    m_ranks_phrase = !phrase.empty();
    std::vector<Xapian::Query> bonus;
    if (m_ranks_all) bonus.emplace_back(Xapian::Query::OP_FILTER, fixed_weight(m_rank_weight), all);
    if (m_ranks_phrase) bonus.emplace_back(Xapian::Query::OP_FILTER, fixed_weight(m_rank_weight), phrase);
    m_ranks_only = ranks_only;
    bonus.insert(bonus.begin(), ranks_only ? Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, ranked, 0.0) : ranked);
    return Xapian::Query(Xapian::Query::OP_OR, bonus.begin(), bonus.end());
}

Xapian::Query QueryBuilder::build(const SearchRequest& request) {
    Xapian::Query query;
    const std::string text = text::trim(request.query);
    Xapian::Query like;
    if (!request.like.empty()) like = field_weighted(like_query(request.like));
    if (!text.empty()) {
        check_size(text);
        check_balanced(text);
        check_fields(text, field_names());
        const unsigned flags = Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_WILDCARD |
                               Xapian::QueryParser::FLAG_PURE_NOT;
        Xapian::Query parsed;
        try {
            parsed = m_processors->parse(m_parser, apply_synonyms(m_db, only_excluded(text), m_synonyms), flags);
        } catch (const Xapian::QueryParserError& e) {
            throw QueryError("malformed query " + quoted(text) + ": " + e.get_msg());
        } catch (const Xapian::WildcardError& e) {
            throw QueryError("wildcard in " + quoted(text) + " matches too many words: " + e.get_msg());
        }
        m_corrected = correct_spelling(m_db, text);
        m_excludes = has_exclusion(parsed);
        query = field_weighted(parsed);
        if (!m_synonyms.empty()) {
            // The phrase's own words still count, for less: "pipelined" and
            // "parallel" apart say something about pipeline parallelism.
            std::string words;
            for (const auto& s : m_synonyms) words += s.phrase + " ";
            const Xapian::Query original = m_processors->parse(m_parser, words, Xapian::QueryParser::FLAG_DEFAULT);
            if (!original.empty())
                query = Xapian::Query(Xapian::Query::OP_OR, query,
                                      Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, field_weighted(original), k_phrase_words_weight));
        }
        query = with_ranks(query, parsed, text, request.sort != SortOrder::relevance, like);
    }
    if (!like.empty()) {
        if (m_ranks_only) like = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, like, 0.0);
        query = text.empty() ? like : Xapian::Query(Xapian::Query::OP_AND, query, like);
    }

    std::vector<Xapian::Query> facets;
    for (const auto& [name, values] : request.filters) {
        if (values.empty()) continue;
        const schema::FilterField& field = filter_field(name);
        std::vector<Xapian::Query> any;
        for (const auto& value : values) any.push_back(filter_query(field, m_vocabulary, value));
        facets.emplace_back(Xapian::Query::OP_OR, any.begin(), any.end());
    }
    if (facets.empty()) {
        if (text.empty() && request.like.empty())
            throw QueryError("empty query: give search words or a filter (" + filter_names() + ")");
        return query;
    }
    const Xapian::Query filter(Xapian::Query::OP_AND, facets.begin(), facets.end());
    m_filter = filter;
    if (query.empty()) return Xapian::Query(Xapian::Query::OP_FILTER, match_all(), filter);
    return Xapian::Query(Xapian::Query::OP_FILTER, query, filter);
}

} // namespace aisys::search

namespace aisys {

std::vector<FilterInfo> filters() {
    std::vector<FilterInfo> out;
    for (const auto& f : schema::k_filters) out.push_back({std::string(f.name), std::string(f.help), f.facet, f.numeric});
    return out;
}

std::vector<std::string> text_fields() {
    std::vector<std::string> out;
    for (const auto& f : schema::k_text_fields) out.emplace_back(f.name);
    return out;
}

std::vector<std::string> query_fields() {
    const auto& names = search::field_names();
    return {names.begin(), names.end()};
}

YearRange parse_year_range(const std::string& text_in) {
    const std::string t = text::trim(text_in);
    const auto dots = t.find("..");
    YearRange range;
    int year = 0;
    auto bad = [&] {
        return QueryError("bad year '" + text_in + "': use YYYY, YYYY..YYYY, YYYY.. or ..YYYY");
    };
    if (dots == std::string::npos) {
        if (!search::parse_year_value(t, year)) throw bad();
        range.from = range.to = year;
        return range;
    }
    const auto lo = t.substr(0, dots), hi = t.substr(dots + 2);
    if (lo.empty() && hi.empty()) throw bad();
    if (!lo.empty()) {
        if (!search::parse_year_value(lo, year)) throw bad();
        range.from = year;
    }
    if (!hi.empty()) {
        if (!search::parse_year_value(hi, year)) throw bad();
        range.to = year;
    }
    if (range.from && range.to && *range.from > *range.to)
        throw QueryError("bad year range '" + text_in + "': the first year is after the second");
    return range;
}

} // namespace aisys

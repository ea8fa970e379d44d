#include "search/anywhere.hpp"

#include "index/schema.hpp"

#include <aisys/search.hpp>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <string>
#include <vector>

namespace aisys::search {

namespace {

// The number after `op` in a windowed query's description: Xapian 1.4 has
// no accessor for the window ("(gpu@1 PHRASE 2 scheduling@2)").
Xapian::termcount window_of(const Xapian::Query& q, const char* op) {
    const std::string d = q.get_description();
    const std::string key = std::string(" ") + op + " ";
    const auto at = d.find(key);
    if (at == std::string::npos) return 0;
    return static_cast<Xapian::termcount>(std::strtoul(d.c_str() + at + key.size(), nullptr, 10));
}

// The pattern of a wildcard leaf, from its description ("WILDCARD SYNONYM sched").
std::string wildcard_pattern(const Xapian::Query& q) {
    const std::string d = q.get_description();
    const auto at = d.find("WILDCARD ");
    if (at == std::string::npos) return {};
    const auto combiner_end = d.find(' ', at + 9);
    if (combiner_end == std::string::npos) return {};
    auto end = d.find(')', combiner_end + 1);
    if (end == std::string::npos) end = d.size();
    return d.substr(combiner_end + 1, end - combiner_end - 1);
}

std::string leaf_term(const Xapian::Query& q) {
    auto t = q.get_terms_begin();
    return t == q.get_terms_end() ? std::string() : *t;
}

// The stem of an unprefixed query term as the whole text has it: "Zschedul"
// as it is, "GPU" -> "Zgpu".
std::string text_stem(const std::string& term) {
    thread_local const Xapian::Stem stem = schema::stemmer();
    return term[0] == 'Z' ? term : "Z" + stem(term);
}

// A phrase (or NEAR) of unprefixed words, as the same phrase in each field
// with positions; anything else in it leaves it as it is.
Xapian::Query positional_in_fields(const Xapian::Query& q, Xapian::Query::op op) {
    std::vector<std::string> words;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
        const Xapian::Query sub = q.get_subquery(i);
        const std::string term = sub.get_type() == Xapian::Query::LEAF_TERM ? leaf_term(sub) : std::string();
        if (!is_unprefixed(term) || term[0] == 'Z') return q;
        words.push_back(term);
    }
    const Xapian::termcount window = window_of(q, op == Xapian::Query::OP_PHRASE ? "PHRASE" : "NEAR");
    std::vector<Xapian::Query> fields;
    for (const auto& f : schema::k_text_fields) {
        if (!f.exact) continue;
        std::vector<Xapian::Query> terms;
        for (const auto& w : words) terms.emplace_back(std::string(f.prefix) + w);
        fields.emplace_back(op, terms.begin(), terms.end(), window);
    }
    return Xapian::Query(Xapian::Query::OP_OR, fields.begin(), fields.end());
}

// A wildcard on unprefixed words, expanded over the words of the fields that
// keep them as written, and over the text's stems (which begin as the words
// do: "sched*" finds "Zschedul" in READMEs).
Xapian::Query wildcard_in_fields(const Xapian::Query& q) {
    const std::string pattern = wildcard_pattern(q);
    if (pattern.empty() || !is_unprefixed(pattern) || pattern[0] == 'Z') return q;
    std::vector<Xapian::Query> fields;
    auto expand = [&](const std::string& start) {
        fields.emplace_back(Xapian::Query::OP_WILDCARD, start, k_max_wildcard_expansion,
                            Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT, Xapian::Query::OP_SYNONYM);
    };
    for (const auto& f : schema::k_text_fields)
        if (f.exact) expand(std::string(f.prefix) + pattern);
    expand("Z" + pattern);
    return Xapian::Query(Xapian::Query::OP_SYNONYM, fields.begin(), fields.end());
}

} // namespace

bool is_unprefixed(const std::string& term) {
    if (term.empty()) return false;
    const std::size_t at = term[0] == 'Z' ? 1 : 0;
    return at < term.size() && !std::isupper(static_cast<unsigned char>(term[at]));
}

Xapian::Query anywhere(const Xapian::Query& query) {
    switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: {
        const std::string term = leaf_term(query);
        return is_unprefixed(term) ? Xapian::Query(text_stem(term)) : query;
    }
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
        return positional_in_fields(query, query.get_type());
    case Xapian::Query::OP_WILDCARD:
        return wildcard_in_fields(query);
    // The operators without parameters, which the parser builds from the
    // query's syntax: rebuilt with their parts rewritten.
    case Xapian::Query::OP_AND:
    case Xapian::Query::OP_OR:
    case Xapian::Query::OP_AND_NOT:
    case Xapian::Query::OP_XOR:
    case Xapian::Query::OP_AND_MAYBE:
    case Xapian::Query::OP_FILTER:
    case Xapian::Query::OP_SYNONYM:
    case Xapian::Query::OP_MAX: {
        std::vector<Xapian::Query> parts;
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) parts.push_back(anywhere(query.get_subquery(i)));
        return Xapian::Query(query.get_type(), parts.begin(), parts.end());
    }
    default:  // filters' value ranges, match-all, posting sources: no words in them
        return query;
    }
}

Xapian::doccount anywhere_termfreq(const Xapian::Database& db, const std::string& term) {
    return db.get_termfreq(text_stem(term));
}

bool unknown_anywhere(const Xapian::Database& db, const std::string& word) {
    if (db.term_exists(text_stem(word))) return false;
    for (const auto& f : schema::k_text_fields)
        if (f.exact && db.term_exists(std::string(f.prefix) + word)) return false;
    return true;
}

} // namespace aisys::search

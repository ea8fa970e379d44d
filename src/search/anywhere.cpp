#include "search/anywhere.hpp"

#include "index/schema.hpp"

#include <aisys/search.hpp>

#include <algorithm>
#include <map>
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

// A wildcard, expanded here over the whole index (every
// shard at once), into the text's stems: those that begin with the pattern
// ("sched*": "Zschedul") and those of the written words that do, whose stems
// may not ("schedule*": "Sscheduler" -> "Zschedul"). Xapian 1.4 would expand
// it in each database and weigh the expansion as a synonym estimated there,
// so the same paper scored differently over shards; an OR of the stems it
// stands for, the k_max_wildcard_expansion commonest, scores alike in any
// layout. A field's wildcard (`title:sched*`) is its written words.
Xapian::Query wildcard_in_fields(const Xapian::Database& db, const Xapian::Query& q) {
    const std::string pattern = wildcard_pattern(q);
    if (pattern.empty() || pattern[0] == 'Z') return q;
    thread_local const Xapian::Stem stem = schema::stemmer();
    std::map<std::string, Xapian::doccount> stems;  // stem term -> how many papers have it
    auto add = [&](const std::string& term) {
        if (stems.count(term) == 0) stems.emplace(term, db.get_termfreq(term));
    };
    auto starting = [&](const std::string& start, auto&& each) {
        for (auto t = db.allterms_begin(start); t != db.allterms_end(start); ++t) each(*t, t.get_termfreq());
    };
    if (is_unprefixed(pattern)) {
        starting("Z" + pattern, [&](const std::string& term, Xapian::doccount n) { stems.emplace(term, n); });
        for (const auto& f : schema::k_text_fields)
            if (f.exact)
                starting(std::string(f.prefix) + pattern,
                         [&](const std::string& term, Xapian::doccount) { add("Z" + stem(term.substr(f.prefix.size()))); });
    } else {
        // `title:sched*`: the field's words as written ("Sscheduling"), or
        // its stems where it keeps no words (`readme:sched*`: "ZXRDschedul").
        const auto field = std::find_if(schema::k_text_fields.begin(), schema::k_text_fields.end(), [&](const auto& f) {
            return pattern.size() > f.prefix.size() && pattern.compare(0, f.prefix.size(), f.prefix) == 0 &&
                   !std::isupper(static_cast<unsigned char>(pattern[f.prefix.size()]));
        });
        if (field == schema::k_text_fields.end()) return q;
        starting((field->exact ? "" : "Z") + pattern, [&](const std::string& term, Xapian::doccount n) { stems.emplace(term, n); });
    }
    std::vector<std::pair<Xapian::doccount, std::string>> found;
    for (const auto& [term, freq] : stems)
        if (freq > 0) found.emplace_back(freq, term);
    if (found.size() > k_max_wildcard_expansion) {
        std::partial_sort(found.begin(), found.begin() + k_max_wildcard_expansion, found.end(),
                          [](const auto& a, const auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
        found.resize(k_max_wildcard_expansion);
    }
    if (found.empty()) return Xapian::Query();  // matches nothing (not the static MatchNothing: threads share it)
    std::vector<Xapian::Query> terms;
    for (const auto& [freq, term] : found) terms.emplace_back(term);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

} // namespace

bool is_unprefixed(const std::string& term) {
    if (term.empty()) return false;
    const std::size_t at = term[0] == 'Z' ? 1 : 0;
    return at < term.size() && !std::isupper(static_cast<unsigned char>(term[at]));
}

Xapian::Query anywhere(const Xapian::Database& db, const Xapian::Query& query) {
    switch (query.get_type()) {
    case Xapian::Query::LEAF_TERM: {
        const std::string term = leaf_term(query);
        return is_unprefixed(term) ? Xapian::Query(text_stem(term)) : query;
    }
    case Xapian::Query::OP_PHRASE:
    case Xapian::Query::OP_NEAR:
        return positional_in_fields(query, query.get_type());
    case Xapian::Query::OP_WILDCARD:
        return wildcard_in_fields(db, query);
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
        for (std::size_t i = 0; i < query.get_num_subqueries(); ++i) parts.push_back(anywhere(db, query.get_subquery(i)));
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

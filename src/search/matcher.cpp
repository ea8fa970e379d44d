#include "search/matcher.hpp"

#include "index/schema.hpp"

namespace aisys::search {

namespace {

// A term no document has (the term generator never writes a control
// character): an OR branch that matches nothing and weighs nothing, which
// Xapian's query optimiser does not fold away as it does MatchNothing.
const std::string k_no_term = "\x01";

} // namespace

Xapian::Query match_all() { return Xapian::Query(std::string()); }

Xapian::Query guarded(const Xapian::Query& query) {
    if (query.empty()) return query;
    return Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query(Xapian::Query::OP_OR, query, Xapian::Query(k_no_term)),
                         match_all());
}

Xapian::doccount check_at_least(const Xapian::Database& db, Xapian::doccount wanted) {
    return db.size() > 1 ? db.get_doccount() : wanted;
}

Xapian::Enquire enquire(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire e(db);
    e.set_query(guarded(query));
    e.set_weighting_scheme(schema::weighting());
    return e;
}

} // namespace aisys::search

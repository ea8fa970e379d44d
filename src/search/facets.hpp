#pragma once
// Facet counting over every match of a query.

#include <aisys/search.hpp>

#include <xapian.h>

#include <array>
#include <map>
#include <string>
#include <unordered_map>

namespace aisys::search {

/// Counts the venue, category and year values of the documents a match
/// sees. A slot may hold several values joined by schema::k_value_separator
/// (a paper listed under two categories counts once in each). Like
/// ValueCountMatchSpy, but multi-valued, three slots at once, and reading
/// each slot as a stream: the matcher visits documents in ascending order, so
/// a value iterator moved forward decodes each value chunk once, where
/// Document::get_value looks the chunk up and decodes it from its start for
/// every document (most of a faceted query's time before).
class FacetSpies : public Xapian::MatchSpy {
public:
    explicit FacetSpies(const Xapian::Database& db);

    void operator()(const Xapian::Document& doc, double weight) override;
    std::string name() const override { return "aisys::FacetSpies"; }

    void attach(Xapian::Enquire& enquire) { enquire.add_matchspy(this); }

    /// Documents seen.
    std::size_t seen() const { return m_seen; }

    /// Value as shown (years decoded) -> number of documents, per facet.
    Facets counts() const;

private:
    struct Slot {
        Xapian::valueno slot;
        bool year;
        Xapian::ValueIterator at;
        Xapian::docid last = 0;  // the last document asked for; 0 before the first
        // Raw values as stored, counted while matching; decoded and split
        // once at the end (a value is shared by many documents).
        std::unordered_map<std::string, std::size_t> raw;
    };
    std::map<std::string, std::size_t> counts(const Slot& slot) const;

    Xapian::Database m_db;
    std::size_t m_seen = 0;
    std::array<Slot, 3> m_slots;  // venue, category, year
};

} // namespace aisys::search

#pragma once
// Facet counting over every match of a query.

#include <aisys/search.hpp>

#include <xapian.h>

#include <map>
#include <unordered_map>
#include <string>

namespace aisys::search {

/// Counts the values of one slot over the documents it sees. A slot may hold
/// several values joined by schema::k_value_separator (a paper listed under
/// two categories counts once in each). Like ValueCountMatchSpy, but
/// multi-valued.
class FacetSpy : public Xapian::MatchSpy {
public:
    FacetSpy(Xapian::valueno slot, bool year) : m_slot(slot), m_year(year) {}

    void operator()(const Xapian::Document& doc, double weight) override;
    std::string name() const override { return "aisys::FacetSpy"; }

    /// Value as shown (years decoded) -> number of documents.
    std::map<std::string, std::size_t> counts() const;

    /// Documents seen.
    std::size_t seen() const { return m_seen; }

private:
    std::size_t m_seen = 0;
    Xapian::valueno m_slot;
    bool m_year;
    // Raw slot values as stored, counted while matching; decoded and split
    // once at the end (a value is shared by many documents).
    std::unordered_map<std::string, std::size_t> m_raw;
};

/// The three facet spies of a search, registered on an Enquire.
struct FacetSpies {
    FacetSpy venue;
    FacetSpy category;
    FacetSpy year;

    FacetSpies();
    void attach(Xapian::Enquire& enquire);
    std::size_t seen() const { return venue.seen(); }
    Facets counts() const;
};

} // namespace aisys::search

#pragma once
// Facet counting over every match of a query.

#include <aisys/search.hpp>

#include "index/schema.hpp"

#include <xapian.h>

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace aisys::search {

/// The facets' slots, in the order of schema::facets().
inline constexpr std::size_t k_facet_slots = schema::k_facet_count;

/// The facet values of every document of one open database, decoded once:
/// per slot, a number per document naming its raw value. Built by an Index
/// that answers more than one faceted query, so a process that asks once
/// never pays for reading every value.
struct FacetTable {
    struct Slot {
        std::vector<std::string> values{""};  // raw values as stored; 0 is "no value"
        std::vector<std::uint32_t> of;        // docid -> index into values
    };
    std::array<Slot, k_facet_slots> slots;

    static FacetTable read(const Xapian::Database& db);
};

/// Counts the venue, category and year values of the documents a match
/// sees. A slot may hold several values joined by schema::k_value_separator
/// (a paper listed under two categories counts once in each). Like
/// ValueCountMatchSpy, but multi-valued and three slots at once. Values come
/// from a FacetTable when there is one, else from each slot read as a
/// stream: the matcher visits documents in ascending order, so a value
/// iterator moved forward decodes each value chunk once, where
/// Document::get_value looks the chunk up and decodes it from its start for
/// every document.
///
/// With `remote` (shards: their documents give their number in their own
/// database, and xapian-tcpsrv runs only the spies Xapian itself knows how to
/// send) the counting is left to one Xapian::ValueCountMatchSpy a slot
/// instead, with the same counts.
class FacetSpies : public Xapian::MatchSpy {
public:
    FacetSpies(const Xapian::Database& db, const FacetTable* table, bool remote = false);

    void operator()(const Xapian::Document& doc, double weight) override;
    std::string name() const override { return "aisys::FacetSpies"; }

    void attach(Xapian::Enquire& enquire);

    /// Counts the matches of `query` (its first `check` at least) in a match
    /// of their own over `db`, sorted by relevance and asking for no page.
    ///
    /// Why: over remote shards a match sorted by value counts some documents
    /// twice. xapian-tcpsrv runs the spies on each server and the client
    /// merges their counts; the client's matcher then also calls the spies on
    /// every document a server sent for the page that sorts below the page's
    /// last one (Xapian 1.4.22 multimatch.cc, the branch for documents
    /// "sorting lower than min_item" skips the is_remote test the others make).
    /// A match for no page gets no documents from the servers, so each counts
    /// once. Throws Xapian::Error.
    void count_alone(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount check);

    /// Documents seen.
    std::size_t seen() const;

    /// Value as shown (years decoded) -> number of documents, per facet.
    Facets counts() const;

private:
    struct Stream {
        Xapian::ValueIterator at;
        Xapian::docid last = 0;  // the last document asked for; 0 before the first
        // Raw values as stored, counted while matching; decoded and split
        // once at the end (a value is shared by many documents).
        std::unordered_map<std::string, std::size_t> raw;
    };
    std::map<std::string, std::size_t> counts(std::size_t slot) const;

    Xapian::Database m_db;
    const FacetTable* m_table;
    std::size_t m_seen = 0;
    std::array<Stream, k_facet_slots> m_streams;                   // without a table
    std::array<std::vector<std::size_t>, k_facet_slots> m_counted;  // with one: per value index
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> m_remote;             // remote: Xapian's, one a slot
};

} // namespace aisys::search

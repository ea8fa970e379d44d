#include "search/facets.hpp"

#include "index/schema.hpp"
#include "search/matcher.hpp"

#include <cmath>
#include <string_view>

namespace aisys::search {

namespace {

// The facets, in the order of FacetTable::slots.
const std::array<const schema::FilterField*, k_facet_slots> k_facets = schema::facets();

} // namespace

FacetTable FacetTable::read(const Xapian::Database& db) {
    FacetTable table;
    const Xapian::docid last = db.get_lastdocid();
    for (std::size_t s = 0; s < k_facet_slots; ++s) {
        Slot& slot = table.slots[s];
        slot.of.assign(static_cast<std::size_t>(last) + 1, 0);
        std::unordered_map<std::string, std::uint32_t> index;
        const Xapian::valueno number = k_facets[s]->slot;
        for (auto it = db.valuestream_begin(number); it != db.valuestream_end(number); ++it) {
            const Xapian::docid id = it.get_docid();
            if (id > last) break;  // past the last document: never in a whole database
            std::string value = *it;
            if (value.empty()) continue;
            auto [at, added] = index.try_emplace(value, static_cast<std::uint32_t>(slot.values.size()));
            if (added) slot.values.push_back(std::move(value));
            slot.of[id] = at->second;
        }
    }
    return table;
}

FacetSpies::FacetSpies(const Xapian::Database& db, const FacetTable* table, bool remote) : m_db(db), m_table(table) {
    if (remote) {
        m_table = nullptr;
        for (std::size_t s = 0; s < k_facet_slots; ++s) m_remote.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(k_facets[s]->slot));
        return;
    }
    if (m_table)
        for (std::size_t s = 0; s < k_facet_slots; ++s) m_counted[s].assign(m_table->slots[s].values.size(), 0);
}

void FacetSpies::attach(Xapian::Enquire& enquire) {
    if (m_remote.empty()) enquire.add_matchspy(this);
    for (auto& spy : m_remote) enquire.add_matchspy(spy.get());
}

void FacetSpies::count_alone(const Xapian::Database& db, const Xapian::Query& query, Xapian::doccount check) {
    Xapian::Enquire enquire = search::enquire(db, query);
    attach(enquire);
    (void)enquire.get_mset(0, 0, check);
}

std::size_t FacetSpies::seen() const { return m_remote.empty() ? m_seen : m_remote[0]->get_total(); }

void FacetSpies::operator()(const Xapian::Document& doc, double) {
    ++m_seen;
    const Xapian::docid id = doc.get_docid();
    if (m_table) {
        for (std::size_t s = 0; s < k_facet_slots; ++s)
            if (id < m_table->slots[s].of.size()) ++m_counted[s][m_table->slots[s].of[id]];
        return;
    }
    for (std::size_t s = 0; s < k_facet_slots; ++s) {
        Stream& stream = m_streams[s];
        const Xapian::valueno number = k_facets[s]->slot;
        const Xapian::ValueIterator end = m_db.valuestream_end(number);
        // A document before the last one (no matcher of ours does that) starts the stream anew.
        if (stream.last == 0 || id < stream.last) stream.at = m_db.valuestream_begin(number);
        stream.last = id;
        if (stream.at == end) continue;
        if (stream.at.get_docid() < id) stream.at.skip_to(id);
        if (stream.at != end && stream.at.get_docid() == id)
            if (std::string value = *stream.at; !value.empty()) ++stream.raw[std::move(value)];
    }
}

std::map<std::string, std::size_t> FacetSpies::counts(std::size_t slot) const {
    std::map<std::string, std::size_t> counts;
    auto add = [&](const std::string& value, std::size_t n) {
        if (value.empty() || n == 0) return;
        if (k_facets[slot]->numeric) {
            counts[std::to_string(static_cast<int>(std::lround(Xapian::sortable_unserialise(value))))] += n;
            return;
        }
        std::size_t start = 0;
        while (start <= value.size()) {
            auto end = value.find(schema::k_value_separator, start);
            if (end == std::string::npos) end = value.size();
            if (end > start) counts[value.substr(start, end - start)] += n;
            start = end + 1;
        }
    };
    if (!m_remote.empty())
        for (auto it = m_remote[slot]->values_begin(); it != m_remote[slot]->values_end(); ++it) add(*it, it.get_termfreq());
    else if (m_table)
        for (std::size_t v = 0; v < m_counted[slot].size(); ++v) add(m_table->slots[slot].values[v], m_counted[slot][v]);
    else
        for (const auto& [value, n] : m_streams[slot].raw) add(value, n);
    return counts;
}

Facets FacetSpies::counts() const {
    Facets facets;
    for (std::size_t s = 0; s < k_facet_slots; ++s) facets[std::string(k_facets[s]->name)] = counts(s);
    return facets;
}

} // namespace aisys::search

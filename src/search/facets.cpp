#include "search/facets.hpp"

#include "index/schema.hpp"

#include <cmath>

namespace aisys::search {

FacetSpies::FacetSpies(const Xapian::Database& db)
    : m_db(db),
      m_slots{Slot{schema::k_slot_venue, false, {}, 0, {}}, Slot{schema::k_slot_category, false, {}, 0, {}},
              Slot{schema::k_slot_year, true, {}, 0, {}}} {}

void FacetSpies::operator()(const Xapian::Document& doc, double) {
    ++m_seen;
    const Xapian::docid id = doc.get_docid();
    for (Slot& s : m_slots) {
        // A document before the last one (no matcher of ours does that) starts the stream anew.
        if (s.last == 0 || id < s.last) s.at = m_db.valuestream_begin(s.slot);
        s.last = id;
        if (s.at == m_db.valuestream_end(s.slot)) continue;
        if (s.at.get_docid() < id) s.at.skip_to(id);
        if (s.at != m_db.valuestream_end(s.slot) && s.at.get_docid() == id)
            if (std::string value = *s.at; !value.empty()) ++s.raw[std::move(value)];
    }
}

std::map<std::string, std::size_t> FacetSpies::counts(const Slot& slot) const {
    std::map<std::string, std::size_t> counts;
    for (const auto& [value, n] : slot.raw) {
        if (slot.year) {
            counts[std::to_string(static_cast<int>(std::lround(Xapian::sortable_unserialise(value))))] += n;
            continue;
        }
        std::size_t start = 0;
        while (start <= value.size()) {
            auto end = value.find(schema::k_value_separator, start);
            if (end == std::string::npos) end = value.size();
            if (end > start) counts[value.substr(start, end - start)] += n;
            start = end + 1;
        }
    }
    return counts;
}

Facets FacetSpies::counts() const {
    return {{"venue", counts(m_slots[0])}, {"category", counts(m_slots[1])}, {"year", counts(m_slots[2])}};
}

} // namespace aisys::search

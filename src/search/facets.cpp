#include "search/facets.hpp"

#include "index/schema.hpp"

#include <cmath>

namespace aisys::search {

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    ++m_seen;
    const std::string value = doc.get_value(m_slot);
    if (value.empty()) return;
    if (m_year) {
        ++m_counts[std::to_string(static_cast<int>(std::lround(Xapian::sortable_unserialise(value))))];
        return;
    }
    std::size_t start = 0;
    while (start <= value.size()) {
        auto end = value.find(schema::k_value_separator, start);
        if (end == std::string::npos) end = value.size();
        if (end > start) ++m_counts[value.substr(start, end - start)];
        start = end + 1;
    }
}

FacetSpies::FacetSpies()
    : venue(schema::k_slot_venue, false), category(schema::k_slot_category, false), year(schema::k_slot_year, true) {}

void FacetSpies::attach(Xapian::Enquire& enquire) {
    enquire.add_matchspy(&venue);
    enquire.add_matchspy(&category);
    enquire.add_matchspy(&year);
}

Facets FacetSpies::counts() const {
    return {{"venue", venue.counts()}, {"category", category.counts()}, {"year", year.counts()}};
}

} // namespace aisys::search

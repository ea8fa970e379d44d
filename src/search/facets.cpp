#include "search/facets.hpp"

#include "index/schema.hpp"

#include <cmath>

namespace aisys::search {

void FacetSpy::operator()(const Xapian::Document& doc, double) {
    ++m_seen;
    if (std::string value = doc.get_value(m_slot); !value.empty()) ++m_raw[std::move(value)];
}

std::map<std::string, std::size_t> FacetSpy::counts() const {
    std::map<std::string, std::size_t> counts;
    for (const auto& [value, n] : m_raw) {
        if (m_year) {
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

#pragma once
// The venue table (index/venues.tsv) and the normaliser that turns the venue
// text of a list entry ("NSDI'23", "arXiv preprint arXiv:2103.13262") into a
// canonical venue, a year and an arXiv id.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aisys {

struct Venue {
    std::string name;                  ///< canonical short name, e.g. "OSDI"
    std::string full_name;             ///< e.g. "USENIX Symposium on Operating Systems Design and Implementation"
    std::string kind;                  ///< "conference", "journal" or "preprint"
    std::vector<std::string> aliases;  ///< lower-case spellings that mean this venue
};

/// What normalise() made of a venue string.
struct VenueInfo {
    std::string venue;        ///< canonical name, or the cleaned text as written when unknown, or ""
    std::string kind;         ///< the venue's kind, "" when unknown
    bool known = false;       ///< resolved through the table
    std::optional<int> year;  ///< from 'YY, YYYY or the arXiv id
    std::string arxiv_id;     ///< "2103.13262" (version suffix dropped), or ""
};

/// The table of known venues. Immutable after loading; safe to share across threads.
class VenueTable {
public:
    /// Parses the TSV text: canonical, full name, kind, comma-separated aliases;
    /// '#' comments and blank lines ignored. Throws aisys::Error on a malformed row.
    static VenueTable parse(std::string_view tsv);

    /// Loads the table from a file. Throws aisys::Error when unreadable or malformed.
    static VenueTable load(const std::string& path);

    /// The venue whose canonical name or alias equals `name`, case-insensitively.
    const Venue* find(std::string_view name) const;

    /// Normalises the free text that follows a paper's link in a list.
    VenueInfo normalise(std::string_view text) const;

    const std::vector<Venue>& venues() const { return m_venues; }

private:
    std::vector<Venue> m_venues;
};

} // namespace aisys

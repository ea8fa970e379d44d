#pragma once
// The venue table (index/venues.tsv) and the normaliser that turns the venue
// text of a list entry ("NSDI'23", "arXiv preprint arXiv:2103.13262") into a
// canonical venue, a year and an arXiv id.

#include <array>
#include <cstddef>
#include <cstdint>
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
    std::string kind;         ///< the venue's kind ("workshop" for a workshop held with a known conference), "" when unknown
    bool known = false;       ///< resolved through the table
    std::optional<int> year;  ///< from 'YY, YYYY or the arXiv id
    std::string arxiv_id;     ///< "2103.13262" (version suffix dropped), or ""
};

/// A venue mentioned inside free text (a citation, a list entry), found by VenueTable::find_in.
struct VenueMatch {
    std::string venue;        ///< canonical name, e.g. "NSDI"
    std::string kind;         ///< the venue's kind from the table
    std::optional<int> year;  ///< the year written next to the name ("NSDI 17" -> 2017)
    std::size_t begin = 0;    ///< byte range of the name and its year in the text
    std::size_t end = 0;
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

    /// The first mention of a known venue in free text, with the year written right after it
    /// ("NSDI 17", "OSDI'22", "MLSys2024", "ICML-2024") or right before it ("2023 OSDI").
    /// With require_year (the default) a name without an adjacent year is skipped; without it
    /// the first name is returned, year or not. Names match as whole words only; see venue.cpp
    /// for the case rules.
    std::optional<VenueMatch> find_in(std::string_view text, bool require_year = true) const;

    const std::vector<Venue>& venues() const { return m_venues; }

private:
    /// One spelling find_in looks for: a canonical name or an alias.
    struct Pattern {
        std::string text;     ///< as written in the table (aliases are lower-case)
        std::size_t venue;    ///< index into m_venues
        bool exact_case;      ///< must appear exactly as written (e.g. "SC", "FAST", "Middleware")
    };
    void build_patterns();

    std::vector<Venue> m_venues;
    std::vector<Pattern> m_patterns;                          ///< longest first
    std::array<std::vector<std::uint32_t>, 256> m_by_first{};  ///< pattern indexes by lower-cased first byte
};

} // namespace aisys

#include <aisys/error.hpp>
#include <aisys/text.hpp>
#include <aisys/venue.hpp>

#include "util/file.hpp"
#include "util/tsv.hpp"

#include <algorithm>
#include <regex>
#include <sstream>

namespace aisys {

namespace {

// Punctuation that surrounds venue text in real lists: "(OSDI'20)", "- arXiv", "NSDI'23,".
std::string strip_punctuation(std::string_view s) {
    const std::string_view junk = " \t()[],;:-|.*_";
    std::size_t b = 0, e = s.size();
    while (b < e && junk.find(s[b]) != std::string_view::npos) ++b;
    while (e > b && junk.find(s[e - 1]) != std::string_view::npos) --e;
    return std::string(s.substr(b, e - b));
}

int expand_two_digit_year(int yy) { return yy <= 69 ? 2000 + yy : 1900 + yy; }

// "Dec", "Nov.", "July", "13": what is left of a publication date once its year is read.
bool is_date_word(const std::string& word) {
    if (!word.empty() && word.size() <= 2 && std::all_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return true;
    static const std::regex month(
        R"((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|september|october|november|december)\.?)",
        std::regex::icase);
    return std::regex_match(word, month);
}

} // namespace

VenueTable VenueTable::parse(std::string_view tsv) {
    VenueTable table;
    for_each_tsv_row(tsv, [&](int number, const std::vector<std::string>& cols) {
        if (cols.size() < 3 || text::trim(cols[0]).empty())
            throw Error("venue table line " + std::to_string(number) +
                        ": expected name, full name, kind and aliases separated by tabs");
        Venue venue{text::trim(cols[0]), text::trim(cols[1]), text::trim(cols[2]), {}};
        if (venue.kind != "conference" && venue.kind != "journal" && venue.kind != "preprint")
            throw Error("venue table line " + std::to_string(number) + ": unknown kind '" + venue.kind + "'");
        venue.aliases.push_back(text::to_lower(venue.name));
        if (cols.size() > 3)
            for (const auto& alias : split(cols[3], ','))
                if (auto a = text::to_lower(text::collapse_whitespace(alias)); !a.empty()) venue.aliases.push_back(a);
        table.m_venues.push_back(std::move(venue));
    });
    return table;
}

VenueTable VenueTable::load(const std::string& path) { return parse(read_file(path, 1u << 20)); }

const Venue* VenueTable::find(std::string_view name) const {
    const auto key = text::to_lower(text::collapse_whitespace(name));
    for (const auto& venue : m_venues)
        for (const auto& alias : venue.aliases)
            if (alias == key) return &venue;
    return nullptr;
}

VenueInfo VenueTable::normalise(std::string_view raw) const {
    VenueInfo info;
    std::string t = strip_punctuation(text::collapse_whitespace(text::strip_bibtex_braces(raw)));
    if (t.empty()) return info;
    const std::string as_written = t;

    // An arXiv identifier ("arXiv:2103.13262", "2103.13262v2") gives the id
    // and, from its YYMM, the year.
    static const std::regex arxiv_id(R"((?:arxiv\s*:?\s*)?\b(\d{2})(\d{2})\.(\d{4,5})(?:v\d+)?\b)", std::regex::icase);
    std::smatch m;
    if (std::regex_search(t, m, arxiv_id)) {
        info.arxiv_id = m[1].str() + m[2].str() + "." + m[3].str();
        info.year = 2000 + std::stoi(m[1].str());
        t = text::collapse_whitespace(m.prefix().str() + " " + m.suffix().str());
        if (strip_punctuation(t).empty()) t = "arXiv";
    }

    // The year: 'YY (any apostrophe), a four-digit year, or a bare YY after the name.
    static const std::regex quoted_year(R"((?:'|’|‘|`)\s*(\d{2}|\d{4})\b)");
    static const std::regex full_year(R"(\b((?:19|20)\d{2})\b)");
    static const std::regex bare_year(R"(^([A-Za-z][A-Za-z-]*)\s+(\d{2})\b)");
    if (std::regex_search(t, m, quoted_year)) {
        const int y = std::stoi(m[1].str());
        if (!info.year) info.year = m[1].length() == 2 ? expand_two_digit_year(y) : y;
        t = m.prefix().str() + " " + m.suffix().str();
    } else if (std::regex_search(t, m, full_year)) {
        if (!info.year) info.year = std::stoi(m[1].str());
        t = m.prefix().str() + " " + m.suffix().str();
    } else if (std::regex_search(t, m, bare_year)) {
        if (!info.year) info.year = expand_two_digit_year(std::stoi(m[2].str()));
        t = m[1].str() + " " + m.suffix().str();
    }

    // The name: the longest run of leading words that the table knows.
    std::vector<std::string> words;
    {
        std::istringstream in(text::collapse_whitespace(t));
        std::string w;
        while (in >> w)
            if (auto p = strip_punctuation(w); !p.empty()) words.push_back(p);
    }
    for (std::size_t n = words.size(); n > 0; --n) {
        std::string candidate;
        for (std::size_t k = 0; k < n; ++k) candidate += (k ? " " : "") + words[k];
        if (const Venue* v = find(candidate)) {
            info.venue = v->name;
            info.kind = v->kind;
            info.known = true;
            return info;
        }
    }
    // A date alone ("Dec,2023", "Nov. 2024", "July'24") gives the year but names no venue.
    if (info.year && !words.empty() && std::all_of(words.begin(), words.end(), is_date_word)) return info;
    info.venue = as_written;
    return info;
}

} // namespace aisys

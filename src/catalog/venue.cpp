#include <aisys/error.hpp>
#include <aisys/text.hpp>
#include <aisys/venue.hpp>

#include "util/file.hpp"
#include "util/tsv.hpp"

#include <algorithm>
#include <cctype>
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


// ---------------------------------------------------------------------------
// Finding venues in free text (find_in) and the harder spellings of normalise.
//
// Rules. find_in looks, at every word start of the text, for the table's
// spellings, longest first: each canonical name and each alias. A spelling
// matches only as a whole word: the byte before it must not be a letter,
// digit, '_' or '-', and the byte after it must not be a letter, digit or
// '_', nor a '-' followed by a letter ("CC-BY" is not CC). Aliases are
// lower-case in the table and match in any case ("usenix atc", "nips",
// "advances in neural information processing systems"). A canonical name
// that mixes cases inside the word (EuroSys, MLSys, NeurIPS, PPoPP, arXiv)
// also matches in any case, and so does one of four or more capitals (OSDI,
// SOSP, ASPLOS: "sosp2019") unless its lower-case form is an ordinary word
// (FAST, DATE, MICRO, TACO). Every other canonical name (up to three capitals
// such as SC, CC, TC, ATC, WWW, those four, or a capitalised word such as
// Middleware) matches only exactly as written, so ordinary words ("fast",
// "date", "micro", "Scaling", "cc") never match. The year is read right after the
// name: glued ("SOSP2019", "MLSys2024", "NIPS18"), after an apostrophe
// ("OSDI'20", "OSDI’20", "SOSP '19"), after spaces ("NSDI 17", "SC 22",
// "ICML 2024") or after ", " / "-" for four digits ("ICML-2024"); else a
// four-digit year right before the name ("2023 OSDI"). Two-digit years
// become 20YY up to 69 and 19YY above. Digits followed by a letter, a digit,
// '%' or ".digit" are no year. With require_year a name without a year is
// passed over; "Llama 2" and "GPT-4" are no venues because they are not in
// the table. normalise uses find_in as a fallback when the venue text does
// not start with a known name ("In 20th USENIX Symposium ... (NSDI 23)",
// "Proceedings of the 29th Symposium on Operating Systems Principles"), and
// splits a glued year off a known name before reading the year. A workshop
// held with a known conference ("ICLR 2024 Workshop on ...", "MLSys
// workshop") normalises to the host venue with kind "workshop"; venues whose
// full name is itself a workshop (HotOS, EuroMLSys, ...) keep their kind.
// "Findings" ("ACL 2024 Findings", "Findings of EMNLP") resolves to the
// conference itself.
// ---------------------------------------------------------------------------

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c == '_'; }
bool is_digit(unsigned char c) { return c >= '0' && c <= '9'; }
bool is_alpha(unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
unsigned char lower(unsigned char c) { return (c >= 'A' && c <= 'Z') ? static_cast<unsigned char>(c - 'A' + 'a') : c; }

// End of `pattern` matched at text[i], or npos. A space in the pattern matches a run of whitespace.
std::size_t match_at(std::string_view text, std::size_t i, const std::string& pattern, bool exact) {
    std::size_t j = i;
    for (std::size_t k = 0; k < pattern.size(); ++k) {
        const unsigned char pc = static_cast<unsigned char>(pattern[k]);
        if (pc == ' ') {
            if (j >= text.size() || !is_space(static_cast<unsigned char>(text[j]))) return std::string_view::npos;
            while (j < text.size() && is_space(static_cast<unsigned char>(text[j]))) ++j;
            continue;
        }
        if (j >= text.size()) return std::string_view::npos;
        const unsigned char tc = static_cast<unsigned char>(text[j]);
        if (exact ? tc != pc : lower(tc) != pc) return std::string_view::npos;
        ++j;
    }
    return j;
}

// The digits run at text[i..): its year when it is one (2 digits, or 4 digits 19xx/20xx)
// and ends a word. `allow_two` says whether a two-digit year is acceptable here.
std::optional<int> year_at(std::string_view text, std::size_t i, bool allow_two, std::size_t& end) {
    std::size_t k = i;
    while (k < text.size() && is_digit(static_cast<unsigned char>(text[k]))) ++k;
    const std::size_t len = k - i;
    if (len != 2 && len != 4) return std::nullopt;
    if (k < text.size()) {
        const unsigned char c = static_cast<unsigned char>(text[k]);
        if (is_word_byte(c) || c == '%') return std::nullopt;
        if ((c == '.' || c == ',') && k + 1 < text.size() && is_digit(static_cast<unsigned char>(text[k + 1]))) return std::nullopt;
    }
    const int v = std::stoi(std::string(text.substr(i, len)));
    end = k;
    if (len == 4) {
        if (v < 1900 || v > 2099) return std::nullopt;
        return v;
    }
    if (!allow_two) return std::nullopt;
    return expand_two_digit_year(v);
}

// A quote mark at text[i] ("'", "`", or UTF-8 ‘ ’ ′): its length, or 0.
std::size_t quote_at(std::string_view text, std::size_t i) {
    if (i >= text.size()) return 0;
    if (text[i] == '\'' || text[i] == '`') return 1;
    if (text.substr(i, 3) == "\xE2\x80\x99" || text.substr(i, 3) == "\xE2\x80\x98" || text.substr(i, 3) == "\xE2\x80\xB2") return 3;
    return 0;
}

// The year written right after a venue name ending at text[e], and where it ends.
std::optional<int> year_after(std::string_view text, std::size_t e, std::size_t& end) {
    if (e < text.size() && is_digit(static_cast<unsigned char>(text[e]))) return year_at(text, e, true, end);  // glued
    std::size_t j = e;
    bool spaced = false;
    while (j < text.size() && is_space(static_cast<unsigned char>(text[j]))) ++j, spaced = true;
    if (const std::size_t q = quote_at(text, j)) {
        j += q;
        while (j < text.size() && is_space(static_cast<unsigned char>(text[j]))) ++j;
        return year_at(text, j, true, end);
    }
    if (spaced && j < text.size() && is_digit(static_cast<unsigned char>(text[j]))) return year_at(text, j, true, end);
    // "ICML-2024", "ASPLOS, 2023": four digits only.
    std::size_t k = e;
    bool punct = false;
    while (k < text.size() && (text[k] == ',' || text[k] == '-' || is_space(static_cast<unsigned char>(text[k]))))
        punct = punct || text[k] != ' ', ++k;
    if (punct && k - e <= 3) return year_at(text, k, false, end);
    return std::nullopt;
}

// A four-digit year written right before a venue name starting at text[b], and where it begins.
std::optional<int> year_before(std::string_view text, std::size_t b, std::size_t& begin) {
    std::size_t j = b;
    while (j > 0 && is_space(static_cast<unsigned char>(text[j - 1]))) --j;
    if (j == b || j < 4) return std::nullopt;
    const std::size_t s = j - 4;
    for (std::size_t k = s; k < j; ++k)
        if (!is_digit(static_cast<unsigned char>(text[k]))) return std::nullopt;
    if (s > 0 && is_word_byte(static_cast<unsigned char>(text[s - 1]))) return std::nullopt;
    std::size_t end = 0;
    auto y = year_at(text, s, false, end);
    if (y) begin = s;
    return y;
}

// Whether the text holds the word "workshop", in any case.
bool mentions_workshop(std::string_view text) {
    const std::string lowered = text::to_lower(std::string(text));
    for (std::size_t p = lowered.find("workshop"); p != std::string::npos; p = lowered.find("workshop", p + 1)) {
        const bool start_ok = p == 0 || !is_alpha(static_cast<unsigned char>(lowered[p - 1]));
        const std::size_t e = p + 8;
        const bool end_ok = e >= lowered.size() || !is_alpha(static_cast<unsigned char>(lowered[e])) || lowered[e] == 's';
        if (start_ok && end_ok) return true;
    }
    return false;
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
    table.build_patterns();
    return table;
}

void VenueTable::build_patterns() {
    m_patterns.clear();
    for (auto& bucket : m_by_first) bucket.clear();
    for (std::size_t v = 0; v < m_venues.size(); ++v) {
        const Venue& venue = m_venues[v];
        // A name that mixes cases inside the word (EuroSys, arXiv) may be written in any case;
        // all capitals (SC, FAST) or a capitalised word (Middleware) only as in the table.
        bool inner_upper = false, any_lower = false;
        for (std::size_t k = 0; k < venue.name.size(); ++k) {
            const unsigned char c = static_cast<unsigned char>(venue.name[k]);
            if (k > 0 && c >= 'A' && c <= 'Z') inner_upper = true;
            if (c >= 'a' && c <= 'z') any_lower = true;
        }
        static const std::vector<std::string> word_names = {"FAST", "DATE", "MICRO", "TACO"};
        const bool long_capitals = !any_lower && venue.name.size() >= 4 &&
                                   std::find(word_names.begin(), word_names.end(), venue.name) == word_names.end();
        const bool name_any_case = (inner_upper && any_lower) || long_capitals;
        const std::string collapsed_name = text::collapse_whitespace(venue.name);
        m_patterns.push_back({name_any_case ? text::to_lower(collapsed_name) : collapsed_name, v, !name_any_case});
        for (std::size_t a = 1; a < venue.aliases.size(); ++a)  // aliases[0] is the lower-cased name
            if (venue.aliases[a] != text::to_lower(collapsed_name)) m_patterns.push_back({venue.aliases[a], v, false});
    }
    std::stable_sort(m_patterns.begin(), m_patterns.end(),
                     [](const Pattern& a, const Pattern& b) { return a.text.size() > b.text.size(); });
    for (std::size_t p = 0; p < m_patterns.size(); ++p)
        if (!m_patterns[p].text.empty())
            m_by_first[lower(static_cast<unsigned char>(m_patterns[p].text[0]))].push_back(static_cast<std::uint32_t>(p));
}

std::optional<VenueMatch> VenueTable::find_in(std::string_view text, bool require_year) const {
    for (std::size_t i = 0; i < text.size(); ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (!is_word_byte(c)) continue;
        if (i > 0) {
            const unsigned char prev = static_cast<unsigned char>(text[i - 1]);
            if (is_word_byte(prev) || prev == '-') continue;
        }
        for (const std::uint32_t p : m_by_first[lower(c)]) {
            const Pattern& pattern = m_patterns[p];
            const std::size_t e = match_at(text, i, pattern.text, pattern.exact_case);
            if (e == std::string_view::npos) continue;
            // Whole word: no letter, '_' or "-letter" after it; digits only as a glued year.
            if (e < text.size()) {
                const unsigned char next = static_cast<unsigned char>(text[e]);
                if (is_alpha(next) || next == '_') continue;
                if (next == '-' && e + 1 < text.size() && is_alpha(static_cast<unsigned char>(text[e + 1]))) continue;
            }
            std::size_t year_end = e, year_begin = i;
            std::optional<int> year = year_after(text, e, year_end);
            if (!year) year_end = e;
            if (!year) year = year_before(text, i, year_begin);
            const bool glued_digits = e < text.size() && is_digit(static_cast<unsigned char>(text[e]));
            if (glued_digits && year_end == e) continue;  // "CC2", "SC123": not a name
            if (require_year && !year) continue;
            const Venue& venue = m_venues[pattern.venue];
            return VenueMatch{venue.name, venue.kind, year, std::min(i, year_begin), std::max(e, year_end)};
        }
    }
    return std::nullopt;
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
    // "MLSys2024" -> "MLSys 2024" when the letters are a known name.
    auto split_glued_years = [this](const std::string& in) {
        std::string out;
        std::size_t i = 0;
        while (i < in.size()) {
            const unsigned char c = static_cast<unsigned char>(in[i]);
            if (!is_alpha(c) || (i > 0 && is_word_byte(static_cast<unsigned char>(in[i - 1])))) {
                out += in[i++];
                continue;
            }
            std::size_t e = i;
            while (e < in.size() && is_alpha(static_cast<unsigned char>(in[e]))) ++e;
            std::size_t k = e;
            while (k < in.size() && is_digit(static_cast<unsigned char>(in[k]))) ++k;
            out.append(in, i, e - i);
            if ((k - e == 2 || k - e == 4) && (k == in.size() || !is_word_byte(static_cast<unsigned char>(in[k]))) &&
                find(std::string_view(in).substr(i, e - i)) != nullptr)
                out += ' ';
            i = e;
        }
        return out;
    };
    // A workshop held with a conference takes kind "workshop"; a venue that is itself a workshop keeps its kind.
    auto workshop_kind = [](const Venue& v, const std::string& text) {
        if (v.kind == "conference" && mentions_workshop(text) && !mentions_workshop(v.full_name)) return std::string("workshop");
        return v.kind;
    };
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

    // A year glued to a known name ("SOSP2019", "MLSys2024", "NIPS18") is split off it.
    t = split_glued_years(t);

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
            info.kind = workshop_kind(*v, as_written);
            info.known = true;
            return info;
        }
    }
    // A known name later in the text: "In 20th USENIX Symposium on ... (NSDI 23)",
    // "Proceedings of the 29th Symposium on Operating Systems Principles".
    auto found = find_in(as_written, true);
    if (!found) found = find_in(as_written, false);
    if (found) {
        const Venue* v = find(found->venue);
        info.venue = found->venue;
        info.kind = v ? workshop_kind(*v, as_written) : found->kind;
        info.known = true;
        if (!info.year) info.year = found->year;
        return info;
    }
    // A date alone ("Dec,2023", "Nov. 2024", "July'24") gives the year but names no venue.
    if (info.year && !words.empty() && std::all_of(words.begin(), words.end(), is_date_word)) return info;
    info.venue = as_written;
    return info;
}

} // namespace aisys

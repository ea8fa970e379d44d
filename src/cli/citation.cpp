#include "cli/citation.hpp"

#include <aisys/text.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace aisys::cli {

namespace {

using nlohmann::json;

// Title words that say nothing about the paper.
constexpr std::array<std::string_view, 32> k_stop_words = {
    "a",    "an",   "the",  "of",    "on",     "in",  "for",  "to",    "and",  "with", "towards",
    "toward", "via", "at",  "by",    "from",   "is",  "are",  "do",    "does", "how",  "what",
    "when", "why",  "your", "our",   "we",     "into", "using", "over", "under", "or"};

// A word a key skips: a stop word, or a number ("100% Faster" keys on "faster").
bool is_stop_word(const std::string& w) {
    if (std::all_of(w.begin(), w.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)); })) return true;
    for (const auto s : k_stop_words)
        if (w == s) return true;
    return false;
}

// U+00C0..U+00FF spelled in ASCII ("é" -> "e", "ß" -> "ss"); "" for × and ÷.
constexpr std::array<std::string_view, 64> k_latin1 = {
    "A", "A", "A", "A", "A", "A", "AE", "C", "E", "E", "E", "E", "I", "I", "I",  "I", "D", "N", "O", "O", "O", "O",
    "O", "",  "O", "U", "U", "U", "U",  "Y", "TH", "ss", "a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e",
    "i", "i", "i", "i", "d", "n", "o",  "o", "o", "o", "o", "",  "o", "u", "u", "u", "u", "y", "th", "y"};

// A word as key material: ASCII punctuation dropped ("R&D" -> "RD"), Latin
// letters unaccented, then slugified (Greek spelled out, the rest dropped).
std::string key_word(std::string_view token) {
    std::string clean;
    for (std::size_t i = 0; i < token.size(); ++i) {
        const auto c = static_cast<unsigned char>(token[i]);
        if (c == 0xC3 && i + 1 < token.size() && (static_cast<unsigned char>(token[i + 1]) & 0xC0) == 0x80) {
            clean += k_latin1[static_cast<unsigned char>(token[++i]) - 0x80];
        } else if (c >= 0x80 || std::isalnum(c)) {
            clean += static_cast<char>(c);
        }
    }
    return text::slugify(clean, 1);
}

// The words of `s` as key material, empty ones dropped.
std::vector<std::string> key_words(std::string_view s) {
    std::vector<std::string> out;
    std::string token;
    auto flush = [&] {
        if (const auto w = key_word(token); !w.empty()) out.push_back(w);
        token.clear();
    };
    for (const char c : s) {
        if (std::isspace(static_cast<unsigned char>(c)) || c == '-' || c == '/' || c == ':') flush();
        else token += c;
    }
    flush();
    return out;
}

// "Gavel: Heterogeneity-Aware ..." -> "Gavel": a system's name a title opens
// with (at most three words before a colon), or "".
std::string title_name(const std::string& title) {
    const auto colon = title.find(':');
    if (colon == std::string::npos || colon == 0) return {};
    const std::string name = text::trim(std::string_view(title).substr(0, colon));
    return key_words(name).size() <= 3 ? name : std::string();
}

// "Deepak Narayanan" and "Narayanan, Deepak" -> ("Narayanan", "Deepak").
std::pair<std::string, std::string> split_name(const std::string& author) {
    const std::string name = text::collapse_whitespace(author);
    if (const auto comma = name.find(','); comma != std::string::npos)
        return {text::trim(name.substr(0, comma)), text::trim(name.substr(comma + 1))};
    const auto space = name.rfind(' ');
    if (space == std::string::npos) return {name, ""};
    return {name.substr(space + 1), name.substr(0, space)};
}

// A link or DOI as a field value: verbatim (biblatex reads these fields so),
// with what would unbalance or end the field percent-encoded.
std::string verbatim(const std::string& s) {
    std::string out;
    for (const char c : text::strip_control(s)) {
        switch (c) {
        case '{': out += "%7B"; break;
        case '}': out += "%7D"; break;
        case '\\': out += "%5C"; break;
        case ' ': out += "%20"; break;
        default: out += c;
        }
    }
    return out;
}

std::string venue_kind(const Paper& p) {
    if (p.venue.empty()) return {};
    return p.venue_kind;
}

} // namespace

std::string citation_key_base(const Paper& p) {
    std::string prefix;
    if (!p.authors.empty()) {
        const auto words = key_words(split_name(p.authors.front()).first);
        if (!words.empty()) prefix = words.back();
    }
    const std::string name = title_name(p.title);
    const auto title_words = key_words(name.empty() ? std::string_view(p.title) : std::string_view(p.title).substr(p.title.find(':') + 1));
    if (prefix.empty() && !name.empty()) prefix = key_words(name).front();
    if (prefix.empty() && !p.id.empty() && std::isalpha(static_cast<unsigned char>(p.id[0]))) prefix = text::slugify(p.id, 1);
    if (prefix.empty() && !title_words.empty()) prefix = title_words.front();
    std::string word;
    for (const auto& w : title_words)
        if (!is_stop_word(w)) {
            word = w;
            break;
        }
    std::string key = prefix + (p.year ? std::to_string(*p.year) : "") + word;
    return key.empty() ? "paper" : key;
}

void CitationKeys::count(const Paper& paper) { m_ids[citation_key_base(paper)].insert(paper.id); }

std::string CitationKeys::key(const Paper& paper) const {
    std::string base = citation_key_base(paper);
    const auto it = m_ids.find(base);
    if (it == m_ids.end() || it->second.size() < 2) return base;
    // a..z, then aa, ab, ...: a suffix for any number of clashes.
    std::size_t n = static_cast<std::size_t>(std::distance(it->second.begin(), it->second.find(paper.id)));
    std::string suffix;
    do {
        suffix.insert(suffix.begin(), static_cast<char>('a' + n % 26));
        n = n / 26;
    } while (n-- > 0);
    return base + suffix;
}

std::string bibtex_type(const Paper& p) {
    const std::string kind = venue_kind(p);
    if (kind == "conference" || kind == "workshop") return "inproceedings";
    if (kind == "journal") return "article";
    return "misc";
}

std::string venue_full_name(const Paper& p, const VenueTable& venues) {
    if (const Venue* v = venues.find(p.venue); v && !v->full_name.empty()) return v->full_name;
    return p.venue;
}

std::string tex_escape(const std::string& s) {
    std::string out;
    for (const char c : text::strip_control(s)) {
        switch (c) {
        case '&': case '%': case '$': case '#': case '_': out += '\\'; out += c; break;
        // Braces as commands, not \{ \}: BibTeX counts escaped braces too.
        case '{': out += "\\textbraceleft{}"; break;
        case '}': out += "\\textbraceright{}"; break;
        case '~': out += "\\textasciitilde{}"; break;
        case '^': out += "\\textasciicircum{}"; break;
        case '\\': out += "\\textbackslash{}"; break;
        default: out += c;
        }
    }
    return out;
}

std::string citation_url(const Paper& p) {
    if (!p.paper_url.empty()) return p.paper_url;
    if (!p.arxiv_id.empty()) return "https://arxiv.org/abs/" + p.arxiv_id;
    if (!p.doi.empty()) return "https://doi.org/" + p.doi;
    return {};
}

std::string bibtex_entry(const Paper& p, const std::string& key, const VenueTable& venues) {
    const std::string type = bibtex_type(p);
    std::string out = "@" + type + "{" + key + ",\n";
    auto field = [&](const char* name, const std::string& value) {
        if (!value.empty()) out += std::string("  ") + name + " = {" + value + "},\n";
    };
    std::string authors;
    for (const auto& a : p.authors) {
        const std::string name = tex_escape(text::collapse_whitespace(a));
        if (!name.empty()) authors += (authors.empty() ? "" : " and ") + name;
    }
    field("author", authors);
    // Double braces keep the title's capitals ("GPU") as they are.
    if (const auto title = tex_escape(p.title); !title.empty()) out += "  title = {{" + title + "}},\n";
    if (type == "inproceedings") field("booktitle", tex_escape(venue_full_name(p, venues)));
    if (type == "article") field("journal", tex_escape(venue_full_name(p, venues)));
    if (type == "misc" && !p.venue.empty() && p.venue_kind != "preprint") field("howpublished", tex_escape(p.venue));
    if (p.year) field("year", std::to_string(*p.year));
    field("doi", verbatim(p.doi));
    field("url", verbatim(citation_url(p)));
    if (!p.arxiv_id.empty()) {
        field("eprint", verbatim(p.arxiv_id));
        field("archivePrefix", "arXiv");
    }
    field("code", verbatim(p.repo));
    if (out.size() >= 2 && out[out.size() - 2] == ',') out.erase(out.size() - 2, 1);  // the last field's comma
    return out + "}\n";
}

json csl_item(const Paper& p, const std::string& key, const VenueTable& venues) {
    const std::string type = bibtex_type(p);
    json item = {{"id", key},
                 {"type", type == "inproceedings" ? "paper-conference" : type == "article" ? "article-journal" : "article"},
                 {"title", text::strip_control(p.title)}};
    json authors = json::array();
    for (const auto& a : p.authors) {
        auto [family, given] = split_name(text::strip_control(a));
        if (family.empty()) continue;
        json name = {{"family", family}};
        if (!given.empty()) name["given"] = given;
        authors.push_back(name);
    }
    if (!authors.empty()) item["author"] = authors;
    if (p.year) item["issued"] = {{"date-parts", json::array({json::array({*p.year})})}};
    if (type != "misc") item["container-title"] = text::strip_control(venue_full_name(p, venues));
    else if (!p.arxiv_id.empty()) item["container-title"] = "arXiv";
    if (!p.arxiv_id.empty()) item["number"] = "arXiv:" + p.arxiv_id;
    if (!p.doi.empty()) item["DOI"] = text::strip_control(p.doi);
    if (const auto url = citation_url(p); !url.empty()) item["URL"] = text::strip_control(url);
    return item;
}

} // namespace aisys::cli

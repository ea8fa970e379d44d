// Text of an entry: tokens, authors, venues, titles, headings. See entry_parts.hpp.

#include "catalog/entry_parts.hpp"

#include "catalog/list_entry.hpp"

#include <aisys/catalog.hpp>
#include <aisys/text.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <regex>

namespace aisys::entry {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

} // namespace

namespace parts {

void flatten(cmark_node* node, bool strong, bool emph, Tokens& out) {
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        switch (cmark_node_get_type(child)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            out.push_back({Token::words, literal(child), "", "", strong, emph});
            break;
        case CMARK_NODE_SOFTBREAK: out.push_back({Token::words, " ", "", "", strong, emph}); break;
        case CMARK_NODE_LINEBREAK: out.push_back({Token::line_break, "", "", "", strong, emph}); break;
        case CMARK_NODE_STRONG: flatten(child, true, emph, out); break;
        case CMARK_NODE_EMPH: flatten(child, strong, true, out); break;
        case CMARK_NODE_LINK: {
            Token t{Token::link, plain_text(child), link_url(child), "", strong, emph};
            for (cmark_node* n = cmark_node_first_child(child); n; n = cmark_node_next(n)) {
                if (cmark_node_get_type(n) == CMARK_NODE_IMAGE && t.image.empty()) {
                    const char* u = cmark_node_get_url(n);
                    t.image = u ? u : "";
                }
                if (cmark_node_get_type(n) == CMARK_NODE_STRONG) t.strong = true;
            }
            out.push_back(std::move(t));
            break;
        }
        case CMARK_NODE_IMAGE: {
            const char* u = cmark_node_get_url(child);
            out.push_back({Token::picture, plain_text(child), u ? u : "", "", strong, emph});
            break;
        }
        case CMARK_NODE_HTML_INLINE: {
            const std::string html = text::to_lower(literal(child));
            if (html.rfind("<br", 0) == 0) out.push_back({Token::line_break, "", "", "", strong, emph});
            break;
        }
        default: flatten(child, strong, emph, out);
        }
    }
}

std::string text_of(const Tokens& tokens, std::size_t from, std::size_t to) {
    std::string out;
    for (std::size_t i = from; i < tokens.size() && i < to && out.size() < 8000; ++i) {  // no entry's text is longer
        const Token& t = tokens[i];
        if (t.kind == Token::words) out += t.text;
        else if (t.kind == Token::line_break) out += ' ';
        else if (t.kind == Token::link && !label_role(t.text) && t.image.empty()) out += t.text;
    }
    return out;
}

// Emoji and other pictographs (U+2190..U+2BFF arrows/symbols, U+1F000.., variation
// selectors, keycaps): decoration, never words.
std::string strip_pictographs(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
        if (i + len > s.size()) len = 1;
        std::uint32_t cp = c;
        if (len == 2) cp = ((c & 0x1F) << 6) | (s[i + 1] & 0x3F);
        if (len == 3) cp = ((c & 0x0F) << 12) | ((s[i + 1] & 0x3F) << 6) | (s[i + 2] & 0x3F);
        if (len == 4) cp = ((c & 0x07) << 18) | ((s[i + 1] & 0x3F) << 12) | ((s[i + 2] & 0x3F) << 6) | (s[i + 3] & 0x3F);
        const bool picture = (cp >= 0x2190 && cp <= 0x2BFF && cp != 0x2011) || cp >= 0x1F000 || (cp >= 0xFE00 && cp <= 0xFE0F) ||
                             cp == 0x20E3 || cp == 0x200D || (cp >= 0x2600 && cp <= 0x27BF);
        if (!picture) out.append(s, i, len);
        i += len;
    }
    return out;
}

// Trims ASCII characters of `junk` and en and em dashes from both ends (whole
// UTF-8 sequences only: a byte of another character is never cut).
std::string trim_punct(std::string s, std::string_view junk) {
    static constexpr std::array<std::string_view, 2> k_dashes = {"–", "—"};
    bool again = true;
    while (again && !s.empty()) {
        again = false;
        if (static_cast<unsigned char>(s.front()) < 0x80 && junk.find(s.front()) != std::string_view::npos) {
            s.erase(0, 1);
            again = true;
        } else if (!s.empty() && static_cast<unsigned char>(s.back()) < 0x80 && junk.find(s.back()) != std::string_view::npos) {
            s.pop_back();
            again = true;
        } else {
            for (const auto d : k_dashes) {
                if (s.size() >= d.size() && s.compare(0, d.size(), d) == 0) {
                    s.erase(0, d.size());
                    again = true;
                } else if (s.size() >= d.size() && s.compare(s.size() - d.size(), d.size(), d) == 0) {
                    s.resize(s.size() - d.size());
                    again = true;
                }
            }
        }
    }
    return s;
}

std::size_t word_count(const std::string& s) {
    std::size_t n = 0;
    bool in = false;
    for (char c : s) {
        const bool w = !is_space(c);
        if (w && !in) ++n;
        in = w;
    }
    return n;
}

// A venue string read: known, or with a year.
bool says_venue(const VenueInfo& v) { return v.known || v.year.has_value(); }

// Authors from "A, B and C", "A; B", "A, B, et al.", "Zheng, Pengfei, ... and Chuan Wu".
std::vector<std::string> split_authors(std::string s) {
    for (std::string_view wide : {"，", "；", "、"})
        for (std::size_t at; (at = s.find(wide)) != std::string::npos;) s.replace(at, wide.size(), ",");
    s = trim_punct(text::collapse_whitespace(s), " \t.,;:*_");
    for (std::string_view lead : {"Authors:", "Author:", "by ", "By "})
        if (s.rfind(lead, 0) == 0) s = text::trim(s.substr(lead.size()));
    std::vector<std::string> parts;
    std::string cur;
    auto flush = [&] {
        std::string p = trim_punct(text::trim(cur), " \t.,;*_");
        cur.clear();
        if (p.rfind("and ", 0) == 0) p = text::trim(p.substr(4));
        const std::string lower = text::to_lower(p);
        if (p.empty() || lower == "et al" || lower == "et al." || lower == "etc" || lower == "and collaborators") return;
        if (lower.size() > 7 && lower.substr(lower.size() - 6) == "et al.") p = trim_punct(p.substr(0, p.size() - 6));
        else if (lower.size() > 6 && lower.substr(lower.size() - 5) == "et al") p = trim_punct(p.substr(0, p.size() - 5));
        if (!p.empty()) parts.push_back(p);
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == ',' || s[i] == ';') {
            flush();
            continue;
        }
        if (s.compare(i, 5, " and ") == 0) {
            flush();
            i += 4;
            continue;
        }
        cur += s[i];
    }
    flush();
    // "Zheng, Pengfei, Rui Pan, ...": a surname then its given names, both single words.
    return parts;
}

// A line that lists people: names of one to four capitalised words, separated by commas.
bool looks_like_authors(const std::string& s_in) {
    const std::string s = trim_punct(text::collapse_whitespace(s_in), " \t.,;*_");
    if (s.empty() || s.size() > 2000) return false;
    const auto names = split_authors(s);
    if (names.empty()) return false;
    static const std::regex digits(R"(\d{3,})");
    if (std::regex_search(s, digits)) return false;
    std::size_t good = 0;
    for (const auto& n : names) {
        const std::size_t w = word_count(n);
        if (w >= 1 && w <= 5 && (std::isupper(static_cast<unsigned char>(n[0])) || static_cast<unsigned char>(n[0]) >= 0x80))
            ++good;
    }
    const bool list = names.size() >= 2 || s.find("et al") != std::string::npos;
    return list && good * 10 >= names.size() * 8;
}

// One name: two to four capitalised words, no digits ("Joel Lamy-Poirier.").
bool looks_like_person(const std::string& s_in) {
    const std::string s = trim_punct(text::collapse_whitespace(s_in), " \t.,;*_");
    const std::size_t words = word_count(s);
    if (words < 2 || words > 4 || s.size() > 80) return false;
    bool start = true;
    for (const char c : s) {
        if (std::isdigit(static_cast<unsigned char>(c))) return false;
        if (start && std::islower(static_cast<unsigned char>(c))) return false;
        start = c == ' ';
    }
    return true;
}

// "Key: value" with a bold key: "**Authors:** ...", "**Link:** ...".
std::optional<std::pair<std::string, std::size_t>> bold_key(const Tokens& line) {
    std::string key;
    std::size_t i = 0;
    for (; i < line.size() && line[i].kind == Token::words && line[i].strong; ++i) key += line[i].text;
    key = text::trim(key);
    if (key.empty()) return std::nullopt;
    if (key.back() == ':') {
        key.pop_back();
    } else if (i < line.size() && line[i].kind == Token::words && text::trim(line[i].text).rfind(':', 0) == 0) {
        // "**Authors**: ..."
    } else {
        return std::nullopt;
    }
    // Only the keys lists use for an entry's metadata: "**Zeus**: Understanding ..." is a title.
    const std::string k = label_key(key);
    static constexpr std::array<std::string_view, 36> k_keys = {
        "link", "links", "authors", "author", "summary", "speakers", "speaker", "venue", "conference", "code",
        "paper", "key results", "tl dr", "tldr", "abstract", "keywords", "keyword", "note", "notes", "year",
        "published", "publication", "affiliation", "affiliations", "institution", "description", "contribution",
        "contributions", "results", "method", "motivation", "highlights", "tags", "github", "arxiv", "pdf"};
    if (std::find(k_keys.begin(), k_keys.end(), k) == k_keys.end()) return std::nullopt;
    return std::make_pair(k, i);
}

std::optional<Tag> leading_tag(const std::string& s_in, const VenueTable& venues) {
    const std::string s = text::trim(s_in);
    if (s.empty() || s[0] != '[') return std::nullopt;
    const auto close = s.find(']');
    if (close == std::string::npos || close > 60) return std::nullopt;
    std::string inside = s.substr(1, close - 1);
    // "Arxiv'24.10": the month after the year is not a venue.
    static const std::regex month(R"(((?:'|’)\s*\d{2})\.\d{1,2}$)");
    inside = std::regex_replace(inside, month, "$1");
    const VenueInfo v = venues.normalise(inside);
    if (!says_venue(v)) return std::nullopt;
    return Tag{inside, s.substr(close + 1)};
}

// A trailing "(OSDI'24)", "（ASPLOS'23)", "(arXiv'23, update: ISCA'24)", "(preprint from OpenAI)".
std::optional<Tag> trailing_paren(const std::string& s_in, const VenueTable& venues) {
    std::string s = text::trim(s_in);
    // A full-width parenthesis is a parenthesis.
    for (std::string_view fw : {"（", "）"}) {
        std::size_t at;
        while ((at = s.find(fw)) != std::string::npos) s.replace(at, fw.size(), fw == "（" ? "(" : ")");
    }
    if (s.empty() || s.back() != ')') return std::nullopt;
    int depth = 0;
    std::size_t open = std::string::npos;
    for (std::size_t i = s.size(); i-- > 0;) {
        if (s[i] == ')') ++depth;
        if (s[i] == '(' && --depth == 0) {
            open = i;
            break;
        }
    }
    if (open == std::string::npos || open == 0) return std::nullopt;
    const std::string inside = s.substr(open + 1, s.size() - open - 2);
    const VenueInfo v = venues.normalise(inside);
    const std::string lower = text::to_lower(inside);
    if (!says_venue(v) && lower.find("preprint") == std::string::npos && lower.find("workshop") == std::string::npos)
        return std::nullopt;
    return Tag{inside, s.substr(0, open)};
}

// The first known venue in free text, with the year near it: each run of
// words is tried as a venue string, leftmost first.
VenueInfo venue_in_text(const std::string& s, const VenueTable& venues) {
    const std::string t = text::collapse_whitespace(s);
    VenueInfo whole = venues.normalise(t);
    if (whole.known) return whole;
    // Split on separators: ",", ".", "|", "(", ")", " - ", ";".
    std::vector<std::string> pieces;
    std::string cur;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const char c = t[i];
        const bool sep = c == ',' || c == '|' || c == '(' || c == ')' || c == ';' || c == '[' || c == ']' ||
                         (c == '.' && (i + 1 == t.size() || t[i + 1] == ' ') && !(i > 0 && std::isdigit(static_cast<unsigned char>(t[i - 1])) && i + 1 < t.size() && std::isdigit(static_cast<unsigned char>(t[i + 1]))));
        if (sep) {
            if (!text::trim(cur).empty()) pieces.push_back(text::trim(cur));
            cur.clear();
        } else {
            cur += c;
        }
    }
    if (!text::trim(cur).empty()) pieces.push_back(text::trim(cur));
    std::optional<int> any_year;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        VenueInfo v = venues.normalise(pieces[i]);
        if (!any_year && v.year) any_year = v.year;
        if (v.known) {
            if (!v.year) {
                for (std::size_t j = i + 1; j < pieces.size() && !v.year; ++j) v.year = venues.normalise(pieces[j]).year;
                if (!v.year) v.year = any_year;
            }
            return v;
        }
        // "In 20th USENIX Symposium on ... (NSDI 23)": each word run inside the piece.
        std::vector<std::string> words;
        std::string w;
        for (char c : pieces[i] + " ") {
            if (c == ' ') {
                if (!w.empty()) words.push_back(w);
                w.clear();
            } else {
                w += c;
            }
        }
        // A short run of words with its year inside the piece ("... Training SC'22"):
        // the run starts with a capital, as venue names are written.
        for (std::size_t start = 1; start < words.size(); ++start) {
            if (!std::isupper(static_cast<unsigned char>(words[start][0]))) continue;
            std::string run;
            for (std::size_t k = start; k < words.size() && k < start + 4; ++k) {
                run += (k > start ? " " : "") + words[k];
                VenueInfo r = venues.normalise(run);
                if (r.known && r.year) return r;
            }
        }
    }
    VenueInfo none;
    none.year = whole.year ? whole.year : any_year;
    none.arxiv_id = whole.arxiv_id;
    if (!none.arxiv_id.empty()) {
        none.venue = "arXiv";
        if (const Venue* a = venues.find("arxiv")) {
            none.venue = a->name;
            none.kind = a->kind;
            none.known = true;
        }
    }
    return none;
}

// A venue string without the year written in it: "ICASSP'25", "SENSYS '24",
// "CLUSTER 2021", "Arxiv'24.10" lose the year; what is left is the name.
std::string without_year(const std::string& venue) {
    std::string out;
    for (std::size_t i = 0; i < venue.size();) {
        const bool quote = venue[i] == '\'' || venue.compare(i, 3, "’") == 0;
        const std::size_t q = quote ? (venue[i] == '\'' ? 1 : 3) : 0;
        std::size_t j = i + q;
        while (j < venue.size() && venue[j] == ' ' && quote) ++j;
        std::size_t digits = j;
        while (digits < venue.size() && std::isdigit(static_cast<unsigned char>(venue[digits]))) ++digits;
        const std::size_t n = digits - j;
        const bool word_start = i == 0 || !std::isalnum(static_cast<unsigned char>(venue[i - 1])) || quote;
        const bool word_end = digits == venue.size() || !std::isalnum(static_cast<unsigned char>(venue[digits]));
        if (word_start && word_end && ((quote && (n == 2 || n == 4)) || (!quote && n == 4 && (venue.compare(j, 2, "19") == 0 || venue.compare(j, 2, "20") == 0)))) {
            i = digits;
            if (i + 1 < venue.size() && venue[i] == '.' && std::isdigit(static_cast<unsigned char>(venue[i + 1])))  // '24.10
                while (++i < venue.size() && std::isdigit(static_cast<unsigned char>(venue[i]))) {}
            continue;
        }
        out += venue[i++];
    }
    const std::string cleaned = trim_punct(text::collapse_whitespace(out), " \t-|:;,.()");
    // "Tech report, Oct 13 2025": a date, not a name with its year; kept whole.
    const bool date_left = std::any_of(cleaned.begin(), cleaned.end(), [](unsigned char c) { return std::isdigit(c); });
    return cleaned.empty() || date_left ? venue : cleaned;
}

// Section names that say what their entries are.
bool section_says(const std::vector<std::string>& headings, std::initializer_list<std::string_view> words) {
    for (const auto& h : headings) {
        const std::string key = " " + label_key(h) + " ";
        for (auto w : words)
            if (key.find(" " + std::string(w) + " ") != std::string::npos) return true;
    }
    return false;
}

} // namespace parts

using namespace parts;

Tokens tokens_of(cmark_node* node) {
    Tokens out;
    flatten(node, false, false, out);
    return out;
}

Column column_of(const std::string& header_in) {
    const std::string h = label_key(header_in);
    for (std::string_view w : {"title", "name", "paper title", "paper name"})
        if (h == w) return Column::title;
    for (std::string_view w : {"paper", "arxiv", "pdf", "link", "links", "paper link", "url"})
        if (h == w) return Column::paper;
    for (std::string_view w : {"github", "code", "repo", "repository", "source", "implementation"})
        if (h == w) return Column::code;
    for (std::string_view w : {"pub date", "pub", "venue", "conference", "published", "publication", "conf", "journal",
                               "venue year", "where", "conference journal"})
        if (h == w) return Column::venue;
    for (std::string_view w : {"date", "year", "time", "release", "released"})
        if (h == w) return Column::year;
    if (h == "title authors" || h == "title author" || h == "title and authors") return Column::title;
    for (std::string_view w : {"authors", "author"})
        if (h == w) return Column::authors;
    if (h == "title authors" || h == "title author") return Column::title;
    return Column::other;
}

std::string clean_title(const std::string& title_in) {
    std::string t = text::collapse_whitespace(strip_pictographs(title_in));
    for (const auto& [ligature, letters] : {std::pair<std::string_view, std::string_view>{"ﬁ", "fi"}, {"ﬂ", "fl"}, {"ﬀ", "ff"},
                                            {"ﬃ", "ffi"}, {"ﬄ", "ffl"}})
        for (std::size_t at; (at = t.find(ligature)) != std::string::npos;) t.replace(at, ligature.size(), letters);
    // What stood before the links: "Title - [", "Title [".
    while (!t.empty() && std::string_view(" \t-|:;,[(\\").find(t.back()) != std::string_view::npos) t.pop_back();
    // "[**Zeus**] Zeus: ...": a bracketed short name that the title repeats.
    if (!t.empty() && t[0] == '[') {
        const auto close = t.find(']');
        if (close != std::string::npos && close > 1 && close <= 41) {
            const std::string name = text::trim(t.substr(1, close - 1)), rest = text::trim(t.substr(close + 1));
            if (!rest.empty() && text::to_lower(rest).find(text::to_lower(name)) != std::string::npos) t = rest;
        }
    }
    // "... (Tutorial)", "... ORAL", "... 🏆 BEST PAPER AWARD", "(Apple Research)": labels a list adds.
    for (bool again = true; again;) {
        again = false;
        const std::string lower = text::to_lower(t);
        for (std::string_view tail : {" oral", " spotlight", " poster", " best paper award", " best paper",
                                      " outstanding paper award", " outstanding paper", " highlight", " award"}) {
            if (lower.size() > tail.size() && lower.compare(lower.size() - tail.size(), tail.size(), tail) == 0 &&
                std::isupper(static_cast<unsigned char>(t[t.size() - tail.size() + 1]))) {
                t = text::trim(t.substr(0, t.size() - tail.size()));
                again = true;
            }
        }
        if (!t.empty() && t.back() == ')') {
            const auto open = t.rfind('(');
            if (open != std::string::npos && open > 0) {
                const std::string inside = " " + label_key(t.substr(open + 1, t.size() - open - 2)) + " ";
                for (std::string_view w : {" tutorial ", " oral ", " spotlight ", " poster ", " award ", " best paper ",
                                           " research ", " lab ", " labs ", " inc ", " team ", " keynote ", " invited talk "})
                    if (inside.find(w) != std::string::npos) {
                        t = text::trim(t.substr(0, open));
                        again = true;
                        break;
                    }
            }
        }
    }
    // "...Training(@SymbioticLab)".
    if (!t.empty() && t.back() == ')')
        if (const auto at = t.rfind("(@"); at != std::string::npos && t.find(')', at) == t.size() - 1) t.resize(at);
    t = trim_punct(t, " \t-|:;,*_");
    while (!t.empty() && t.back() == '.' && !(t.size() > 3 && t.substr(t.size() - 3) == "...")) t.pop_back();
    return text::trim(t);
}

std::string clean_heading(const std::string& heading) {
    std::string h = text::collapse_whitespace(strip_pictographs(heading));
    if (h.size() > 1000) return h;  // a heading this long is not decorated
    static const std::regex back(R"(\s*\((?:back|back to top|top|🔝\s*back)\)\s*$)", std::regex::icase);
    h = std::regex_replace(h, back, "");
    static const std::regex number(R"(^(?:\d+(?:\.\d+)*\.?|[IVX]+\.)\s+)");
    h = std::regex_replace(h, number, "");
    return trim_punct(h, " \t-|:;,*_");
}

bool has_bold_key(const Tokens& line) { return bold_key(line).has_value(); }

bool is_metadata_line(const Tokens& line, const VenueTable& venues) {
    if (bold_key(line)) return true;
    bool title_link = false, any_link = false;
    const std::vector<Role> roles = roles_of(line);
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i].kind != Token::link) continue;
        any_link = true;
        if (roles[i] == Role::title) title_link = true;
    }
    if (title_link) return false;
    if (any_link) return true;  // only labels: links of the entry above
    // Text alone (authors, a venue, a note) speaks of the entry above.
    (void)venues;
    return !clean(text_of(line)).empty();
}

} // namespace aisys::entry

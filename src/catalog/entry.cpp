// Reading one entry of a list: see entry.hpp.

#include "catalog/entry.hpp"

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

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n'; }

// Letters, digits and spaces only, lower-case: "[\[PDF\]]" -> "pdf", "🔗 Code" -> "code".
std::string label_key(const std::string& label) {
    std::string out;
    for (const unsigned char c : label) {
        if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
        else if (c == ' ' || c == '-' || c == '_' || c == '&' || c == '.') out += ' ';
    }
    return text::collapse_whitespace(out);
}

// Labels that say what a link is, never a title: the extractor table of link labels.
struct LabelRule {
    std::string_view label;
    Role role;
};
constexpr std::array<LabelRule, 61> k_labels = {{
    {"paper", Role::paper}, {"pdf", Role::paper}, {"arxiv", Role::paper}, {"link", Role::paper},
    {"link to paper", Role::paper}, {"abs", Role::paper}, {"abstract", Role::paper}, {"html", Role::paper},
    {"doi", Role::paper}, {"acm", Role::paper}, {"ieee", Role::paper}, {"openreview", Role::paper},
    {"proceedings", Role::paper}, {"publication", Role::paper}, {"tech report", Role::paper},
    {"technical report", Role::paper}, {"report", Role::paper}, {"preprint", Role::paper}, {"full paper", Role::paper},
    {"paper link", Role::paper}, {"usenix", Role::paper}, {"springer", Role::paper}, {"pdf link", Role::paper},
    {"code", Role::code}, {"github", Role::code}, {"github repo", Role::code}, {"repo", Role::code},
    {"repository", Role::code}, {"source", Role::code}, {"source code", Role::code}, {"official code", Role::code},
    {"implementation", Role::code}, {"artifact", Role::code}, {"code link", Role::code}, {"gitee", Role::code},
    {"project", Role::other}, {"project page", Role::other}, {"website", Role::other}, {"web", Role::other},
    {"homepage", Role::other}, {"home page", Role::other}, {"page", Role::other}, {"slides", Role::other},
    {"slide", Role::other}, {"video", Role::other}, {"youtube", Role::other}, {"talk", Role::other},
    {"blog", Role::other}, {"blog post", Role::other}, {"docs", Role::other}, {"documentation", Role::other},
    {"dataset", Role::other}, {"data", Role::other}, {"demo", Role::other}, {"huggingface", Role::other},
    {"hugging face", Role::other}, {"model", Role::other}, {"models", Role::other}, {"poster", Role::other},
    {"colab", Role::other}, {"online", Role::other},
}};

std::optional<Role> label_role(const std::string& label) {
    const std::string key = label_key(label.size() > 200 ? label.substr(0, 200) : label);
    if (key.empty() || label.size() > 200) return std::nullopt;
    for (const auto& rule : k_labels)
        if (key == rule.label) return rule.role;
    // "arXiv:2510.27257", "2403.10266", a URL as its own label.
    static const std::regex id(R"(^(?:arxiv\s*)?\d{4}\s\d{4,5}(?:v\d+)?$)");
    if (std::regex_match(key, id)) return Role::paper;
    const std::string lower = text::to_lower(text::trim(label));
    if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0) return Role::paper;
    return std::nullopt;
}

bool is_github_repo(const std::string& url) { return github_repo(url).has_value(); }

bool is_doc_host(const std::string& url) {
    const std::string u = text::to_lower(url);
    for (std::string_view h : {"readthedocs.io", "docs.", "/docs/", "/wiki", ".github.io"})
        if (u.find(h) != std::string::npos) return true;
    return false;
}

// Hosts whose pages are not papers: talks, posts, courses.
bool is_other_host(const std::string& url) {
    const std::string u = text::to_lower(url);
    for (std::string_view h : {"youtube.com", "youtu.be", "bilibili.com", "medium.com", "substack.com", "zhihu.com",
                               "towardsdatascience.com", "/blog", "blog.", "twitter.com", "x.com/", "coursera.org",
                               "udemy.com"})
        if (u.find(h) != std::string::npos) return true;
    return false;
}

bool is_paper_host(const std::string& url) {
    const std::string u = text::to_lower(url);
    for (std::string_view h : {"arxiv.org", "doi.org", "dl.acm.org", "ieeexplore", "openreview.net", "usenix.org",
                               "proceedings.", "papers.nips.cc", "neurips.cc", "aclanthology.org", "mlsys.org",
                               "vldb.org", "springer.com", "sciencedirect", ".pdf", "semanticscholar.org",
                               "openaccess.thecvf.com", "researchgate.net"})
        if (u.find(h) != std::string::npos) return true;
    return false;
}

std::string text_of(const Tokens& tokens, std::size_t from = 0, std::size_t to = std::string::npos) {
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
std::string trim_punct(std::string s, std::string_view junk = " \t-|:;,") {
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

// A leading tag in brackets that names a venue: "[OSDI'24]", "\[arXiv'24\]", "[MLSys2024]", "[Arxiv'24.10]".
struct Tag {
    std::string venue_text;
    std::string rest;
};
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

void take_link(Paper& p, Role role, const std::string& url, EntryOutput& out) {
    if (!url.empty() && url[0] == '#') return;
    if (!is_web_link(url)) {
        out.problems.push_back("link target '" + text::truncate(url, 200) + "' is not an http(s) URL");
        return;
    }
    if (p.arxiv_id.empty()) p.arxiv_id = arxiv_id_of(url);
    if (p.doi.empty()) p.doi = doi_of(url);
    if (role == Role::code) {
        if (is_doc_host(url) && !is_github_repo(url)) {
            out.other_links.push_back(url);
            return;
        }
        if (p.repo.empty()) p.repo = url;
        else if (p.repo != url && is_github_repo(url) &&
                 std::find(p.other_repos.begin(), p.other_repos.end(), url) == p.other_repos.end() &&
                 github_repo(url) != github_repo(p.repo))
            p.other_repos.push_back(url);
    } else if (role == Role::paper) {
        if (p.paper_url.empty()) p.paper_url = url;
    } else {
        out.other_links.push_back(url);
    }
}

// Role of each link of a line (Role::other for what is not a link): by its
// label and target, or by a role word before it ("code [Name](url)").
std::vector<Role> roles_of(const Tokens& line);

} // namespace

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

Role role_of_link(const Token& link) {
    if (const auto role = label_role(link.text)) {
        if (*role == Role::paper && is_github_repo(link.url)) return Role::code;  // a "PDF" label on a repository
        return *role;
    }
    if (text::trim(link.text).empty() || !link.image.empty()) {
        // A badge or an empty label: its target says what it is.
        if (is_github_repo(link.url)) return Role::code;
        if (is_paper_host(link.url)) return Role::paper;
        return Role::other;
    }
    return Role::title;
}

std::string arxiv_id_of(const std::string& url) {
    if (url.size() > 2000) return {};  // no link to a paper is longer
    static const std::regex id(
        R"((?:arxiv\.org/(?:abs|pdf|html)/|arxiv\.org/ftp/arxiv/papers/\d{4}/|10\.48550/arxiv\.)(\d{4}\.\d{4,5})(?:v\d+)?)",
        std::regex::icase);
    std::smatch m;
    return std::regex_search(url, m, id) ? m[1].str() : std::string();
}

std::string doi_of(const std::string& url) {
    if (url.size() > 2000) return {};
    static const std::regex doi(R"((?:doi\.org/|dl\.acm\.org/doi/(?:abs/|pdf/|full/|epdf/)?)(10\.\d{4,9}/[^\s?#]+))",
                                std::regex::icase);
    std::smatch m;
    if (!std::regex_search(url, m, doi)) return {};
    std::string d = text::to_lower(m[1].str());
    while (!d.empty() && (d.back() == '/' || d.back() == '.')) d.pop_back();
    if (d.size() > 4 && d.substr(d.size() - 4) == ".pdf") d.resize(d.size() - 4);
    if (d.rfind("10.48550/arxiv.", 0) == 0) return {};  // an arXiv id, kept as one
    return d;
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

namespace {

std::vector<Role> roles_of(const Tokens& line) {
    std::vector<Role> roles(line.size(), Role::other);
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i].kind != Token::link) continue;
        roles[i] = role_of_link(line[i]);
        if (roles[i] == Role::title && i > 0 && line[i - 1].kind == Token::words) {
            const LinkRole word = role_of_word(last_word(line[i - 1].text));
            if (word == LinkRole::code) roles[i] = Role::code;
            if (word == LinkRole::paper) roles[i] = Role::paper;
        }
        if (roles[i] == Role::title && is_awesome_list(line[i].text, line[i].url)) roles[i] = Role::other;
    }
    return roles;
}

} // namespace

bool has_bold_key(const Tokens& line) { return bold_key(line).has_value(); }

std::string badge_text(const std::string& url) {
    const auto at = url.find("shields.io/badge/");
    if (at == std::string::npos) return {};
    std::string path = url.substr(at + 17);
    if (const auto q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
    if (path.size() > 4 && path.substr(path.size() - 4) == ".svg") path.resize(path.size() - 4);
    // LABEL-MESSAGE-COLOR: "--" is a dash, "_" a space, "%20" a space.
    std::vector<std::string> parts{""};
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '-' && i + 1 < path.size() && path[i + 1] == '-') {
            parts.back() += '-';
            ++i;
        } else if (path[i] == '-') {
            parts.emplace_back();
        } else if (path[i] == '_') {
            parts.back() += ' ';
        } else if (path.compare(i, 3, "%20") == 0) {
            parts.back() += ' ';
            i += 2;
        } else {
            parts.back() += path[i];
        }
    }
    if (parts.size() > 1) parts.pop_back();  // the colour
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : " ") + part;
    return text::trim(out);
}

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

namespace {

// Reads one entry: each step below is one extractor, run in the order of
// k_steps; they share what the entry said so far. A step returning false
// ends the reading: the entry names nothing.
class EntryReader {
public:
    EntryReader(const EntryInput& in_, const VenueTable& venues_) : in(in_), venues(venues_), main(in_.main) {}

    EntryOutput run();

    bool read_roles_and_title();
    bool read_citation();
    bool read_title_tags();
    bool read_tail();
    bool read_main_links();
    bool read_sub_lines();
    bool read_cells();
    bool read_clean_title();
    bool read_venue();
    bool read_authors();
    bool read_kind();

private:
    const EntryInput& in;
    const VenueTable& venues;
    const Tokens& main;
    EntryOutput out;
    Paper& p = out.paper;
    std::vector<std::string> venue_texts;  // venue strings, in the order they are believed
    std::vector<std::string> free_texts;   // text that may hold a venue somewhere
    std::string authors_text;
    std::vector<std::string> companions;   // titles of the same paper's other links
    std::vector<Role> roles;               // of the main line's tokens
    std::size_t title_at = std::string::npos;  // token index of the title link, if one
    std::string strong_text;               // the main line's bold text
    std::string title;                     // as read, before cleaning
    std::string tail;                      // the main line's text after the title
    VenueInfo venue;
};

struct Step {
    std::string_view what;
    bool (EntryReader::*run)();
};

// The extractor table: every entry, whatever its format, goes through each.
const std::array<Step, 11> k_steps = {{
    {"title: a title link, a link named by a role word, bold or plain text", &EntryReader::read_roles_and_title},
    {"citation: the quoted title, the authors before it, the venue after", &EntryReader::read_citation},
    {"venue tags around the title: [Venue'YY], (Venue'YY), | Venue, . Venue Year", &EntryReader::read_title_tags},
    {"after the title: italic authors, authors on a later line, by-tails, a description, the venue", &EntryReader::read_tail},
    {"the links and badges of the entry's own line", &EntryReader::read_main_links},
    {"sub-bullets and further lines: Key: value, authors, venue, links", &EntryReader::read_sub_lines},
    {"a table row's other cells, by their column's role", &EntryReader::read_cells},
    {"the title without decoration", &EntryReader::read_clean_title},
    {"venue and year: what was believed first, then free text, the title, companions, headings", &EntryReader::read_venue},
    {"authors, split", &EntryReader::read_authors},
    {"kind: paper, project or other", &EntryReader::read_kind},
}};

EntryOutput EntryReader::run() {
    if (bold_key(main) && in.cells.empty()) return out;  // "**Key Results:** ...": metadata, never an entry
    for (const auto& step : k_steps)
        if (!(this->*step.run)()) return out;
    out.is_entry = true;
    if (p.kind == k_kind_other && p.title.empty()) out.is_entry = false;
    return out;
}

bool EntryReader::read_roles_and_title() {
    // The links' roles; "code [name](url)": a role word before a link.
    roles = roles_of(main);
    // The title: the first link that reads as a title, else the first link
    // named by a role word ("code [Name](repo)"), else bold or plain text.
    title_at = std::string::npos;
    for (std::size_t i = 0; i < main.size() && title_at == std::string::npos; ++i)
        if (main[i].kind == Token::link && roles[i] == Role::title) title_at = i;
    for (std::size_t i = 0; i < main.size() && title_at == std::string::npos; ++i)
        if (main[i].kind == Token::link && main[i].image.empty() && !label_role(main[i].text) &&
            !text::trim(main[i].text).empty() && roles[i] != Role::other && word_count(text_of(main, 0, i)) <= 2)
            title_at = i;
    for (std::size_t i = 0; i < main.size(); ++i)
        if (main[i].kind == Token::words && main[i].strong) strong_text += main[i].text;
        else if (!strong_text.empty() && main[i].kind != Token::words) break;
    strong_text = clean(strong_text);
    // "**Title**  *Authors.* [[pdf](..)] [[vllm](..)]": a line that opens in bold is titled by it.
    for (const auto& t : main) {
        if (t.kind == Token::words && text::trim(t.text).empty()) continue;
        if (t.kind == Token::words && t.strong && word_count(strong_text) >= 2 && strong_text.back() != ':')
            title_at = std::string::npos;
        break;
    }

    // No title is longer than this; the rest of a longer "title" is cut before it is read.
    constexpr std::size_t k_max_read = 4000;
    auto capped = [&](std::string x) { return x.size() > k_max_read ? text::truncate(x, k_max_read) : x; };
    std::string head = capped(clean(text_of(main, 0, title_at)));  // the text before the title link (or all text)
    if (title_at != std::string::npos) {
        const std::string head_trim = trim_punct(head);
        const auto tag = leading_tag(head_trim, venues);
        const bool head_is_decoration =
            head_trim.empty() || tag || word_count(head_trim) <= 2 || role_of_word(last_word(head_trim)) != LinkRole::none;
        if (head_is_decoration) {
            if (tag) venue_texts.push_back(tag->venue_text);
            title = capped(clean(main[title_at].text));
            tail = capped(clean(text_of(main, title_at + 1)));
            // "[Welder](url) : Scheduling Deep Learning ... | OSDI' 23": a name, then the rest of the title.
            const std::string t = text::trim(tail);
            // A repository's name then a description ("[vllm](repo): a serving engine") stays the name.
            if (word_count(title) <= 2 && !t.empty() && t[0] == ':' && !is_repository_link(main[title_at].url)) {
                std::string rest = text::trim(t.substr(1));
                const auto bar = rest.find('|');
                std::string more = bar == std::string::npos ? rest : rest.substr(0, bar);
                tail = bar == std::string::npos ? "" : rest.substr(bar + 1);
                title += ": " + text::trim(more);
            }
        } else {
            title = head;
            tail = capped(clean(text_of(main, title_at)));
        }
    } else if (word_count(strong_text) >= 2 && text::trim(strong_text).back() != ':') {
        title = capped(strong_text);
        // Text after the bold title.
        std::size_t i = 0;
        while (i < main.size() && !(main[i].kind == Token::words && main[i].strong)) ++i;
        while (i < main.size() && main[i].kind == Token::words && main[i].strong) ++i;
        tail = capped(clean(text_of(main, i)));
    } else {
        // A plain-text title: from the first text (after any badges) up to the next link or line break.
        std::size_t begin = 0;
        while (begin < main.size() && (main[begin].kind != Token::words || text::trim(main[begin].text).empty())) ++begin;
        std::size_t first_label = main.size();
        for (std::size_t i = begin; i < main.size(); ++i)
            if (main[i].kind == Token::link || main[i].kind == Token::line_break) {
                first_label = i;
                break;
            }
        title = capped(clean(text_of(main, begin, first_label)));
        tail = capped(clean(text_of(main, first_label)));
    }
    return true;
}

bool EntryReader::read_citation() {
    // Citation style: `Crankshaw, Daniel, et al. "Clipper: ..." NSDI 17.`
    {
        std::size_t open = std::string::npos, open_len = 0;
        for (std::string_view q : {"\"", "“"})
            if (const auto at = title.find(q); at != std::string::npos && at < open) {
                open = at;
                open_len = q.size();
            }
        if (open != std::string::npos) {
            std::size_t close = std::string::npos, close_len = 0;
            for (std::string_view q : {"\"", "”"})
                if (const auto at = title.find(q, open + open_len); at != std::string::npos && at < close) {
                    close = at;
                    close_len = q.size();
                }
            if (close != std::string::npos) {
                const std::string quoted = title.substr(open + open_len, close - open - open_len);
                if (quoted.size() >= 8 && word_count(quoted) >= 2) {
                    if (looks_like_authors(title.substr(0, open))) authors_text = title.substr(0, open);
                    free_texts.push_back(title.substr(close + close_len));
                    title = quoted;
                }
            }
        }
    }
    return true;
}

bool EntryReader::read_title_tags() {
    // Decoration and venue tags around the title.
    if (const auto tag = leading_tag(title, venues)) {
        venue_texts.push_back(tag->venue_text);
        title = tag->rest;
    }
    {
        // "Title - " before the labels; "Title | Venue".
        const auto bar = title.rfind(" | ");
        if (bar != std::string::npos) {
            venue_texts.push_back(title.substr(bar + 3));
            title = title.substr(0, bar);
        }
    }
    if (const auto paren = trailing_paren(trim_punct(title, " \t-|:;,"), venues)) {
        venue_texts.push_back(paren->venue_text);
        title = paren->rest;
    }
    // "Title. Venue Year": a trailing sentence naming a known venue.
    {
        const std::string t = trim_punct(title, " \t");
        const auto dot = t.rfind(". ");
        if (dot != std::string::npos && dot > 8) {
            const VenueInfo v = venues.normalise(t.substr(dot + 2));
            if (v.known && v.year) {
                venue_texts.push_back(t.substr(dot + 2));
                title = t.substr(0, dot);
            }
        }
    }
    return true;
}

bool EntryReader::read_tail() {
    // "by AUTHORS, VENUE YEAR" and "*Authors.* Venue Year." tails.
    {
        std::string t = text::trim(tail);
        // Italic spans of the main line are authors when they read as names.
        std::string italic;
        for (const auto& tok : main)
            if (tok.kind == Token::words && tok.emph && !tok.strong) italic += tok.text;
        if (authors_text.empty() && !italic.empty() && !venue_in_text(italic, venues).known &&
            (looks_like_authors(italic) || looks_like_person(italic))) {
            authors_text = italic;
            const auto at = t.find(clean(italic));
            if (at != std::string::npos) t.erase(at, clean(italic).size());
        }
        // A later line of the entry that lists people: "Title <br> A, B, C".
        if (authors_text.empty()) {
            std::size_t start = 0;
            while (start < main.size() && main[start].kind != Token::line_break) ++start;
            while (start < main.size()) {
                std::size_t end = start + 1;
                while (end < main.size() && main[end].kind != Token::line_break) ++end;
                const std::string line = clean(text_of(main, start + 1, end));
                // One name alone on its line is the sole author ("Title <br> Isaac Rehg"), not a venue.
                if (looks_like_authors(line) || (looks_like_person(line) && !says_venue(venues.normalise(line)))) {
                    authors_text = line;
                    const auto at = t.find(line);
                    if (at != std::string::npos) t.erase(at, line.size());
                    break;
                }
                start = end;
            }
        }
        if (t.rfind("by ", 0) == 0 || t.rfind("By ", 0) == 0) {
            const std::string rest = t.substr(3);
            // The authors end at the comma before the venue.
            std::size_t cut = rest.size();
            for (std::size_t c = rest.find(','); c != std::string::npos; c = rest.find(',', c + 1)) {
                const auto next = rest.find(',', c + 1);
                const VenueInfo v = venues.normalise(rest.substr(c + 1, next == std::string::npos ? std::string::npos : next - c - 1));
                if (v.known || v.year) {
                    cut = c;
                    break;
                }
            }
            if (authors_text.empty()) authors_text = rest.substr(0, cut);
            t = cut < rest.size() ? rest.substr(cut + 1) : "";
        }
        // ": a serving engine" after a name is a description, not a venue.
        const std::string rest = text::trim(t);
        const bool description = !rest.empty() && rest[0] == ':' && !says_venue(venues.normalise(rest));
        if (description) p.abstract = trim_punct(rest, " \t:-");  // what the list says of it, until a fetch says more
        else if (!trim_punct(t, " \t-|:;,.[]()").empty()) venue_texts.push_back(t);
    }
    return true;
}

bool EntryReader::read_main_links() {
    // Links of the main line.
    for (std::size_t i = 0; i < main.size(); ++i) {
        const Token& tok = main[i];
        if (tok.kind == Token::picture) {
            // A venue badge: "Conference-EuroSys_2025", "ACL2024--findings-orange".
            if (const auto badge = badge_text(tok.url); !badge.empty()) free_texts.push_back(badge);
            continue;
        }
        if (tok.kind != Token::link) continue;
        if (const auto badge = badge_text(tok.image); !badge.empty() && !is_github_repo(tok.url)) free_texts.push_back(badge);
        if (!tok.image.empty() && tok.url.empty()) continue;  // a badge linking nowhere
        Role role = roles[i];
        if (role == Role::title) {
            if (i != title_at) continue;  // another title-like link (a name): skipped
            role = is_repository_link(tok.url) ? Role::code : (is_other_host(tok.url) || is_doc_host(tok.url)) ? Role::other : Role::paper;
            if (role == Role::other) {
                out.other_links.push_back(tok.url);
                continue;
            }
        }
        take_link(p, role, tok.url, out);
    }
    return true;
}

bool EntryReader::read_sub_lines() {
    // Sub-bullets and further lines: "Key: value", authors, venue, links.
    for (const auto& line : in.subs) {
        const std::string s = clean(text_of(line));
        if (const auto key = bold_key(line)) {
            const std::string value = clean(text_of(line, key->second));
            const std::string& k = key->first;
            if (k == "authors" || k == "author" || k == "speakers") authors_text = trim_punct(value, " \t:");
            else if (k == "venue" || k == "conference" || k == "published" || k == "publication") venue_texts.push_back(trim_punct(value, " \t:"));
            else if ((k == "summary" || k == "description" || k == "abstract" || k == "tl dr" || k == "tldr") && p.abstract.empty())
                p.abstract = trim_punct(value, " \t:");
            if (k == "speakers" || k == "speaker") p.kind = std::string(k_kind_other);
        } else if (authors_text.empty() && looks_like_authors(s) && !venue_in_text(s, venues).known) {
            authors_text = s;
        } else if (!s.empty()) {
            std::string italic;
            for (const auto& tok : line)
                if (tok.kind == Token::words && tok.emph) italic += tok.text;
            if (authors_text.empty() && looks_like_authors(italic)) authors_text = italic;
            free_texts.push_back(s);
        }
        const std::vector<Role> line_roles = roles_of(line);
        for (std::size_t i = 0; i < line.size(); ++i) {
            const Token& tok = line[i];
            if (tok.kind == Token::picture && !badge_text(tok.url).empty()) free_texts.push_back(badge_text(tok.url));
            if (tok.kind != Token::link || (!tok.image.empty() && tok.url.empty())) continue;  // a badge linking nowhere
            Role role = line_roles[i];
            if (role == Role::title) role = is_repository_link(tok.url) ? Role::code : (is_other_host(tok.url) || is_doc_host(tok.url)) ? Role::other : Role::paper;
            if (!label_role(tok.text)) companions.push_back(clean(tok.text));  // "paper [Title ICLR'24](url)"
            take_link(p, role, tok.url, out);
        }
    }
    return true;
}

bool EntryReader::read_cells() {
    // Table cells.
    for (const auto& [column, cell] : in.cells) {
        const std::string s = clean(text_of(cell));
        switch (column) {
        case Column::venue: venue_texts.insert(venue_texts.begin(), s); break;
        case Column::year: free_texts.push_back(s); break;
        case Column::authors:
            if (authors_text.empty()) authors_text = s;
            break;
        default: break;
        }
        for (const auto& tok : cell) {
            if (tok.kind == Token::picture && !badge_text(tok.url).empty()) free_texts.push_back(badge_text(tok.url));
            if (tok.kind != Token::link || (!tok.image.empty() && tok.url.empty())) continue;  // a badge linking nowhere
            Role role = role_of_link(tok);
            if (role == Role::title || role == Role::other)
                role = column == Column::code ? Role::code : column == Column::paper ? Role::paper : role;
            if (role == Role::title) role = is_github_repo(tok.url) ? Role::code : Role::paper;
            if (column == Column::code && role == Role::paper && !is_paper_host(tok.url)) role = Role::code;
            take_link(p, role, tok.url, out);
        }
    }
    return true;
}

bool EntryReader::read_clean_title() {
    // Title, cleaned.
    p.title = clean_title(title);
    if (p.title.empty()) return false;
    out.is_entry = true;
    return true;
}

bool EntryReader::read_venue() {
    // Venue and year: the first venue string believed, then free text, then headings.
    for (const auto& v : venue_texts) {
        VenueInfo info = venues.normalise(clean(v));
        if (!info.known) {
            const VenueInfo inside = venue_in_text(clean(v), venues);
            if (inside.known) info = inside;
        }
        if (info.venue.empty() && !info.year) continue;
        if (venue.venue.empty() || (!venue.known && info.known)) {
            const auto year = venue.year;
            venue = info;
            if (!venue.year) venue.year = year;
        } else if (!venue.year && info.year) {
            venue.year = info.year;
        }
        if (venue.known && venue.year) break;
    }
    VenueInfo preprint;  // an arXiv venue in free text: taken when nothing else names one
    if (!venue.known)
        for (const auto& f : free_texts) {
            std::string s = f;
            std::replace(s.begin(), s.end(), '_', ' ');
            const VenueInfo info = venue_in_text(clean(s), venues);
            if (info.known && info.kind != "preprint") {
                const auto year = venue.year;
                venue = info;
                if (!venue.year) venue.year = year;
                break;
            }
            if (info.known && preprint.venue.empty()) preprint = info;
            if (!venue.year && info.year) venue.year = info.year;
            if (venue.arxiv_id.empty()) venue.arxiv_id = info.arxiv_id;
        }
    if (!venue.known && venue.venue.empty() && !preprint.venue.empty()) {
        const auto year = venue.year;
        venue = preprint;
        if (year) venue.year = year;
    }
    if (!venue.known && venue.venue.empty())
        for (auto h = in.headings.rbegin(); h != in.headings.rend(); ++h) {
            const VenueInfo info = venues.normalise(*h);
            if (info.known && info.year) {
                venue.venue = info.venue;
                venue.kind = info.kind;
                venue.known = true;
                if (!venue.year) venue.year = info.year;
                break;
            }
        }
    // A venue glued to the title ("... at Scale MLSYS'23") is used when nothing
    // else gives one, and dropped from the title when it repeats the venue;
    // a companion link's title may carry it too.
    if (const auto glued = split_glued_venue(p.title, venues)) {
        const VenueInfo v = venues.normalise(glued->venue_text);
        if (v.known && v.year) {
            if (venue.venue.empty()) {
                const auto arxiv = venue.arxiv_id;
                venue = v;
                if (venue.arxiv_id.empty()) venue.arxiv_id = arxiv;
                p.title = clean_title(glued->title);
            } else if (venue.known && venue.venue == v.venue && venue.year == v.year) {
                p.title = clean_title(glued->title);
            }
        }
    }
    for (const auto& companion : companions) {
        if (!venue.venue.empty()) break;
        if (const auto glued = split_glued_venue(companion, venues)) {
            const VenueInfo v = venues.normalise(glued->venue_text);
            if (v.known && v.year) venue = v;
        }
    }
    // An id the entry writes out is believed over its link (lists copy links wrong).
    if (!venue.arxiv_id.empty()) p.arxiv_id = venue.arxiv_id;
    if (!venue.year && venue.kind == "preprint" && !p.arxiv_id.empty()) venue.year = 2000 + std::stoi(p.arxiv_id.substr(0, 2));
    // An unknown venue is kept as written, without its year: "ICASSP'25" -> "ICASSP".
    if (!venue.known && !venue.venue.empty() && venue.year) venue.venue = without_year(venue.venue);
    out.venue = venue;
    return true;
}

bool EntryReader::read_authors() {
    // Authors.
    if (!authors_text.empty()) p.authors = split_authors(clean(authors_text));
    return true;
}

bool EntryReader::read_kind() {
    // Kind.
    const std::string lower_title = text::to_lower(p.title);
    // What only papers have: a paper link, an id, a venue, authors.
    const bool has_paper = !p.paper_url.empty() || !p.arxiv_id.empty() || !p.doi.empty() || venue.known ||
                           venue.year.has_value() || !p.authors.empty();
    if (p.kind != k_kind_other) {
        if (lower_title.find("(tutorial)") != std::string::npos || lower_title.rfind("tutorial:", 0) == 0 ||
            section_says(in.headings, {"blog", "blogs", "tutorial", "tutorials", "course", "courses", "video", "videos",
                                       "talk", "talks", "book", "books", "lecture", "lectures", "news", "podcast",
                                       "slides", "resources", "resource", "people", "groups", "workshops"}))
            p.kind = std::string(k_kind_other);
        else if (!has_paper && (!p.repo.empty() || section_says(in.headings, {"projects", "project", "libraries", "library",
                                                                             "frameworks", "framework", "tools", "toolkits",
                                                                             "open source", "software"})))
            p.kind = std::string(k_kind_project);
        else if (!has_paper && !out.other_links.empty())
            p.kind = std::string(k_kind_other);
    }
    return true;
}

} // namespace

EntryOutput read_entry(const EntryInput& in, const VenueTable& venues) { return EntryReader(in, venues).run(); }

} // namespace aisys::entry

// Reading one entry of a list: see list_entry.hpp.

#include "catalog/list_entry.hpp"

#include <aisys/text.hpp>

#include <algorithm>
#include <array>
#include <regex>

namespace aisys::entry {

// Headings whose sections hold no papers, compared lower-case.
constexpr std::array<std::string_view, 20> k_non_paper_sections = {
    "contents", "table of contents", "contribute", "contributing", "contribution", "license",
    "acknowledgements", "acknowledgments", "related awesome lists", "news", "updates", "update", "changelog",
    "citation", "cite", "star history", "contributors", "todo", "how to contribute", "keywords convention"};

bool is_non_paper_section(const std::string& heading) {
    const auto key = text::to_lower(heading);
    return std::find(k_non_paper_sections.begin(), k_non_paper_sections.end(), key) != k_non_paper_sections.end();
}

// The plain text of an inline subtree (text, code, emphasis, links), without markup.
void append_plain_text(cmark_node* node, std::string& out) {
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child)) {
        switch (cmark_node_get_type(child)) {
        case CMARK_NODE_TEXT:
        case CMARK_NODE_CODE:
            if (const char* lit = cmark_node_get_literal(child)) out += lit;
            break;
        case CMARK_NODE_SOFTBREAK:
        case CMARK_NODE_LINEBREAK:
            out += ' ';
            break;
        case CMARK_NODE_HTML_INLINE:
            break;
        default:
            append_plain_text(child, out);
        }
    }
}

std::string plain_text(cmark_node* node) {
    std::string out;
    append_plain_text(node, out);
    return out;
}

// The first link in an inline subtree (the node itself included), or null.
cmark_node* first_link(cmark_node* node) {
    if (cmark_node_get_type(node) == CMARK_NODE_LINK) return node;
    for (cmark_node* child = cmark_node_first_child(node); child; child = cmark_node_next(child))
        if (cmark_node* link = first_link(child)) return link;
    return nullptr;
}

std::string clean(const std::string& s) {
    // Control characters and terminal escapes have no place in a title and
    // would otherwise reach the index, the JSON and the user's terminal.
    return text::collapse_whitespace(text::strip_control(text::repair_mojibake(text::strip_bibtex_braces(s))));
}

bool is_repository_link(const std::string& url) {
    const auto lower = text::to_lower(url);
    for (std::string_view host : {"github.com/", "gitlab.com/", "bitbucket.org/", "gitee.com/", "huggingface.co/"})
        if (lower.find(host) != std::string::npos) return true;
    return false;
}

bool is_web_link(const std::string& url) {
    const auto lower = text::to_lower(url);
    return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

// "https://arxiv.org/abs/2103.13262", ".../pdf/2103.13262v2(.pdf)" -> "2103.13262", else "".
std::string arxiv_id_of_link(const std::string& url) {
    static const std::regex link(R"(arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$)", std::regex::icase);
    std::smatch m;
    return std::regex_search(url, m, link) ? m[1].str() : std::string();
}

bool is_ascii_letter(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }
bool is_ascii_upper(char c) { return c >= 'A' && c <= 'Z'; }

// The title before `cut`, without the separators that stood before the venue.
std::string title_before(const std::string& title, std::size_t cut) {
    std::string head = title.substr(0, cut);
    while (!head.empty() && std::string_view(" \t.,;:-([").find(head.back()) != std::string_view::npos) head.pop_back();
    return head;
}

// Only a venue the table knows, followed by a year, counts: a title that merely
// ends in a word and a number ("Llama 2", "GPT-4") stays whole.
std::optional<GluedVenue> split_glued_venue(const std::string& title, const VenueTable& venues) {
    const std::string t = text::trim(title);
    std::smatch m;
    // NAME'YY, NAME 'YY, NAME'YYYY; NAME may be glued to the word before it.
    static const std::regex quoted(R"((?:'|’|‘|`)\s*(\d{4}|\d{2})$)");
    if (std::regex_search(t, m, quoted)) {
        std::size_t end = static_cast<std::size_t>(m.position(0));
        while (end > 0 && (t[end - 1] == ' ' || t[end - 1] == '\t')) --end;
        std::size_t begin = end;
        while (begin > 0 && is_ascii_letter(t[begin - 1])) --begin;
        for (std::size_t start = begin; end - start >= 2; ++start) {
            if (start != begin && !is_ascii_upper(t[start])) continue;  // "GPUsATC": a glued name starts upper-case
            if (!venues.find(std::string_view(t).substr(start, end - start))) continue;
            std::size_t cut = start;
            // A two-word alias such as "USENIX ATC".
            if (start == begin && begin > 0 && t[begin - 1] == ' ') {
                std::size_t prev = begin - 1;
                while (prev > 0 && is_ascii_letter(t[prev - 1])) --prev;
                if (prev < begin - 1 && venues.find(std::string_view(t).substr(prev, end - prev))) cut = prev;
            }
            const std::string head = title_before(t, cut);
            if (head.empty()) return std::nullopt;
            return GluedVenue{head, t.substr(cut)};
        }
        return std::nullopt;
    }
    // NAMEYY, NAME YY, NAME YYYY: the whole word must be a known venue.
    static const std::regex bare(R"((?:^|[\s.,;:(])([A-Za-z]+)\s?((?:19|20)\d{2}|\d{2})$)");
    if (std::regex_search(t, m, bare) && venues.find(m[1].str())) {
        const std::size_t cut = static_cast<std::size_t>(m.position(1));
        const std::string head = title_before(t, cut);
        if (head.empty()) return std::nullopt;
        return GluedVenue{head, m[1].str() + " " + m[2].str()};
    }
    return std::nullopt;
}

const char* literal(cmark_node* node) {
    const char* lit = cmark_node_get_literal(node);
    return lit ? lit : "";
}

std::string raw_link_url(cmark_node* link) {
    const char* url = cmark_node_get_url(link);
    return text::trim(url ? url : "");
}

// The link's target. Braces around a URL ("{https://arxiv.org/abs/...")
// are a typo from BibTeX habits: dropped (and reported by the reader).
std::string link_url(cmark_node* link) {
    const std::string url = raw_link_url(link);
    if (!is_web_link(url) && (url.find('{') != std::string::npos || url.find('}') != std::string::npos)) {
        const std::string repaired = text::strip_bibtex_braces(url);
        if (is_web_link(repaired)) return repaired;
    }
    return url;
}

// Bytes taken by the last word of `s` and the spaces after it.
std::size_t trailing_word_length(std::string_view s) {
    std::size_t e = s.size();
    while (e > 0 && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
    std::size_t b = e;
    while (b > 0 && s[b - 1] != ' ' && s[b - 1] != '\t') --b;
    return s.size() - b;
}

std::string last_word(std::string_view s) {
    const std::size_t n = trailing_word_length(s);
    return text::trim(s.substr(s.size() - n));
}

// Another awesome list: "[awesome GNN](...)", or a link to github.com/<owner>/awesome-*.
bool is_awesome_list(const std::string& title, const std::string& url) {
    if (text::to_lower(title).rfind("awesome", 0) == 0) return true;
    static const std::regex repo(R"(^https?://(?:www\.)?github\.com/[^/]+/awesome[^/]*(?:/.*)?$)", std::regex::icase);
    return std::regex_match(url, repo);
}

bool type_is(cmark_node* node, std::string_view type) {
    const char* name = cmark_node_get_type_string(node);
    return name && type == name;
}


LinkRole role_of_word(std::string_view word) {
    std::string w = text::to_lower(text::trim(word));
    while (!w.empty() && std::string_view("[(:").find(w.front()) != std::string_view::npos) w.erase(0, 1);
    while (!w.empty() && std::string_view("]):").find(w.back()) != std::string_view::npos) w.pop_back();
    for (std::string_view code : {"code", "repo", "github", "source"})
        if (w == code) return LinkRole::code;
    for (std::string_view paper : {"paper", "pdf", "arxiv"})
        if (w == paper) return LinkRole::paper;
    return LinkRole::none;
}

} // namespace aisys::entry

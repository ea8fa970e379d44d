// Reading one entry of a list: see entry.hpp. The parts it uses are in
// entry_links.cpp and entry_text.cpp.

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

using namespace parts;

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

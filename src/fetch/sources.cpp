#include "fetch/sources.hpp"

#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include <nlohmann/json.hpp>
#include <pugixml.hpp>

#include <regex>

namespace aisys::fetch {

namespace {

std::string clean(const std::string& s) { return text::collapse_whitespace(text::strip_control(s)); }

// "http://arxiv.org/abs/2210.00093v2" -> "2210.00093"
std::string arxiv_id_of(const std::string& url) {
    static const std::regex id(R"((\d{4}\.\d{4,5})(v\d+)?$)");
    std::smatch m;
    return std::regex_search(url, m, id) ? m[1].str() : std::string();
}

} // namespace

std::vector<PaperMatch> parse_arxiv_feed(const std::string& xml) {
    pugi::xml_document doc;
    if (!doc.load_buffer(xml.data(), xml.size()) || !doc.child("feed"))
        throw Error("the arXiv answer is not an Atom feed", ErrorKind::network);
    std::vector<PaperMatch> out;
    for (const auto& entry : doc.child("feed").children("entry")) {
        const std::string id = entry.child_value("id");
        if (id.find("/api/errors") != std::string::npos) continue;
        PaperMatch m;
        m.title = clean(entry.child_value("title"));
        m.abstract = clean(entry.child_value("summary"));
        m.arxiv_id = arxiv_id_of(id);
        const std::string published = entry.child_value("published");
        if (published.size() >= 4 && std::isdigit(static_cast<unsigned char>(published[0])))
            m.year = std::stoi(published.substr(0, 4));
        for (const auto& author : entry.children("author"))
            if (auto name = clean(author.child_value("name")); !name.empty()) m.authors.push_back(name);
        if (!m.title.empty()) out.push_back(std::move(m));
    }
    return out;
}

namespace {

PaperMatch s2_paper(const nlohmann::json& p) {
    if (!p.is_object()) throw Error("the Semantic Scholar answer is not a paper", ErrorKind::network);
    PaperMatch m;
    auto string_of = [&](const char* key) {
        const auto it = p.find(key);
        return it != p.end() && it->is_string() ? clean(it->get<std::string>()) : std::string();
    };
    m.title = string_of("title");
    m.abstract = string_of("abstract");
    m.venue = string_of("venue");
    if (p.contains("year") && p["year"].is_number_integer()) m.year = p["year"].get<int>();
    if (const auto ids = p.find("externalIds"); ids != p.end() && ids->is_object()) {
        if (ids->contains("ArXiv") && (*ids)["ArXiv"].is_string()) m.arxiv_id = (*ids)["ArXiv"].get<std::string>();
        if (ids->contains("DOI") && (*ids)["DOI"].is_string()) m.doi = text::to_lower((*ids)["DOI"].get<std::string>());
    }
    if (p.contains("authors") && p["authors"].is_array())
        for (const auto& a : p["authors"])
            if (a.is_object() && a.contains("name") && a["name"].is_string()) m.authors.push_back(clean(a["name"].get<std::string>()));
    return m;
}

} // namespace

PaperMatch parse_s2_paper(const std::string& text_in) {
    try {
        return s2_paper(nlohmann::json::parse(text_in));
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("the Semantic Scholar answer is not valid JSON: ") + e.what(), ErrorKind::network);
    }
}

void complete_paper(Paper& paper, const PaperMatch& match, const VenueTable* venues) {
    if (paper.title.empty()) paper.title = match.title;
    // A list's one-line description of an entry stands in for an abstract only until one is found.
    if (!match.abstract.empty()) paper.abstract = match.abstract;
    if (paper.authors.empty()) paper.authors = match.authors;
    if (!paper.year) paper.year = match.year;
    if (paper.arxiv_id.empty()) paper.arxiv_id = match.arxiv_id;
    if (paper.doi.empty()) paper.doi = match.doi;
    if (paper.venue.empty() && !match.venue.empty() && venues)
        if (const Venue* v = venues->find(match.venue)) {
            paper.venue = v->name;
            paper.venue_kind = v->kind;
            paper.venue_known = true;
        }
}

std::optional<PaperMatch> parse_s2_match(const std::string& text_in) {
    try {
        const auto j = nlohmann::json::parse(text_in);
        if (!j.contains("data") || !j["data"].is_array()) {
            if (j.contains("error")) return std::nullopt;  // "Title match not found"
            throw Error("the Semantic Scholar answer has no data", ErrorKind::network);
        }
        if (j["data"].empty()) return std::nullopt;
        return s2_paper(j["data"][0]);
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("the Semantic Scholar answer is not valid JSON: ") + e.what(), ErrorKind::network);
    }
}

} // namespace aisys::fetch

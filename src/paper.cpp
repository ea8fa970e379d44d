#include <aisys/error.hpp>
#include <aisys/paper.hpp>

#include <nlohmann/json.hpp>

namespace aisys {

using nlohmann::json;

std::string paper_link(const Paper& p) {
    if (!p.paper_url.empty()) return p.paper_url;
    if (!p.arxiv_id.empty()) return "https://arxiv.org/abs/" + p.arxiv_id;
    if (!p.doi.empty()) return "https://doi.org/" + p.doi;
    return "";
}

std::string paper_to_json(const Paper& p) {
    json listings = json::array();
    for (const auto& l : p.listings) listings.push_back({{"list", l.list}, {"section", l.section}, {"line", l.line}});
    const json j = {
        {"id", p.id},
        {"title", p.title},
        {"kind", p.kind},
        {"venue", p.venue},
        {"venue_kind", p.venue_kind},
        {"venue_known", p.venue_known},
        {"year", p.year ? json(*p.year) : json(nullptr)},
        {"arxiv_id", p.arxiv_id},
        {"doi", p.doi},
        {"categories", p.categories},
        {"repo", p.repo},
        {"other_repos", p.other_repos},
        {"paper", p.paper_url},
        {"authors", p.authors},
        {"abstract", p.abstract},
        {"readme", p.readme},
        {"listings", listings},
    };
    // Replace, don't throw, on bytes that are not UTF-8: data from the
    // internet must never make a record unwritable.
    return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Paper paper_from_json(std::string_view text) {
    try {
        const json j = json::parse(text);
        Paper p;
        p.id = j.at("id").get<std::string>();
        p.title = j.at("title").get<std::string>();
        p.kind = j.value("kind", std::string(k_kind_paper));
        p.venue = j.value("venue", "");
        p.venue_kind = j.value("venue_kind", "");
        p.venue_known = j.value("venue_known", false);
        if (j.contains("year") && j["year"].is_number_integer()) p.year = j["year"].get<int>();
        p.arxiv_id = j.value("arxiv_id", "");
        p.doi = j.value("doi", "");
        p.categories = j.value("categories", std::vector<std::string>{});
        p.repo = j.value("repo", "");
        p.other_repos = j.value("other_repos", std::vector<std::string>{});
        p.paper_url = j.value("paper", "");
        p.authors = j.value("authors", std::vector<std::string>{});
        p.abstract = j.value("abstract", "");
        p.readme = j.value("readme", "");
        for (const auto& l : j.value("listings", json::array()))
            p.listings.push_back({l.value("list", ""), l.value("section", std::vector<std::string>{}), l.value("line", 0)});
        return p;
    } catch (const json::exception& e) {
        throw Error(std::string("damaged paper record in the index: ") + e.what(), ErrorKind::damaged_index);
    }
}

} // namespace aisys

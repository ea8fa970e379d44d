// Many lists -> one set of papers with stable ids.

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include "util/file.hpp"

#include <algorithm>
#include <set>
#include <unordered_map>

namespace aisys {

namespace {

// Letters of an id before any "-2" that tells two papers apart.
constexpr std::size_t k_max_id_base = 60;

template <typename T>
void append_unique(std::vector<T>& into, const std::vector<T>& from) {
    for (const auto& x : from)
        if (std::find(into.begin(), into.end(), x) == into.end()) into.push_back(x);
}

std::string repo_key(const std::string& url) {
    if (auto repo = github_repo(url)) return text::to_lower(*repo);
    std::string key = text::to_lower(text::trim(url));
    while (!key.empty() && key.back() == '/') key.pop_back();
    return key;
}

void merge_into(Paper& kept, Paper&& other) {
    append_unique(kept.categories, other.categories);
    for (auto& l : other.listings) kept.listings.push_back(std::move(l));
    if (kept.repo.empty()) kept.repo = other.repo;
    else if (!other.repo.empty() && repo_key(other.repo) != repo_key(kept.repo)) append_unique(kept.other_repos, {other.repo});
    append_unique(kept.other_repos, other.other_repos);
    if (kept.paper_url.empty()) kept.paper_url = other.paper_url;
    if (kept.arxiv_id.empty()) kept.arxiv_id = other.arxiv_id;
    if (!kept.venue_known && other.venue_known) {
        // A known venue comes with its own year: never OSDI with a tech report's year.
        kept.venue = other.venue;
        kept.venue_kind = other.venue_kind;
        kept.venue_known = true;
        if (other.year) kept.year = other.year;
    } else if (kept.venue.empty()) {
        kept.venue = other.venue;
    }
    if (!kept.year) kept.year = other.year;
}

// The system's name before a colon ("Zeus: Understanding ..." -> "Zeus"), when there is one.
std::string short_name(const std::string& title) {
    const auto colon = title.find(':');
    if (colon == std::string::npos) return "";
    const std::string head = text::trim(title.substr(0, colon));
    const auto words = 1 + std::count(head.begin(), head.end(), ' ');
    return words <= 3 ? head : "";
}

// The repository's name ("https://github.com/org/gavel/" -> "gavel"), or "".
std::string repo_name(const std::string& url) {
    std::string u = url;
    while (!u.empty() && u.back() == '/') u.pop_back();
    if (u.size() > 4 && u.compare(u.size() - 4, 4, ".git") == 0) u.resize(u.size() - 4);
    const auto slash = u.find_last_of('/');
    // Only owner/name links: "https://github.com/org/name" has four slashes.
    if (slash == std::string::npos || std::count(u.begin(), u.end(), '/') != 4) return "";
    // "%2e%2e" or ".." is no repository's name.
    const std::string name = u.substr(slash + 1);
    if (name.find('%') != std::string::npos || name.find_first_not_of('.') == std::string::npos) return "";
    return name;
}

// A slug of the title's first words, without a dangling "for" or "of".
std::string title_slug(const std::string& title) {
    std::string slug = text::slugify(title, 5);
    for (bool trimmed = true; trimmed;) {
        trimmed = false;
        for (std::string_view w : {"a", "an", "and", "for", "in", "of", "on", "the", "to", "via", "with"}) {
            const std::string tail = "-" + std::string(w);
            if (slug.size() > tail.size() && slug.compare(slug.size() - tail.size(), tail.size(), tail) == 0) {
                slug.resize(slug.size() - tail.size());
                trimmed = true;
            }
        }
    }
    return slug;
}

} // namespace

std::string title_key(std::string_view title) {
    std::string key;
    for (char c : text::slugify(title, 1000))
        if (c != '-') key += c;
    return key;
}

namespace {

// Near-identical titles of one repository are one paper ("Hidet: Task-Mapping
// ..." and "Hidet: Task Mapping ..."); different titles sharing a repository
// (a framework hosting several papers) are not.
constexpr double k_same_repo_similarity = 0.9;


// Collects papers, merging each into an earlier listing of the same paper.
class Merger {
public:
    explicit Merger(Catalog& all) : m_all(all) {}

    void add(Paper&& paper, const std::string& list) {
        if (auto same = find_same(paper)) {
            Paper& kept = m_all.papers[*same];
            const Listing& first = kept.listings.front();
            m_all.merged.push_back({list, paper.listings.front().line,
                                    "'" + paper.title + "' is the paper listed at " + first.list + ":" +
                                        std::to_string(first.line) + "; merged"});
            merge_into(kept, std::move(paper));
            return;
        }
        const std::size_t index = m_all.papers.size();
        if (!paper.arxiv_id.empty()) {
            if (auto it = m_by_arxiv.find(paper.arxiv_id); it != m_by_arxiv.end()) {
                const Paper& other = m_all.papers[it->second];
                m_all.problems.push_back({list, paper.listings.front().line,
                                          "'" + paper.title + "' and '" + other.title + "' (" + other.listings.front().list +
                                              ":" + std::to_string(other.listings.front().line) + ") both link arXiv " +
                                              paper.arxiv_id + "; one of them is wrong"});
            } else {
                m_by_arxiv.emplace(paper.arxiv_id, index);
            }
        }
        m_by_title.emplace(title_key(paper.title), index);
        if (!paper.repo.empty()) m_by_repo[repo_key(paper.repo)].push_back(index);
        m_all.papers.push_back(std::move(paper));
    }

private:
    std::optional<std::size_t> find_same(const Paper& paper) const {
        if (auto it = m_by_title.find(title_key(paper.title)); it != m_by_title.end()) return it->second;
        if (paper.repo.empty()) return std::nullopt;
        if (auto it = m_by_repo.find(repo_key(paper.repo)); it != m_by_repo.end())
            for (std::size_t i : it->second)
                if (title_similarity(m_all.papers[i].title, paper.title) >= k_same_repo_similarity) return i;
        return std::nullopt;
    }

    Catalog& m_all;
    std::unordered_map<std::string, std::size_t> m_by_title;
    std::unordered_map<std::string, std::vector<std::size_t>> m_by_repo;
    std::unordered_map<std::string, std::size_t> m_by_arxiv;
};

} // namespace

Catalog parse_lists(const std::vector<ListText>& lists, const VenueTable& venues) {
    Catalog all;
    Merger merger(all);
    for (const auto& list : lists) {
        Catalog one = parse_list(list.markdown, list.name, venues);
        for (auto& p : one.problems) all.problems.push_back(std::move(p));
        for (auto& paper : one.papers) merger.add(std::move(paper), list.name);
    }
    assign_ids(all.papers);
    return all;
}

Catalog read_lists(const std::vector<std::string>& paths, const VenueTable& venues) {
    std::vector<ListText> lists;
    for (const auto& path : paths) lists.push_back({path, read_file(path, k_max_list_bytes)});
    return parse_lists(lists, venues);
}

void assign_ids(std::vector<Paper>& papers) {
    std::set<std::string> taken;
    for (auto& paper : papers) {
        // The system's name is what people remember: the title's short name,
        // else the repository's name, else the title's first words.
        std::string base = text::slugify(short_name(paper.title));
        if (base.empty()) base = text::slugify(repo_name(paper.repo));
        if (base.empty()) base = title_slug(paper.title);
        if (base.empty()) base = "paper";
        // An id is typed and is a term of the index: a one-word title of a
        // thousand letters must not make one of a thousand.
        if (base.size() > k_max_id_base) base = text::trim(base.substr(0, k_max_id_base));
        while (!base.empty() && base.back() == '-') base.pop_back();
        std::string id = base;
        if (taken.count(id) && paper.year) id = base + "-" + std::to_string(*paper.year);
        for (int n = 2; taken.count(id); ++n) id = base + "-" + std::to_string(n);
        taken.insert(id);
        paper.id = id;
    }
}

std::size_t drop_other(Catalog& catalog) {
    const auto before = catalog.papers.size();
    std::erase_if(catalog.papers, [](const Paper& p) { return p.kind == k_kind_other; });
    return before - catalog.papers.size();
}

std::size_t count_kind(const Catalog& catalog, std::string_view kind) {
    return static_cast<std::size_t>(
        std::count_if(catalog.papers.begin(), catalog.papers.end(), [&](const Paper& p) { return p.kind == kind; }));
}

} // namespace aisys

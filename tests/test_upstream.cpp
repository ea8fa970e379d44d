// The catalogue on the real upstream list at its three saved versions
// (../shared/corpus-upstream/lists), checked against what the files say when
// read another way: every GitHub repository and arXiv link found by a plain
// pattern over the raw text must come out as some paper's repository or arXiv
// id, and no paper may come out twice.

#include <aisys/catalog.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace {

using aisys::test::slurp;
using aisys::test::venues;

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// The oracle: link targets to github.com/OWNER/REPO, other awesome lists excepted.
std::set<std::string> github_links(const std::string& text) {
    static const std::regex link(R"(\]\(\{?https?://(?:www\.)?github\.com/([^/\s)]+)/([^/\s)#?]+))");
    std::set<std::string> out;
    for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) {
        std::string repo = (*it)[2].str();
        if (repo.size() > 4 && repo.compare(repo.size() - 4, 4, ".git") == 0) repo.resize(repo.size() - 4);
        if (lower(repo).find("awesome") != std::string::npos) continue;
        out.insert(lower((*it)[1].str() + "/" + repo));
    }
    return out;
}

std::set<std::string> arxiv_links(const std::string& text) {
    static const std::regex link(R"(arxiv\.org/(?:abs|pdf)/(\d{4}\.\d{4,5}))");
    std::set<std::string> out;
    for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) out.insert((*it)[1].str());
    return out;
}

void check_no_paper_twice(const aisys::Catalog& cat) {
    std::set<std::string> keys;
    for (const auto& p : cat.papers) {
        INFO(p.title);
        CHECK(keys.insert(aisys::title_key(p.title)).second);
    }
    for (std::size_t i = 0; i < cat.papers.size(); ++i)
        for (std::size_t j = i + 1; j < cat.papers.size(); ++j) {
            const auto &a = cat.papers[i], &b = cat.papers[j];
            if (a.repo.empty() || lower(a.repo) != lower(b.repo)) continue;
            INFO(a.title << " / " << b.title);
            CHECK(aisys::title_similarity(a.title, b.title) < 0.9);
        }
}

} // namespace

TEST_CASE("upstream lists: every repository and arXiv link is a paper's, no paper twice", "[upstream]") {
    const auto shared = aisys::test::shared_dir();
    if (shared.empty()) {
        WARN("skipped: ../shared is absent");
        return;
    }
    std::vector<aisys::ListText> all;
    for (const char* version : {"2023-06-23", "2024-06-14", "HEAD"}) {
        INFO(version);
        const std::string path = shared + "/corpus-upstream/lists/awesome-ai-system." + version + ".md";
        const aisys::ListText list{path, slurp(path)};
        all.push_back(list);
        const auto cat = aisys::parse_lists({list}, venues());

        std::set<std::string> repos, arxiv_ids;
        for (const auto& p : cat.papers) {
            for (const auto* link : {&p.repo}) {
                if (auto r = aisys::github_repo(*link)) repos.insert(lower(*r));
            }
            for (const auto& other : p.other_repos)
                if (auto r = aisys::github_repo(other)) repos.insert(lower(*r));
            if (!p.arxiv_id.empty()) arxiv_ids.insert(p.arxiv_id);
        }
        const auto expected_repos = github_links(list.markdown);
        CHECK_FALSE(expected_repos.empty());
        CHECK(repos == expected_repos);
        for (const auto& id : arxiv_links(list.markdown)) {
            INFO(id);
            CHECK(arxiv_ids.count(id) == 1);
        }
        check_no_paper_twice(cat);
    }

    // All three together: still no paper twice, and each paper carries the
    // category of every section it was listed in.
    const auto merged = aisys::parse_lists(all, venues());
    check_no_paper_twice(merged);
    std::size_t in_two_sections = 0;
    for (const auto& p : merged.papers) {
        std::set<std::string> sections;
        for (const auto& l : p.listings)
            if (!l.section.empty()) sections.insert(l.section.back());
        INFO(p.title);
        CHECK(std::set<std::string>(p.categories.begin(), p.categories.end()) == sections);
        in_two_sections += sections.size() > 1;
    }
    CHECK(in_two_sections > 0);
}

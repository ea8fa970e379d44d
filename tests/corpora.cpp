#include "corpora.hpp"

#include "fixtures.hpp"

#include <aisys/catalog.hpp>
#include <aisys/document.hpp>
#include <aisys/index.hpp>
#include <aisys/paths.hpp>
#include <aisys/synonyms.hpp>
#include <aisys/text.hpp>
#include <aisys/venue.hpp>

#include "index/schema.hpp"
#include "index/store.hpp"

#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <sstream>

namespace fs = std::filesystem;

namespace aisys::test {

namespace {

std::string read(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(s);
    while (std::getline(in, cell, sep)) out.push_back(cell);
    return out;
}

// A repository's README under `root`: README* in any case, the first by name.
std::optional<fs::path> find_readme(const fs::path& root, const std::string& repo) {
    const fs::path dir = root / repo;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return std::nullopt;
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file() && text::to_lower(e.path().filename().string()).rfind("readme", 0) == 0)
            found.push_back(e.path());
    if (found.empty()) return std::nullopt;
    return *std::min_element(found.begin(), found.end());
}

} // namespace

std::size_t attach_readmes(std::vector<Paper>& papers, const std::vector<fs::path>& roots) {
    std::size_t attached = 0;
    for (auto& p : papers) {
        std::vector<std::string> links{p.repo};
        links.insert(links.end(), p.other_repos.begin(), p.other_repos.end());
        bool done = false;
        for (const auto& link : links) {
            const auto repo = github_repo(link);
            for (const auto& root : roots) {
                const auto file = repo ? find_readme(root, *repo) : std::nullopt;
                if (!file) continue;
                p.readme = readme_to_text(read(*file), file->filename().string());
                ++attached;
                done = true;
                break;
            }
            if (done) break;
        }
    }
    return attached;
}

std::size_t attach_abstracts(std::vector<Paper>& papers, const fs::path& corpus, std::vector<std::string>* unmatched) {
    std::map<std::string, Paper*> by_title;
    for (auto& p : papers) by_title.emplace(text::to_lower(text::collapse_whitespace(p.title)), &p);
    std::istringstream tsv(read(corpus / "papers.tsv"));
    std::string line;
    std::getline(tsv, line);  // the header
    std::size_t attached = 0;
    while (std::getline(tsv, line)) {
        const auto cols = split(line, '\t');
        if (cols.size() < 10) continue;
        const auto it = by_title.find(text::to_lower(text::collapse_whitespace(cols[2])));
        if (it == by_title.end()) {
            if (unmatched) unmatched->push_back(cols[2]);
            continue;
        }
        it->second->abstract = text::trim(read(corpus / cols[9]));
        it->second->authors = split(cols[6], ';');
        ++attached;
    }
    return attached;
}

std::vector<Paper> builtin_corpus(const std::string& shared) {
    const fs::path corpus = fs::path(shared) / "corpus";
    if (shared.empty() || !fs::exists(corpus / "papers.tsv")) return {};
    std::vector<Paper> papers = read_lists({default_list()}, venues()).papers;
    attach_readmes(papers, {corpus / "github"});
    attach_abstracts(papers, corpus);
    return papers;
}

std::vector<Paper> upstream_corpus(const std::string& shared) {
    const fs::path root = fs::path(shared) / "corpus-upstream";
    const fs::path list = root / "lists" / "awesome-ai-system.HEAD.md";
    if (shared.empty() || !fs::exists(list)) return {};
    std::vector<Paper> papers = read_lists({list.string()}, venues()).papers;
    attach_readmes(papers, {root / "github"});
    return papers;
}

std::vector<Paper> generated_corpus(std::size_t count, std::uint32_t seed) {
    std::mt19937 rng(seed);
    // Words every field shares: most papers say most of them, as real
    // abstracts all say "model", "training", "gpu" and "system".
    static const std::vector<std::string> common = {
        "model", "training", "gpu", "system", "inference", "memory", "data", "performance", "deep", "learning",
        "efficient", "distributed", "large", "language", "throughput", "latency", "cluster", "scheduling",
        "parallel", "energy", "network", "compute", "serving", "cache", "graph", "sparse", "kernel", "compiler"};
    static const std::vector<std::string> syllables = {"ka", "lo", "mi", "ren", "sto", "vex", "dar", "pi", "qu",
                                                       "zel", "tor", "fin", "gra", "hul", "jo", "nex", "bri", "cy"};
    std::vector<std::string> tail;  // a long tail of rarer invented words
    for (std::size_t i = 0; i < 400; ++i)
        tail.push_back(syllables[i % syllables.size()] + syllables[(i / 7) % syllables.size()] +
                       syllables[(i / 49) % syllables.size()]);
    static const std::vector<std::string> venue_names = {"OSDI", "SOSP", "NSDI", "EuroSys", "ATC", "MLSys", "ASPLOS",
                                                    "arXiv", "SC", "VLDB"};
    static const std::vector<std::string> categories = {"Training", "Serving", "Schedule", "Compiler", "Memory",
                                                        "Networking"};
    auto words = [&](std::size_t n, double common_share) {
        std::string out;
        std::geometric_distribution<std::size_t> zipf(0.02);
        for (std::size_t i = 0; i < n; ++i) {
            const bool is_common = std::uniform_real_distribution<>(0, 1)(rng) < common_share;
            const std::string& w = is_common ? common[rng() % common.size()] : tail[std::min(zipf(rng), tail.size() - 1)];
            out += (out.empty() ? "" : " ") + w;
        }
        return out;
    };
    std::vector<Paper> papers;
    for (std::size_t i = 0; i < count; ++i) {
        Paper p;
        p.id = "gen-" + std::to_string(i);
        std::string title = words(4 + rng() % 6, 0.6);
        title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
        p.title = title;
        if (const auto* v = venues().find(venue_names[rng() % venue_names.size()])) {
            p.venue = v->name;
            p.venue_kind = v->kind;
            p.venue_known = true;
        }
        p.year = 2015 + static_cast<int>(rng() % 11);
        p.categories = {categories[rng() % categories.size()]};
        if (rng() % 4 == 0) p.categories.push_back(categories[rng() % categories.size()]);
        std::sort(p.categories.begin(), p.categories.end());
        p.categories.erase(std::unique(p.categories.begin(), p.categories.end()), p.categories.end());
        if (rng() % 5 != 0) p.abstract = words(40 + rng() % 80, 0.5) + ".";
        if (rng() % 3 != 0) p.readme = words(60 + rng() % 300, 0.4) + ".";
        p.repo = "https://github.com/generated/" + p.id;
        p.authors = {"Ada " + tail[rng() % tail.size()], "Lin " + tail[rng() % tail.size()]};
        p.listings.push_back({"generated.md", {"Generated", p.categories.front()}, static_cast<int>(i + 1)});
        papers.push_back(std::move(p));
    }
    return papers;
}

void build_corpus_index(const std::string& dir, const std::vector<Paper>& papers, const std::string& source) {
    build_test_index(dir, papers, TestIndexOptions{true, {source}, 1});
}

std::vector<std::pair<std::string, unsigned>> index_words(const std::string& dir) {
    const Xapian::Database db((fs::path(dir) / store::current_generation(dir)).string());
    std::map<std::string, unsigned> most;  // a word in several fields: its largest count
    auto add = [&](std::string_view word, unsigned count) {
        unsigned& n = most[std::string(word)];
        n = std::max(n, count);
    };
    for (auto t = db.allterms_begin(); t != db.allterms_end(); ++t) {
        const std::string term = *t;
        // The words as written that exact fields keep, and the README's
        // stems (READMEs keep no other form): what a user could type.
        if (const auto word = schema::written_word(term); !word.empty()) add(word, t.get_termfreq());
        else if (term.rfind("ZXRD", 0) == 0 && term.size() > 4 && std::islower(static_cast<unsigned char>(term[4])))
            add(std::string_view(term).substr(4), t.get_termfreq());
    }
    std::vector<std::pair<std::string, unsigned>> words(most.begin(), most.end());
    std::stable_sort(words.begin(), words.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return words;
}

} // namespace aisys::test

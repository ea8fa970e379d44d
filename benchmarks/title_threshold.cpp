// Measures the title-similarity threshold for accepting an abstract.
//
// Negatives: every pair of different papers in the upstream lists of
// ../shared/corpus-upstream (a search result with another paper's title must
// score below the threshold). Positives: each title against the forms a search
// result really gives it: the title as the paper spells it in papers.tsv of
// ../shared/corpus, and the list's title with case, braces, hyphens or a
// trailing period changed.
//
//   build/benchmarks/title_threshold [SHARED_DIR]

#include <CLI/CLI.hpp>

#include <aisys/catalog.hpp>
#include <aisys/fetch.hpp>
#include <aisys/paths.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    fs::path shared = AISYS_SHARED_DIR;
    CLI::App app{"Title similarity of the papers of the upstream lists, for the title-match threshold", "title_threshold"};
    app.add_option("shared", shared, "The shared folder beside the project")->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (!fs::is_directory(shared / "corpus-upstream" / "lists")) {
        std::fprintf(stderr, "skipped: %s has no corpus-upstream/lists\n", shared.c_str());
        return 0;
    }
    const auto venues = aisys::VenueTable::load(aisys::venue_table_path());
    std::vector<std::string> titles;
    for (const auto& e : fs::directory_iterator(shared / "corpus-upstream" / "lists")) {
        const auto cat = aisys::read_lists({e.path().string()}, venues);
        for (const auto& p : cat.papers) titles.push_back(p.title);
    }
    std::sort(titles.begin(), titles.end());
    titles.erase(std::unique(titles.begin(), titles.end(),
                             [](const std::string& a, const std::string& b) { return aisys::title_key(a) == aisys::title_key(b); }),
                 titles.end());

    // Negatives: the most similar pair of different papers.
    double worst = 0;
    std::string worst_a, worst_b;
    std::size_t above[5] = {};
    const double thresholds[5] = {0.7, 0.8, 0.85, 0.9, 0.95};
    std::size_t pairs = 0;
    for (std::size_t i = 0; i < titles.size(); ++i)
        for (std::size_t j = i + 1; j < titles.size(); ++j) {
            const double s = aisys::title_similarity(titles[i], titles[j]);
            ++pairs;
            for (int k = 0; k < 5; ++k) above[k] += s >= thresholds[k];
            if (s > worst) worst = s, worst_a = titles[i], worst_b = titles[j];
            if (std::getenv("SHOW_PAIRS") && s >= 0.6) std::printf("%.3f | %s | %s\n", s, titles[i].c_str(), titles[j].c_str());
        }

    // Positives: list titles against their spelling in papers.tsv, and edited forms.
    const auto ours = aisys::read_lists({aisys::default_list_path()}, venues).papers;
    std::ifstream tsv(shared / "corpus" / "papers.tsv");
    std::string line;
    std::getline(tsv, line);
    double lowest_positive = 1;
    std::size_t positives = 0;
    auto positive = [&](const std::string& a, const std::string& b) {
        lowest_positive = std::min(lowest_positive, aisys::title_similarity(a, b));
        ++positives;
    };
    while (std::getline(tsv, line)) {
        std::istringstream in(line);
        std::string name, category, title;
        std::getline(in, name, '\t');
        std::getline(in, category, '\t');
        std::getline(in, title, '\t');
        for (const auto& p : ours)
            if (p.repo.size() >= name.size() && p.repo.compare(p.repo.size() - name.size(), name.size(), name) == 0)
                positive(p.title, title);
    }
    for (const auto& t : titles) {
        std::string lower = t, dehyphen = t;
        std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
        std::replace(dehyphen.begin(), dehyphen.end(), '-', ' ');
        positive(t, lower + ".");
        positive(t, dehyphen);
    }

    std::printf("distinct titles in the upstream lists: %zu (%zu pairs of different entries)\n", titles.size(), pairs);
    std::printf("most similar different entries: %.3f\n  %s\n  %s\n", worst, worst_a.c_str(), worst_b.c_str());
    for (int k = 0; k < 5; ++k)
        std::printf("pairs of different entries at or above %.2f: %zu\n", thresholds[k], above[k]);
    std::printf("positive pairs: %zu, lowest similarity %.3f\n", positives, lowest_positive);
    return 0;
}

// Catalogue speed: parsing each upstream list of ../shared/corpus-upstream
// (and the three together, merged) many times; prints milliseconds per parse.
//
//   build/benchmarks/parse_bench [SHARED_DIR]

#include <CLI/CLI.hpp>

#include <aisys/catalog.hpp>
#include <aisys/paths.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace {

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

template <typename F>
double median_ms(F&& f, int runs) {
    std::vector<double> ms;
    for (int i = 0; i < runs; ++i) {
        const auto start = std::chrono::steady_clock::now();
        f();
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
    }
    std::sort(ms.begin(), ms.end());
    return ms[ms.size() / 2];
}

} // namespace

int main(int argc, char** argv) {
    fs::path shared = AISYS_SHARED_DIR;
    CLI::App app{"Catalogue speed: the upstream lists parsed, median of 50", "parse_bench"};
    app.add_option("shared", shared, "The shared folder beside the project")->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    const fs::path lists = shared / "corpus-upstream" / "lists";
    if (!fs::is_directory(lists)) {
        std::fprintf(stderr, "skipped: %s is absent\n", lists.c_str());
        return 0;
    }
    const auto venues = aisys::VenueTable::load(aisys::venue_table_path());
    std::vector<aisys::ListText> all;
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(lists))
        if (e.path().extension() == ".md") files.push_back(e.path());
    std::sort(files.begin(), files.end());
    std::printf("%-40s %8s %8s %12s\n", "list", "lines", "papers", "ms (median)");
    for (const auto& f : files) {
        const aisys::ListText list{f.filename().string(), slurp(f)};
        all.push_back(list);
        std::size_t papers = 0;
        const double ms = median_ms([&] { papers = aisys::parse_lists({list}, venues).papers.size(); }, 50);
        std::printf("%-40s %8zu %8zu %12.3f\n", list.name.c_str(),
                    static_cast<std::size_t>(std::count(list.markdown.begin(), list.markdown.end(), '\n')), papers, ms);
    }
    std::size_t merged = 0;
    const double ms = median_ms([&] { merged = aisys::parse_lists(all, venues).papers.size(); }, 50);
    std::printf("%-40s %8s %8zu %12.3f\n", "all three, merged", "", merged, ms);
    return 0;
}

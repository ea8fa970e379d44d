// How well the catalogue reads real awesome lists (issue 13): each list of
// ../shared/lists-dev that has typed ground truth in benchmarks/catalog/truth/
// is read as `aisys-search index --list FILE` reads it, and every truth row
// (one entry of the list, found by the line it starts on) is compared field by
// field with the paper the reader made of it.
//
// Ground truth (truth/LIST.tsv, typed by reading the markdown, never from a
// parser's output): line, kind (paper|project|other), title, venue, year,
// authors ("; "-separated), repo (owner/name), arxiv, doi. held_out.txt names
// the lists kept out of the reader's tuning; they are reported apart.
//
//   catalog_score [--truth DIR] [--lists DIR] [--verbose]

#include <aisys/catalog.hpp>
#include <aisys/paths.hpp>
#include <aisys/text.hpp>
#include <aisys/venue.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

struct Row {
    int line = 0;
    std::string kind, title, venue, year, authors, repo, arxiv, doi;
};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cell;
    std::istringstream in(s);
    while (std::getline(in, cell, sep)) out.push_back(cell);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

std::vector<Row> read_truth(const fs::path& file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);  // the header
    std::vector<Row> rows;
    int n = 1;
    while (std::getline(in, line)) {
        ++n;
        if (line.empty()) continue;
        const auto c = split(line, '\t');
        if (c.size() != 9) throw std::runtime_error(file.string() + ":" + std::to_string(n) + ": " +
                                                    std::to_string(c.size()) + " columns, 9 expected");
        rows.push_back({std::stoi(c[0]), c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]});
    }
    return rows;
}

// What the reader says of an entry, in the truth's terms.
Row observed(const aisys::Paper& p, int line) {
    Row r;
    r.line = line;
    r.kind = p.kind;
    r.title = p.title;
    r.venue = p.venue;
    r.year = p.year ? std::to_string(*p.year) : "";
    for (const auto& a : p.authors) r.authors += (r.authors.empty() ? "" : "; ") + a;
    if (const auto repo = aisys::github_repo(p.repo)) r.repo = *repo;
    r.arxiv = p.arxiv_id;
    r.doi = p.doi;
    return r;
}

// A count of right answers out of those asked.
struct Ratio {
    std::size_t right = 0, asked = 0;
    void add(bool ok) {
        ++asked;
        right += ok;
    }
    void add(const Ratio& o) {
        right += o.right;
        asked += o.asked;
    }
    std::string str() const {
        if (asked == 0) return "     -";
        char buf[64];
        std::snprintf(buf, sizeof buf, "%5.1f%% (%zu/%zu)", 100.0 * static_cast<double>(right) / static_cast<double>(asked),
                      right, asked);
        return buf;
    }
};

struct Score {
    Ratio found, title, venue, year, authors, repo, arxiv, doi, kind;
    Ratio not_papers;  // entries the reader keeps as papers or projects that are other: right = wrongly kept
    std::size_t spurious = 0;  // papers the reader made at lines no truth row starts on
    void add(const Score& o) {
        for (auto [a, b] : {std::pair{&found, &o.found}, {&title, &o.title}, {&venue, &o.venue}, {&year, &o.year},
                            {&authors, &o.authors}, {&repo, &o.repo}, {&arxiv, &o.arxiv}, {&doi, &o.doi},
                            {&kind, &o.kind}, {&not_papers, &o.not_papers}})
            a->add(*b);
        spurious += o.spurious;
    }
};

bool same_text(const std::string& a, const std::string& b) {
    return aisys::text::collapse_whitespace(a) == aisys::text::collapse_whitespace(b);
}

Score score(const fs::path& list, const std::vector<Row>& truth, const aisys::VenueTable& venues, bool verbose) {
    const aisys::Catalog catalog = aisys::read_lists({list.string()}, venues);
    std::map<int, Row> made;  // line -> what the reader made of the entry there
    for (const auto& p : catalog.papers)
        for (const auto& l : p.listings) made.emplace(l.line, observed(p, l.line));
    Score s;
    std::set<int> truth_lines;
    for (const auto& t : truth) {
        truth_lines.insert(t.line);
        const auto it = made.find(t.line);
        s.found.add(it != made.end());
        if (it == made.end()) {
            if (verbose) std::printf("  missed %d: %s\n", t.line, t.title.c_str());
            continue;
        }
        const Row& m = it->second;
        auto check = [&](Ratio& r, const std::string& want, const std::string& got, const char* field, bool ok) {
            r.add(ok);
            if (!ok && verbose)
                std::printf("  %d %s: want '%s', got '%s'\n", t.line, field, want.c_str(), got.c_str());
        };
        check(s.title, t.title, m.title, "title", same_text(t.title, m.title));
        check(s.kind, t.kind, m.kind, "kind", t.kind == m.kind);
        if (!t.venue.empty()) check(s.venue, t.venue, m.venue, "venue", aisys::text::to_lower(t.venue) == aisys::text::to_lower(m.venue));
        if (!t.year.empty()) check(s.year, t.year, m.year, "year", t.year == m.year);
        if (!t.authors.empty()) check(s.authors, t.authors, m.authors, "authors", same_text(t.authors, m.authors));
        if (!t.repo.empty()) check(s.repo, t.repo, m.repo, "repo", aisys::text::to_lower(t.repo) == aisys::text::to_lower(m.repo));
        if (!t.arxiv.empty()) check(s.arxiv, t.arxiv, m.arxiv, "arxiv", t.arxiv == m.arxiv);
        if (!t.doi.empty()) check(s.doi, t.doi, m.doi, "doi", aisys::text::to_lower(t.doi) == aisys::text::to_lower(m.doi));
    }
    // Over what the reader kept: entries that are neither papers nor projects, and entries where the truth has none.
    for (const auto& [line, m] : made) {
        const auto t = std::find_if(truth.begin(), truth.end(), [&](const Row& r) { return r.line == line; });
        if (t == truth.end()) {
            ++s.spurious;
            if (verbose) std::printf("  spurious %d: %s\n", line, m.title.c_str());
            continue;
        }
        if (m.kind != "other") s.not_papers.add(t->kind == "other");
    }
    return s;
}

void print(const std::string& name, const Score& s) {
    std::printf("%s\n", name.c_str());
    std::printf("  entries found      %s\n", s.found.str().c_str());
    std::printf("  titles clean       %s\n", s.title.str().c_str());
    std::printf("  kind right         %s\n", s.kind.str().c_str());
    std::printf("  venue right        %s\n", s.venue.str().c_str());
    std::printf("  year right         %s\n", s.year.str().c_str());
    std::printf("  authors right      %s\n", s.authors.str().c_str());
    std::printf("  repository right   %s\n", s.repo.str().c_str());
    std::printf("  arXiv id right     %s\n", s.arxiv.str().c_str());
    std::printf("  DOI right          %s\n", s.doi.str().c_str());
    std::printf("  not papers kept    %s (of the entries kept as papers or projects)\n", s.not_papers.str().c_str());
    std::printf("  spurious entries   %zu\n", s.spurious);
}

} // namespace

int main(int argc, char** argv) {
    fs::path truth_dir = fs::path(AISYS_SOURCE_DIR) / "benchmarks" / "catalog" / "truth";
    fs::path lists_dir = fs::path(AISYS_SHARED_DIR) / "lists-dev";
    bool verbose = false;
    CLI::App app{"How well the catalogue reads real awesome lists, against typed ground truth", "catalog_score"};
    app.add_option("--truth", truth_dir, "Folder of LIST.tsv ground truth and held_out.txt")->capture_default_str();
    app.add_option("--lists", lists_dir, "Folder of the lists (../shared/lists-dev)")->capture_default_str();
    app.add_flag("--verbose", verbose, "Every miss, wrong field and spurious entry");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    }
    if (!fs::is_directory(lists_dir)) {
        std::fprintf(stderr, "skipped: %s is absent\n", lists_dir.c_str());
        return 0;
    }
    try {
        std::set<std::string> held_out;
        std::ifstream h(truth_dir / "held_out.txt");
        for (std::string line; std::getline(h, line);)
            if (!line.empty() && line[0] != '#') held_out.insert(aisys::text::trim(line));
        const auto venues = aisys::VenueTable::load(aisys::venue_table_path());
        std::vector<fs::path> files;
        for (const auto& e : fs::directory_iterator(truth_dir))
            if (e.path().extension() == ".tsv") files.push_back(e.path());
        std::sort(files.begin(), files.end());
        Score dev, held;
        for (const auto& f : files) {
            const std::string stem = f.stem().string();
            const fs::path list = lists_dir / (stem + ".md");
            const bool is_held = held_out.count(stem) > 0;
            const Score s = score(list, read_truth(f), venues, verbose);
            print(stem + (is_held ? " (held out)" : ""), s);
            (is_held ? held : dev).add(s);
        }
        print("ALL TUNED-ON LISTS", dev);
        print("ALL HELD-OUT LISTS", held);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "catalog_score: %s\n", e.what());
        return 2;
    }
}

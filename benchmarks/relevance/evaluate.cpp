// Judged evaluation: aisys-search's ranking against an SQLite FTS5 baseline
// over the very same papers and text, scored with nDCG@10, MRR and P@5 per
// query class on the judgments in benchmarks/relevance/.
//
// The corpus is what `aisys-search index --list index/awesome-ai-system.md
// --list <upstream HEAD list>` would build, with the READMEs and summaries of
// ../shared standing in for the network: no fetch, so every run sees the same text.
//
//   benchmarks/relevance/run.sh [--queries FILE] [--judgments FILE] [--verbose] [--markdown] [--similar]
//
// With --similar, `similar` is scored instead (benchmarks/relevance/similar.hpp).

#include "corpora.hpp"

#include <CLI/CLI.hpp>

#include <aisys/catalog.hpp>
#include <aisys/document.hpp>
#include <aisys/error.hpp>
#include <aisys/index.hpp>
#include <aisys/search.hpp>
#include <aisys/synonyms.hpp>
#include <aisys/text.hpp>

#include "relevance/similar.hpp"
#include "sqlite_db.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace fs = std::filesystem;

namespace {

// bm25() weight of each FTS5 column, in table order: title, categories, venue,
// authors, abstract, readme. In the spirit of aisys's field weights
// (src/index/schema.hpp: title and category heading high, README low) but not
// tuned: the baseline is what one would write in an afternoon with FTS5.
constexpr std::array<double, 6> k_fts5_weights = {10.0, 5.0, 1.0, 1.0, 1.0, 0.3};
constexpr std::size_t k_depth = 10;           // nDCG@10, MRR within the top 10
constexpr std::size_t k_precision_depth = 5;  // P@5

struct Options {
    fs::path queries = fs::path(AISYS_SOURCE_DIR) / "benchmarks" / "relevance" / "queries.tsv";
    fs::path judgments = fs::path(AISYS_SOURCE_DIR) / "benchmarks" / "relevance" / "judgments.tsv";
    bool verbose = false;   // per-query scores and top 5s
    bool markdown = false;  // the table as markdown, for benchmarks/RESULTS.md
    bool similar = false;   // score `similar` of each judged paper instead of the queries
    std::string keep_index; // also build the index here, to look at with `aisys-search --db DIR --explain`
};

Options parse_options(int argc, char** argv) {
    Options o;
    CLI::App app{"Judged relevance of aisys-search against SQLite FTS5", "relevance_eval"};
    app.add_option("--queries", o.queries, "The queries, a TSV file")->check(CLI::ExistingFile);
    app.add_option("--judgments", o.judgments, "The graded judgments, a TSV file")->check(CLI::ExistingFile);
    app.add_flag("--verbose", o.verbose, "Per-query scores and top 5s");
    app.add_flag("--markdown", o.markdown, "The table as markdown, for benchmarks/RESULTS.md");
    app.add_flag("--similar", o.similar, "Score 'similar' of each judged paper against the other papers of its queries");
    app.add_option("--keep-index", o.keep_index, "Also build the aisys index here, to look at with --explain");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        std::exit(app.exit(e));
    }
    return o;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> parts;
    std::istringstream in(s);
    for (std::string part; std::getline(in, part, sep);) parts.push_back(part);
    if (!s.empty() && s.back() == sep) parts.emplace_back();
    return parts;
}

// --- The corpus ------------------------------------------------------------

struct Corpus {
    std::vector<std::string> lists;  // list paths, as `index --list` would record them
    std::vector<aisys::Paper> papers;
    std::size_t readmes = 0;
    std::size_t abstracts = 0;
};

// The lists `index --list` would be given, read with `data`'s venue table.
Corpus load_corpus(const fs::path& data, const fs::path& shared, const aisys::VenueTable& venues) {
    Corpus c;
    c.lists = {(data / "awesome-ai-system.md").string(),
               (shared / "corpus-upstream" / "lists" / "awesome-ai-system.HEAD.md").string()};
    c.papers = aisys::read_lists(c.lists, venues).papers;
    c.readmes = aisys::test::attach_readmes(c.papers, {shared / "corpus" / "github", shared / "corpus-upstream" / "github"});
    std::vector<std::string> unmatched;
    c.abstracts = aisys::test::attach_abstracts(c.papers, shared / "corpus", &unmatched);
    for (const auto& title : unmatched)
        std::fprintf(stderr, "note: papers.tsv: '%s' is in no list; its summary is unused\n", title.c_str());
    return c;
}

// --- Queries and judgments ---------------------------------------------------

struct Query {
    std::string qid;
    std::string cls;
    std::string text;
    std::map<std::string, int> grades;  // paper id -> 1 or 2; unlisted papers are 0
};

struct TsvRow {
    int line = 0;
    std::vector<std::string> cols;
};

// The rows after `header`, '#' comments and blank lines skipped; each must have the header's columns.
std::vector<TsvRow> read_tsv(const fs::path& path, const std::string& header) {
    std::istringstream in(slurp(path));
    std::vector<TsvRow> rows;
    bool seen_header = false;
    int number = 0;
    const std::size_t columns = split(header, '\t').size();
    for (std::string line; std::getline(in, line);) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        const std::string where = path.string() + ":" + std::to_string(number) + ": ";
        if (!seen_header) {
            if (line != header) throw std::runtime_error(where + "expected the header '" + header + "'");
            seen_header = true;
            continue;
        }
        auto cols = split(line, '\t');
        if (cols.size() != columns)
            throw std::runtime_error(where + "expected " + std::to_string(columns) + " tab-separated columns");
        rows.push_back({number, std::move(cols)});
    }
    if (!seen_header) throw std::runtime_error(path.string() + ": no header '" + header + "'");
    return rows;
}

std::vector<Query> load_queries(const Options& o, const std::vector<aisys::Paper>& papers) {
    std::vector<Query> queries;
    std::map<std::string, std::size_t> by_qid;
    for (const auto& row : read_tsv(o.queries, "qid\tclass\tquery")) {
        if (!by_qid.emplace(row.cols[0], queries.size()).second)
            throw std::runtime_error(o.queries.string() + ":" + std::to_string(row.line) + ": qid '" + row.cols[0] +
                                     "' appears twice");
        queries.push_back({row.cols[0], row.cols[1], row.cols[2], {}});
    }
    std::set<std::string> ids;
    for (const auto& p : papers) ids.insert(p.id);
    for (const auto& row : read_tsv(o.judgments, "qid\tid\tgrade")) {
        const std::string where = o.judgments.string() + ":" + std::to_string(row.line) + ": ";
        const auto& [qid, id, grade] = std::tie(row.cols[0], row.cols[1], row.cols[2]);
        const auto q = by_qid.find(qid);
        if (q == by_qid.end()) throw std::runtime_error(where + "qid '" + qid + "' has no query in " + o.queries.string());
        if (!ids.count(id)) throw std::runtime_error(where + "'" + id + "' is not the id of a paper in the corpus");
        if (grade != "1" && grade != "2") throw std::runtime_error(where + "grade '" + grade + "' is not 1 or 2");
        queries[q->second].grades[id] = std::stoi(grade);
    }
    return queries;
}

// --- The two systems ---------------------------------------------------------

// A fresh folder under the system's temporary folder, removed with all it holds.
class TempDir {
public:
    TempDir() {
        std::string pattern = (fs::temp_directory_path() / "aisys-relevance-XXXXXX").string();
        if (!::mkdtemp(pattern.data()))
            throw std::runtime_error("cannot create a temporary folder: " + std::string(std::strerror(errno)));
        m_path = pattern;
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(m_path, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return m_path; }

private:
    fs::path m_path;
};

// aisys-search's top ids. A query it refuses scores as an empty result, said
// on stderr, so that one bad query does not hide the others.
std::vector<std::string> aisys_top(const aisys::Index& index, const Query& q) {
    aisys::SearchRequest request;
    request.query = q.text;
    request.limit = k_depth;
    request.snippets = false;
    std::vector<std::string> ids;
    try {
        for (const auto& hit : index.search(request).hits) ids.push_back(hit.paper.id);
    } catch (const aisys::QueryError& e) {
        std::fprintf(stderr, "note: %s: aisys-search refused '%s': %s; scored as no results\n", q.qid.c_str(),
                     q.text.c_str(), e.what());
    }
    return ids;
}

// FTS5 in memory over the same papers and text, one row per paper (rowid = its position).
using aisys::bench::Statement;

class Fts5Baseline {
public:
    explicit Fts5Baseline(const std::vector<aisys::Paper>& papers)
        : m_papers(papers), m_db(":memory:", SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) {
        m_db.exec("CREATE VIRTUAL TABLE t USING fts5(title, categories, venue, authors, abstract, readme,"
             " tokenize = 'porter unicode61')");
        m_db.exec("BEGIN");
        const Statement insert = m_db.prepare(
            "INSERT INTO t(rowid, title, categories, venue, authors, abstract, readme) VALUES (?, ?, ?, ?, ?, ?, ?)");
        for (std::size_t i = 0; i < papers.size(); ++i) {
            const auto& p = papers[i];
            std::string venue = p.venue;
            if (p.year) venue += ' ' + std::to_string(*p.year);
            const std::array<std::string, 6> columns = {p.title, join(p.categories, " "), venue, join(p.authors, "; "),
                                                        p.abstract, p.readme};
            sqlite3_bind_int64(insert.get(), 1, static_cast<sqlite3_int64>(i));
            for (std::size_t c = 0; c < columns.size(); ++c)
                sqlite3_bind_text(insert.get(), static_cast<int>(c + 2), columns[c].data(),
                                  static_cast<int>(columns[c].size()), SQLITE_TRANSIENT);
            if (sqlite3_step(insert.get()) != SQLITE_DONE) m_db.fail("inserting " + p.id);
            sqlite3_reset(insert.get());
        }
        m_db.exec("COMMIT");
        // Ties broken by list order, so that runs are repeatable.
        m_search = m_db.prepare("SELECT rowid FROM t WHERE t MATCH ? ORDER BY bm25(t" + weights() + "), rowid LIMIT " +
                           std::to_string(k_depth));
    }
    Fts5Baseline(const Fts5Baseline&) = delete;
    Fts5Baseline& operator=(const Fts5Baseline&) = delete;

    std::vector<std::string> top(const std::string& query) const {
        const std::string match = fts5_query(query);
        std::vector<std::string> ids;
        if (match.empty()) return ids;
        sqlite3_bind_text(m_search.get(), 1, match.data(), static_cast<int>(match.size()), SQLITE_TRANSIENT);
        int rc;
        while ((rc = sqlite3_step(m_search.get())) == SQLITE_ROW)
            ids.push_back(m_papers[static_cast<std::size_t>(sqlite3_column_int64(m_search.get(), 0))].id);
        sqlite3_reset(m_search.get());
        if (rc != SQLITE_DONE) m_db.fail("searching for " + match);
        return ids;
    }

private:

    // Each word quoted, so no character of a query is FTS5 syntax; joined by
    // OR, because FTS5's implicit AND finds nothing for most multi-word or
    // misspelt queries, which would make the baseline unfairly weak.
    static std::string fts5_query(const std::string& query) {
        std::string words;
        for (char c : query) {
            const auto u = static_cast<unsigned char>(c);
            words += std::isalnum(u) || u >= 0x80 ? static_cast<char>(std::tolower(u)) : ' ';
        }
        std::string match;
        for (const auto& w : split(aisys::text::collapse_whitespace(words), ' '))
            if (!w.empty()) match += (match.empty() ? "\"" : " OR \"") + w + "\"";
        return match;
    }

    static std::string weights() {
        std::string s;
        for (double w : k_fts5_weights) s += ", " + std::to_string(w);
        return s;
    }

    static std::string join(const std::vector<std::string>& parts, const std::string& sep) {
        std::string s;
        for (const auto& p : parts) s += (s.empty() ? "" : sep) + p;
        return s;
    }

    const std::vector<aisys::Paper>& m_papers;
    aisys::bench::SqliteDb m_db;
    Statement m_search{nullptr, sqlite3_finalize};  // after m_db: finalised before it closes
};

// --- Scores ------------------------------------------------------------------

struct Scores {
    double ndcg = 0;
    double mrr = 0;
    double p5 = 0;
};

int grade_of(const Query& q, const std::string& id) {
    const auto it = q.grades.find(id);
    return it == q.grades.end() ? 0 : it->second;
}

// nDCG@10 with the grade as gain, against the best ordering of all judged
// papers; MRR of the first grade-2 paper; P@5 of papers graded 1 or 2.
Scores score(const std::vector<std::string>& ranked, const Query& q) {
    Scores s;
    double dcg = 0;
    for (std::size_t r = 0; r < ranked.size() && r < k_depth; ++r) {
        const int g = grade_of(q, ranked[r]);
        dcg += g / std::log2(double(r) + 2);
        if (g == 2 && s.mrr == 0) s.mrr = 1.0 / double(r + 1);
        if (r < k_precision_depth && g >= 1) s.p5 += 1.0 / k_precision_depth;
    }
    std::vector<int> ideal;
    for (const auto& [id, g] : q.grades) ideal.push_back(g);
    std::sort(ideal.rbegin(), ideal.rend());
    double idcg = 0;
    for (std::size_t r = 0; r < ideal.size() && r < k_depth; ++r) idcg += ideal[r] / std::log2(double(r) + 2);
    s.ndcg = idcg > 0 ? dcg / idcg : 0;
    return s;
}

// Sums over a class of queries; the table prints their means.
struct Row {
    explicit Row(std::string row_name) : name(std::move(row_name)) {}

    std::string name;
    std::size_t queries = 0;
    Scores aisys;
    Scores fts5;

    void add(const Scores& a, const Scores& f) {
        ++queries;
        aisys.ndcg += a.ndcg, aisys.mrr += a.mrr, aisys.p5 += a.p5;
        fts5.ndcg += f.ndcg, fts5.mrr += f.mrr, fts5.p5 += f.p5;
    }
};

std::string top_ids(const std::vector<std::string>& ranked, const Query& q) {
    std::string s;
    for (std::size_t r = 0; r < ranked.size() && r < k_precision_depth; ++r)
        s += (s.empty() ? "" : " ") + ranked[r] + "(" + std::to_string(grade_of(q, ranked[r])) + ")";
    return s.empty() ? "(nothing)" : s;
}

void print_table(const std::vector<Row>& rows, bool markdown) {
    if (markdown)
        std::printf("| class | queries | nDCG@10 aisys | nDCG@10 FTS5 | change | MRR aisys | MRR FTS5 | P@5 aisys | "
                    "P@5 FTS5 |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    else
        std::printf("%-16s %7s %13s %12s %8s %9s %8s %9s %8s\n", "class", "queries", "nDCG@10 aisys", "nDCG@10 FTS5",
                    "change", "MRR aisys", "MRR FTS5", "P@5 aisys", "P@5 FTS5");
    for (const auto& r : rows) {
        const double n = double(std::max<std::size_t>(r.queries, 1));
        char change[32] = "n/a";
        if (r.fts5.ndcg > 0) std::snprintf(change, sizeof change, "%+.1f%%", (r.aisys.ndcg / r.fts5.ndcg - 1) * 100);
        std::printf(markdown ? "| %s | %zu | %.3f | %.3f | %s | %.3f | %.3f | %.3f | %.3f |\n"
                             : "%-16s %7zu %13.3f %12.3f %8s %9.3f %8.3f %9.3f %8.3f\n",
                    r.name.c_str(), r.queries, r.aisys.ndcg / n, r.fts5.ndcg / n, change, r.aisys.mrr / n,
                    r.fts5.mrr / n, r.aisys.p5 / n, r.fts5.p5 / n);
    }
}

// Runs every judged query on both systems. Rows per class, in the order the
// classes first appear, then "all". A query without judgments has no ideal
// ranking to score against: it is left out and said so.
std::vector<Row> compare(const std::vector<Query>& queries, const aisys::Index& index, const Fts5Baseline& fts5,
                         bool verbose) {
    std::vector<Row> rows;
    Row all("all");
    for (const auto& q : queries) {
        if (q.grades.empty()) {
            std::fprintf(stderr, "note: %s has no judged papers; left out of the scores\n", q.qid.c_str());
            continue;
        }
        const auto a = aisys_top(index, q), f = fts5.top(q.text);
        const Scores sa = score(a, q), sf = score(f, q);
        auto row = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return r.name == q.cls; });
        if (row == rows.end()) row = rows.insert(rows.end(), Row(q.cls));
        row->add(sa, sf);
        all.add(sa, sf);
        if (verbose)
            std::printf("%s [%s] %s\n  nDCG@10 aisys %.3f  fts5 %.3f\n  aisys: %s\n  fts5:  %s\n", q.qid.c_str(),
                        q.cls.c_str(), q.text.c_str(), sa.ndcg, sf.ndcg, top_ids(a, q).c_str(), top_ids(f, q).c_str());
    }
    rows.push_back(all);
    return rows;
}

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

int evaluate(const Options& o, const fs::path& shared) {
    // The source tree's tables rather than data_dir(): $AISYS_DATA_DIR or an
    // installed copy must not change what is measured.
    const fs::path data = fs::path(AISYS_SOURCE_DIR) / "index";
    const auto venues = aisys::VenueTable::load((data / "venues.tsv").string());
    const auto synonyms = aisys::SynonymTable::load((data / "synonyms.tsv").string());
    const Corpus corpus = load_corpus(data, shared, venues);
    const std::vector<Query> queries = load_queries(o, corpus.papers);

    // Filled as src/cli/cmd_index.cpp fills them, so the index is the one the CLI would build.
    const TempDir tmp;
    const std::string db = (tmp.path() / "index").string();
    aisys::BuildOptions build;
    build.sources = corpus.lists;
    build.venues = &venues;
    build.synonyms = &synonyms;
    aisys::build_index(db, corpus.papers, build);
    if (!o.keep_index.empty()) aisys::build_index(o.keep_index, corpus.papers, build);
    const aisys::Index index = aisys::Index::open(db);

    std::printf("date: %s\n", today().c_str());
    std::printf("corpus: %zu papers, %zu with a README, %zu with an abstract\n", corpus.papers.size(),
                corpus.readmes, corpus.abstracts);
    if (o.similar) {
        std::vector<aisys::bench::Judged> judged;
        for (const auto& q : queries) judged.push_back({q.qid, q.grades});
        return aisys::bench::evaluate_similar(index, judged, o.verbose, o.markdown);
    }
    const Fts5Baseline fts5(corpus.papers);
    std::printf("queries: %td judged\n\n",
                std::count_if(queries.begin(), queries.end(), [](const Query& q) { return !q.grades.empty(); }));
    const std::vector<Row> rows = compare(queries, index, fts5, o.verbose);
    if (o.verbose) std::printf("\n");
    print_table(rows, o.markdown);
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    try {
        const Options options = parse_options(argc, argv);
        const fs::path shared = AISYS_SHARED_DIR;
        if (!fs::is_directory(shared)) {
            std::printf("skipped: ../shared is absent\n");
            return 0;
        }
        return evaluate(options, shared);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "relevance_eval: error: %s\n", e.what());
        return 1;
    }
}

// Scale benchmark (issue 6): aisys-search against SQLite FTS5 on one corpus of
// arXiv-snapshot JSONL (from gen_corpus): build time, peak memory and size,
// in-process query latency with and without facets and snippets, and a whole
// process per query. Every number comes with its FTS5 counterpart and the ratio.
//
//   scale_bench --corpus FILE.jsonl --work DIR [--queries 200] [--cold 30] [--markdown]
//
// DIR receives DIR/aisys (the index) and DIR/fts5.db; both are rebuilt.

#include <CLI/CLI.hpp>

#include <aisys/error.hpp>
#include <aisys/search.hpp>

#include <nlohmann/json.hpp>
#include "sqlite_db.hpp"

#include <sqlite3.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <csignal>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

extern char** environ;

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Options {
    fs::path corpus;
    fs::path work;
    std::size_t queries = 200;  // in-process queries, the same list for both systems
    std::size_t cold = 30;      // the first N of them also run as one process each
    bool markdown = false;      // the table as markdown, for benchmarks/RESULTS.md
    std::vector<unsigned> shards{1, 2};  // aisys builds, one per shard count
    fs::path index;  // set: only time the in-process queries on this existing index (for profiling)
    bool compact = true;  // compact the largest shard count's index (copies every paper: most of an hour at 1M)
};

Options parse_options(int argc, char** argv) {
    Options o;
    CLI::App app{"Build speed, size and query latency of aisys-search and SQLite FTS5 on one corpus", "scale_bench"};
    app.add_option("--corpus", o.corpus, "The corpus, arXiv-snapshot JSON lines")->required()->check(CLI::ExistingFile);
    app.add_option("--work", o.work, "A folder for the indexes")->required();
    app.add_option("--queries", o.queries, "In-process queries, the same list for both systems")->capture_default_str();
    app.add_option("--cold", o.cold, "The first N of them also run as one process each")->capture_default_str();
    app.add_flag("--markdown", o.markdown, "The table as markdown, for benchmarks/RESULTS.md");
    app.add_option("--shards", o.shards, "Shard counts to build aisys with (the largest is also compacted and served "
                                         "remotely), comma-separated")
        ->delimiter(',')
        ->capture_default_str();
    app.add_flag("!--no-compact", o.compact, "Leave out the compacted index (compaction copies every paper again)");
    app.add_option("--index", o.index, "Build nothing: only time the in-process queries on this existing aisys index "
                                       "(--work is then unused), to profile them");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        std::exit(app.exit(e));
    }
    return o;
}

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// The value below which `p` percent of `v` lie (nearest rank); NaN for none.
double percentile(std::vector<double> v, double p) {
    if (v.empty()) return std::nan("");
    std::sort(v.begin(), v.end());
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100 * double(v.size())));
    return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

std::uintmax_t bytes_under(const fs::path& p) {
    if (fs::is_regular_file(p)) return fs::file_size(p);
    std::uintmax_t total = 0;
    for (const auto& e : fs::recursive_directory_iterator(p))
        if (e.is_regular_file()) total += e.file_size();
    return total;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

// --- Child processes ---------------------------------------------------------

struct ChildRun {
    double ms = 0;
    double peak_rss_mib = 0;  // the child's own peak resident set (ru_maxrss)
    int exit_code = -1;       // -1: killed by a signal
};

ChildRun wait_for(pid_t pid, Clock::time_point start) {
    int status = 0;
    rusage usage{};
    if (::wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
    return {ms_since(start), double(usage.ru_maxrss) / 1024, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

// Runs `argv` (looked up on PATH) with our environment, `env`'s NAME=VALUE
// overriding it, stdout to /dev/null, stderr to `stderr_file`. Exit code 127:
// it could not start.
ChildRun run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                     const fs::path& stderr_file = "/dev/null") {
    std::vector<char*> args, envp;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    const auto overridden = [&env](const char* entry) {
        return std::any_of(env.begin(), env.end(), [entry](const std::string& e) {
            return std::string_view(entry).substr(0, e.find('=') + 1) == std::string_view(e).substr(0, e.find('=') + 1);
        });
    };
    for (char** e = environ; *e; ++e)
        if (!overridden(*e)) envp.push_back(*e);
    for (const auto& e : env) envp.push_back(const_cast<char*>(e.c_str()));
    envp.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    const auto start = Clock::now();
    pid_t pid = 0;
    const int rc = ::posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), envp.data());
    posix_spawn_file_actions_destroy(&actions);
    if (rc != 0) return {0, 0, 127};
    return wait_for(pid, start);
}

// Runs `work` in a forked child, so that its peak memory is its own.
ChildRun run_forked(const std::function<void()>& work) {
    std::fflush(nullptr);
    const auto start = Clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        try {
            work();
            ::_exit(0);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "scale_bench: error: %s\n", e.what());
            ::_exit(1);
        }
    }
    return wait_for(pid, start);
}

double own_peak_rss_mib() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    return double(usage.ru_maxrss) / 1024;
}

// --- The corpus --------------------------------------------------------------

// A paper as both systems see it, from one line of the JSONL.
struct Record {
    std::string title, categories, venue, authors, abstract;
    int year = 0;
};

// "Proc. NSDI'23" -> "NSDI", "In OSDI 2022, pages 3" -> "OSDI"; none -> "arXiv".
std::string venue_of(const nlohmann::json& j) {
    const auto ref = j.find("journal-ref");
    if (ref == j.end() || !ref->is_string()) return "arXiv";
    std::istringstream words(ref->get<std::string>());
    for (std::string w; words >> w;) {
        if (w == "Proc." || w == "In" || w == "Proceedings") continue;
        w = w.substr(0, w.find_first_of("',"));
        if (!w.empty()) return w;
    }
    return "arXiv";
}

// The year of versions[0].created ("Mon, 2 Apr 2007 19:18:42 GMT"), or 0.
int year_of(const nlohmann::json& j) {
    const auto v = j.find("versions");
    if (v == j.end() || !v->is_array() || v->empty() || !(*v)[0].contains("created")) return 0;
    std::istringstream words((*v)[0]["created"].get<std::string>());
    std::string w;
    for (int i = 0; i < 4 && words >> w; ++i) {}
    return std::atoi(w.c_str());
}

Record record_of(const std::string& line) {
    const auto j = nlohmann::json::parse(line);
    const auto text = [&](const char* key) { return j.contains(key) && j[key].is_string() ? j[key].get<std::string>() : ""; };
    return {text("title"), text("categories"), venue_of(j), text("authors"), text("abstract"), year_of(j)};
}

template <typename Visit>
std::size_t for_each_line(const fs::path& file, Visit visit) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
        if (!line.empty()) visit(n++, line);
    return n;
}

constexpr std::array<const char*, 40> k_stopwords = {
    "the", "and", "for", "with", "from", "that", "this", "into", "are", "was", "its", "not", "but", "you",
    "all", "any", "can", "has", "have", "via", "per", "our", "their", "your", "more", "than", "also", "other",
    "such", "using", "use", "based", "data", "package", "files", "file", "library", "support", "tools", "doc"};

std::vector<std::string> query_words(const std::string& title) {
    std::vector<std::string> words;
    std::string w;
    for (std::size_t i = 0; i <= title.size(); ++i) {
        const auto c = i < title.size() ? static_cast<unsigned char>(title[i]) : ' ';
        if (std::isalnum(c) && c < 0x80) { w += static_cast<char>(std::tolower(c)); continue; }
        const bool digits = std::all_of(w.begin(), w.end(), [](char d) { return std::isdigit(static_cast<unsigned char>(d)); });
        if (w.size() >= 3 && !digits && std::find(k_stopwords.begin(), k_stopwords.end(), w) == k_stopwords.end() &&
            std::find(words.begin(), words.end(), w) == words.end())
            words.push_back(w);
        w.clear();
    }
    return words;
}

// `n` queries of one to three words of titles drawn at random (a fixed seed),
// skipping stopwords; the same list for both systems.
std::vector<std::string> make_queries(const fs::path& corpus, std::size_t papers, std::size_t n) {
    std::uint64_t state = 6;
    const auto next = [&state] {  // splitmix64
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    std::vector<std::size_t> draws;  // in the order drawn; some titles have no usable word
    for (std::size_t i = 0; i < 3 * n && papers > 0; ++i) draws.push_back(next() % papers);
    const std::set<std::size_t> wanted(draws.begin(), draws.end());
    std::map<std::size_t, std::string> titles;
    for_each_line(corpus, [&](std::size_t i, const std::string& line) {
        if (wanted.count(i)) titles[i] = record_of(line).title;
    });
    std::vector<std::string> queries;
    for (std::size_t d : draws) {
        if (queries.size() == n) break;
        auto words = query_words(titles[d]);
        if (words.empty()) continue;
        std::string q;
        for (std::size_t k = 1 + next() % 3; k > 0 && !words.empty(); --k) {
            const std::size_t pick = next() % words.size();
            q += (q.empty() ? "" : " ") + words[pick];
            words.erase(words.begin() + static_cast<std::ptrdiff_t>(pick));
        }
        queries.push_back(q);
    }
    return queries;
}

// --- SQLite FTS5 -------------------------------------------------------------

constexpr const char* k_bm25 = "bm25(papers, 10.0, 5.0, 1.0, 1.0, 1.0)";

using aisys::bench::Statement;

// The benchmark's connection: the shared one, plus running a query as a client would.
class Sqlite : public aisys::bench::SqliteDb {
public:
    Sqlite(const fs::path& file, int flags) : SqliteDb(file.string(), flags) {}

    // Binds `texts` from parameter 1 on, steps to the end reading every
    // column as text, as a client printing the rows would; returns the rows.
    std::size_t run(sqlite3_stmt* stmt, const std::vector<std::string>& texts) {
        for (std::size_t i = 0; i < texts.size(); ++i)
            sqlite3_bind_text(stmt, int(i + 1), texts[i].data(), int(texts[i].size()), SQLITE_TRANSIENT);
        std::size_t rows = 0;
        int rc;
        for (; (rc = sqlite3_step(stmt)) == SQLITE_ROW; ++rows)
            for (int c = 0; c < sqlite3_column_count(stmt); ++c) sqlite3_column_text(stmt, c);
        sqlite3_reset(stmt);
        if (rc != SQLITE_DONE) fail("running " + std::string(sqlite3_sql(stmt)));
        return rows;
    }
};

// The FTS5 table and the facet tables, filled in one transaction. Categories
// are many per paper, so they get their own table.
void build_fts5(const fs::path& corpus, const fs::path& file) {
    fs::remove(file);
    Sqlite db(file, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    db.exec("CREATE VIRTUAL TABLE papers USING fts5(title, categories, venue, authors, abstract,"
            " tokenize = 'porter unicode61')");
    db.exec("CREATE TABLE meta(id INTEGER PRIMARY KEY, venue TEXT, year INTEGER)");
    db.exec("CREATE TABLE category(id INTEGER, name TEXT, PRIMARY KEY(id, name)) WITHOUT ROWID");
    db.exec("BEGIN");
    const Statement paper = db.prepare("INSERT INTO papers(rowid, title, categories, venue, authors, abstract) VALUES (?, ?, ?, ?, ?, ?)");
    const Statement meta = db.prepare("INSERT INTO meta(id, venue, year) VALUES (?, ?, ?)");
    const Statement category = db.prepare("INSERT OR IGNORE INTO category(id, name) VALUES (?, ?)");
    const auto bind = [](sqlite3_stmt* s, int i, const std::string& t) { sqlite3_bind_text(s, i, t.data(), int(t.size()), SQLITE_STATIC); };
    const auto step = [&db](sqlite3_stmt* s) {
        if (sqlite3_step(s) != SQLITE_DONE) db.fail("inserting");
        sqlite3_reset(s);
    };
    for_each_line(corpus, [&](std::size_t i, const std::string& line) {
        const Record r = record_of(line);
        const auto id = static_cast<sqlite3_int64>(i);
        sqlite3_bind_int64(paper.get(), 1, id);
        bind(paper.get(), 2, r.title), bind(paper.get(), 3, r.categories), bind(paper.get(), 4, r.venue);
        bind(paper.get(), 5, r.authors), bind(paper.get(), 6, r.abstract);
        step(paper.get());
        sqlite3_bind_int64(meta.get(), 1, id), bind(meta.get(), 2, r.venue), sqlite3_bind_int(meta.get(), 3, r.year);
        step(meta.get());
        std::istringstream names(r.categories);
        for (std::string name; names >> name;) {
            sqlite3_bind_int64(category.get(), 1, id), bind(category.get(), 2, name);
            step(category.get());
        }
    });
    db.exec("COMMIT");
}

// Each word quoted, so nothing in a query is FTS5 syntax, and OR-ed, as aisys's default is.
std::string fts5_match(const std::string& query) {
    std::istringstream words(query);
    std::string match;
    for (std::string w; words >> w;) match += (match.empty() ? "\"" : " OR \"") + w + "\"";
    return match;
}

std::string fts5_search_sql(bool snippets, const std::string& match_param) {
    return std::string("SELECT rowid, ") + (snippets ? "snippet(papers, 4, '[', ']', '…', 12)" : "title") + ", " +
           k_bm25 + " FROM papers WHERE papers MATCH " + match_param + " ORDER BY " + k_bm25 + " LIMIT 10";
}

// --- Measurements --------------------------------------------------------------

struct Latency {
    std::vector<double> ms;
    std::size_t empty = 0;   // queries that matched nothing
    std::size_t failed = 0;  // queries the system refused
};

constexpr std::size_t k_warmup = 20;  // untimed queries before each timed pass

Latency time_queries(const std::vector<std::string>& queries, const std::function<std::size_t(const std::string&)>& search) {
    for (std::size_t i = 0; i < std::min(k_warmup, queries.size()); ++i) {
        try {
            search(queries[i]);
        } catch (const std::exception&) {}  // said in the timed pass
    }
    Latency l;
    for (const auto& q : queries) {
        const auto start = Clock::now();
        try {
            l.empty += search(q) == 0;
        } catch (const std::exception& e) {
            ++l.failed;
            std::fprintf(stderr, "note: '%s': %s\n", q.c_str(), e.what());
            continue;
        }
        l.ms.push_back(ms_since(start));
    }
    return l;
}

Latency aisys_latency(const aisys::Index& index, const std::vector<std::string>& queries, bool full) {
    return time_queries(queries, [&](const std::string& q) {
        aisys::SearchRequest r;
        r.query = q;
        r.limit = 10;
        r.snippets = r.facets = full;
        r.related = false;  // as FTS5: matches only
        return index.search(r).hits.size();
    });
}

Latency fts5_latency(const fs::path& file, const std::vector<std::string>& queries, bool full) {
    Sqlite db(file, SQLITE_OPEN_READONLY);
    const Statement search = db.prepare(fts5_search_sql(full, "?"));
    std::vector<Statement> facets;
    for (const char* sql : {"SELECT m.venue, count(*) FROM meta m JOIN (SELECT rowid AS id FROM papers WHERE papers MATCH ?) f ON m.id = f.id GROUP BY m.venue",
                            "SELECT m.year, count(*) FROM meta m JOIN (SELECT rowid AS id FROM papers WHERE papers MATCH ?) f ON m.id = f.id GROUP BY m.year",
                            "SELECT c.name, count(*) FROM category c JOIN (SELECT rowid AS id FROM papers WHERE papers MATCH ?) f ON c.id = f.id GROUP BY c.name"})
        if (full) facets.push_back(db.prepare(sql));
    return time_queries(queries, [&](const std::string& q) {
        const std::vector<std::string> match{fts5_match(q)};
        for (const auto& f : facets) db.run(f.get(), match);
        return db.run(search.get(), match);
    });
}

// Median wall time of one process per query, over the runs that exited with
// an expected code; NaN when none did.
double cold_median(const std::vector<std::string>& queries, std::size_t n,
                   const std::function<std::vector<std::string>(const std::string&)>& command,
                   const std::vector<std::string>& env, const std::set<int>& expected_exits) {
    std::vector<double> ms;
    for (std::size_t i = 0; i < std::min(n, queries.size()); ++i) {
        const ChildRun run = run_process(command(queries[i]), env);
        if (expected_exits.count(run.exit_code)) ms.push_back(run.ms);
        else std::fprintf(stderr, "note: cold query '%s' exited with %d\n", queries[i].c_str(), run.exit_code);
    }
    return percentile(ms, 50);
}

// --- The report --------------------------------------------------------------

struct Build {
    bool ok = false;
    ChildRun run;
    std::uintmax_t bytes = 0;
};

struct System {
    std::string name;
    Build build;
    Latency full, bare;  // with facets and snippets; without
    double cold_ms = std::nan("");
    double compact_ms = std::nan("");  // merging the shards, for the compacted index
};

std::string cpu_model() {
    std::istringstream in(slurp("/proc/cpuinfo"));
    for (std::string line; std::getline(in, line);)
        if (line.rfind("model name", 0) == 0) return line.substr(line.find(':') + 2);
    return "unknown CPU";
}

std::string today() {
    const std::time_t now = std::time(nullptr);
    std::tm tm{};
    localtime_r(&now, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    return buf;
}

struct Row {
    std::string what;
    std::vector<double> values;  // per system, FTS5 first
    int decimals;
};

// FTS5 first; each other column gives its ratio to FTS5 too.
void print_rows(const std::vector<System>& systems, const std::vector<Row>& rows, bool markdown) {
    const auto number = [](double v, int decimals) {
        if (std::isnan(v)) return std::string("n/a");
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
        return std::string(buf);
    };
    std::string head = markdown ? "| measure |" : "measure                                 ";
    std::string rule = "| --- |";
    for (const auto& s : systems) {
        head += markdown ? " " + s.name + " |" : " " + s.name;
        rule += " ---: |";
    }
    std::printf("%s\n", head.c_str());
    if (markdown) std::printf("%s\n", rule.c_str());
    for (const auto& r : rows) {
        std::string line = markdown ? "| " + r.what + " |" : r.what + std::string(r.what.size() < 40 ? 40 - r.what.size() : 1, ' ');
        for (std::size_t i = 0; i < r.values.size(); ++i) {
            std::string cell = number(r.values[i], r.decimals);
            if (i > 0 && !std::isnan(r.values[i]) && r.values[0] > 0) cell += " (" + number(r.values[i] / r.values[0], 2) + "x)";
            line += markdown ? " " + cell + " |" : " " + cell;
        }
        std::printf("%s\n", line.c_str());
    }
}

std::vector<Row> rows_of(const std::vector<System>& systems, std::size_t papers) {
    const double nan = std::nan("");
    auto row = [&](const std::string& what, int decimals, const std::function<double(const System&)>& value) {
        Row r{what, {}, decimals};
        for (const auto& s : systems) r.values.push_back(value(s));
        return r;
    };
    const auto built = [nan](const System& s, double v) { return s.build.ok ? v : nan; };
    std::vector<Row> rows = {
        row("build, s", 2, [&](const System& s) { return built(s, s.build.run.ms / 1000); }),
        row("build, papers/s", 0, [&](const System& s) { return built(s, double(papers) / (s.build.run.ms / 1000)); }),
        row("build, peak RSS MiB", 1, [&](const System& s) { return built(s, s.build.run.peak_rss_mib); }),
        row("compact, s", 2, [](const System& s) { return s.compact_ms / 1000; }),
        row("index size MiB", 1, [&](const System& s) { return built(s, double(s.build.bytes) / (1 << 20)); }),
    };
    for (const auto& [name, pick] : {std::pair<const char*, const Latency System::*>{"facets+snippets", &System::full},
                                     {"bare", &System::bare}})
        for (double p : {50.0, 95.0, 99.0})
            rows.push_back(row("query ms, " + std::string(name) + ", p" + std::to_string(int(p)), 2,
                               [&](const System& s) { return percentile((s.*pick).ms, p); }));
    rows.push_back(row("queries matching nothing", 0, [&](const System& s) { return built(s, double(s.full.empty)); }));
    rows.push_back(row("queries refused", 0, [&](const System& s) { return built(s, double(s.full.failed)); }));
    rows.push_back(row("cold process per query, median ms", 1, [](const System& s) { return s.cold_ms; }));
    return rows;
}

struct Floors {
    double spawn_ms = 0;  // median of 50 runs of /bin/true
    double read_ms = 0;   // reading the corpus once, line by line
    std::size_t papers = 0;
};

Floors measure_floors(const fs::path& corpus) {
    std::vector<double> spawn_ms;
    for (int i = 0; i < 50; ++i) spawn_ms.push_back(run_process({"/bin/true"}, {}).ms);
    const auto start = Clock::now();
    const std::size_t papers = for_each_line(corpus, [](std::size_t, const std::string&) {});
    return {percentile(spawn_ms, 50), ms_since(start), papers};
}

struct Paths {
    fs::path corpus, work, fts5_db, aisys_log;
    std::vector<std::string> aisys_env;  // offline, and a cache of its own
    fs::path aisys_db(unsigned shards) const { return work / ("aisys-" + std::to_string(shards)); }
};

Build build_aisys(const Paths& p, unsigned shards) {
    fs::remove_all(p.aisys_db(shards));
    Build b;
    b.run = run_process({AISYS_BINARY, "index", "--jsonl", p.corpus.string(), "--db", p.aisys_db(shards).string(), "--quiet",
                         "--shards", std::to_string(shards)},
                        p.aisys_env, p.aisys_log);
    b.ok = b.run.exit_code == 0;
    if (b.ok) b.bytes = bytes_under(p.aisys_db(shards));
    else std::fprintf(stderr, "note: aisys-search index failed (exit %d); aisys is left out:\n%s\n", b.run.exit_code,
                      slurp(p.aisys_log).c_str());
    return b;
}

Build build_fts5_in_child(const Paths& p) {
    Build b;
    b.run = run_forked([&] { build_fts5(p.corpus, p.fts5_db); });
    b.ok = b.run.exit_code == 0;
    if (b.ok) b.bytes = bytes_under(p.fts5_db);
    return b;
}

void query_aisys(System& s, const Paths& p, const fs::path& db, const std::vector<std::string>& queries, std::size_t cold) {
    const aisys::Index index = aisys::Index::open(db.string());
    s.full = aisys_latency(index, queries, true);
    s.bare = aisys_latency(index, queries, false);
    s.cold_ms = cold_median(queries, cold, [&](const std::string& q) {
        return std::vector<std::string>{AISYS_BINARY, "--json", q, "--db", db.string(), "--no-related"};
    }, p.aisys_env, {aisys::k_exit_found, aisys::k_exit_none});
}

void query_fts5(System& s, const Paths& p, const std::vector<std::string>& queries, std::size_t cold) {
    s.full = fts5_latency(p.fts5_db, queries, true);
    s.bare = fts5_latency(p.fts5_db, queries, false);
    s.cold_ms = cold_median(queries, cold, [&](const std::string& q) {
        std::string match = fts5_match(q);  // as an SQL literal: ' doubled
        for (std::size_t i = 0; (i = match.find('\'', i)) != std::string::npos; i += 2) match.insert(i, 1, '\'');
        return std::vector<std::string>{"sqlite3", p.fts5_db.string(), fts5_search_sql(true, "'" + match + "'")};
    }, {}, {0});
}

// The current generation folder of an index (its stub says "auto gen-N" or "glass gen-N").
fs::path generation_of(const fs::path& db) {
    std::istringstream stub(slurp(db / "XAPIANDB"));
    std::string backend, generation;
    stub >> backend >> generation;
    return db / generation;
}

// Every shard of a sharded index served by xapian-tcpsrv on 127.0.0.1 and a
// reader folder whose stub lists them (meta stays local): the same papers
// searched over loopback. Fills `s`; the servers stop at the end.
void query_remote(System& s, const Paths& p, unsigned shards, const std::vector<std::string>& queries, std::size_t cold) {
    const fs::path generation = generation_of(p.aisys_db(shards));
    const fs::path reader = p.work / "aisys-remote";
    fs::remove_all(reader);
    fs::create_directories(reader);
    std::string stub = "# aisys-search shards\nglass " + fs::absolute(generation / "meta").string() + "\n";
    std::vector<pid_t> servers;
    for (unsigned k = 0; k < shards; ++k) {
        const std::string port = std::to_string(47310 + k);
        const std::string shard = (generation / ("shard-" + std::to_string(k))).string();
        std::vector<char*> args{const_cast<char*>("xapian-tcpsrv"), const_cast<char*>("--interface"),
                                const_cast<char*>("127.0.0.1"), const_cast<char*>("--port"), const_cast<char*>(port.c_str()),
                                const_cast<char*>("--quiet"), const_cast<char*>(shard.c_str()), nullptr};
        // A process group of its own: xapian-tcpsrv stopping signals its group.
        posix_spawnattr_t attr;
        posix_spawnattr_init(&attr);
        posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attr, 0);
        pid_t pid = 0;
        const int rc = ::posix_spawnp(&pid, args[0], nullptr, &attr, args.data(), environ);
        posix_spawnattr_destroy(&attr);
        if (rc != 0) {
            std::fprintf(stderr, "note: xapian-tcpsrv could not start; no remote figures\n");
            return;
        }
        servers.push_back(pid);
        stub += "remote 127.0.0.1:" + port + "\n";
    }
    std::ofstream(reader / "XAPIANDB") << stub;
    // Ready when the reader opens: polled, each attempt a real connection.
    for (int attempt = 0; attempt < 500; ++attempt) {
        try {
            (void)aisys::Index::open(reader.string());
            break;
        } catch (const std::exception&) {
            ::usleep(10000);
        }
    }
    s.build.ok = true;
    try {
        query_aisys(s, p, reader, queries, cold);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "note: remote queries failed: %s\n", e.what());
    }
    s.build.ok = false;  // no build of its own: build rows n/a
    for (const pid_t pid : servers) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, nullptr, 0);
    }
}

void print_report(const Options& o, const Floors& floors, const std::vector<std::string>& queries,
                  const std::vector<System>& systems, double fork_parent_mib) {
    std::printf("machine: %ld cores, %s\n", ::sysconf(_SC_NPROCESSORS_ONLN), cpu_model().c_str());
    std::printf("date: %s\n", today().c_str());
    std::printf("corpus: %s, %zu papers, %.1f MiB\n", o.corpus.filename().c_str(), floors.papers,
                double(fs::file_size(o.corpus)) / (1 << 20));
    std::printf("queries: %zu (1-3 title words, OR-ed), %zu of them also as one process each; the first: ", queries.size(),
                std::min(o.cold, queries.size()));
    for (std::size_t i = 0; i < std::min<std::size_t>(5, queries.size()); ++i)
        std::printf("%s'%s'", i ? ", " : "", queries[i].c_str());
    std::printf("\n\n");
    std::printf("floor: spawn /bin/true, median of 50: %.2f ms\n", floors.spawn_ms);
    std::printf("floor: read the corpus once: %.1f ms (%.0f papers/s)\n\n", floors.read_ms,
                double(floors.papers) / (floors.read_ms / 1000));
    print_rows(systems, rows_of(systems, floors.papers), o.markdown);
    const bool compacted = std::any_of(systems.begin(), systems.end(), [](const System& s) { return s.name == "compacted"; });
    std::printf("\nBuilds: aisys is `aisys-search index --jsonl --shards N`, a process of its own, which writes its "
                "databases compacted; FTS5 runs in a child forked from this benchmark at %.1f MiB peak RSS.%s "
                "Remote: the largest shard count's shards served by xapian-tcpsrv on 127.0.0.1, meta local.\n"
                "Queries: each system opened once, %zu untimed queries first. Cold: a whole process per query "
                "(aisys-search --json; sqlite3 with the snippet query), page cache warm.\n",
                fork_parent_mib,
                compacted ? " Compacted: the largest shard count's index after `aisys-search compact`, which merges the "
                            "shards into one database (its build figures are the sharded build plus the merge)."
                          : " No compacted column: a one-shard build is that database.",
                k_warmup);
}

// --index: the in-process latencies of one existing index, nothing built.
int queries_only(const Options& o) {
    std::size_t papers = for_each_line(o.corpus, [](std::size_t, const std::string&) {});
    const auto queries = make_queries(o.corpus, papers, o.queries);
    const aisys::Index index = aisys::Index::open(o.index.string());
    for (const bool full : {true, false}) {
        const Latency l = aisys_latency(index, queries, full);
        std::printf("%s: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms (%zu queries, %zu matched nothing, %zu refused)\n",
                    full ? "facets+snippets" : "bare", percentile(l.ms, 50), percentile(l.ms, 95), percentile(l.ms, 99),
                    l.ms.size(), l.empty, l.failed);
    }
    std::printf("peak RSS of this process (the queries, their index handle and the facet table): %.1f MiB\n",
                own_peak_rss_mib());
    return 0;
}

int bench(const Options& o) {
    if (!o.index.empty()) return queries_only(o);
    fs::create_directories(o.work);
    const Paths paths{o.corpus, o.work, o.work / "fts5.db", o.work / "aisys-index.stderr",
                      {"AISYS_OFFLINE=1", "XDG_CACHE_HOME=" + (o.work / "cache").string()}};
    const Floors floors = measure_floors(o.corpus);

    // FTS5 first, forked while this process is still small: the child's peak RSS starts from ours.
    const double fork_parent_mib = own_peak_rss_mib();
    std::vector<System> systems(1);
    systems[0].name = "FTS5";
    System& f = systems[0];
    f.build = build_fts5_in_child(paths);
    const auto queries = make_queries(o.corpus, floors.papers, o.queries);
    if (f.build.ok) query_fts5(f, paths, queries, o.cold);
    bool ok = f.build.ok;
    unsigned most = 1;
    for (const unsigned n : o.shards) {
        System a;
        a.name = "aisys " + std::to_string(n) + (n == 1 ? " shard" : " shards");
        a.build = build_aisys(paths, n);
        if (a.build.ok) query_aisys(a, paths, paths.aisys_db(n), queries, o.cold);
        ok = ok && a.build.ok;
        if (a.build.ok && n > most) most = n;
        systems.push_back(std::move(a));
    }
    if (most > 1) {
        System remote;
        remote.name = std::to_string(most) + " remote shards";
        query_remote(remote, paths, most, queries, o.cold);
        systems.push_back(std::move(remote));
    }
    if (most > 1 && o.compact) {
        System c;
        c.name = "compacted";
        const ChildRun run = run_process({AISYS_BINARY, "compact", "--db", paths.aisys_db(most).string()}, paths.aisys_env);
        c.compact_ms = run.ms;
        if (run.exit_code == 0) {
            c.build.ok = true;
            // Its build is the sharded build and the compaction, one after the other: a release's.
            for (const auto& s : systems)
                if (s.name == "aisys " + std::to_string(most) + " shards") c.build.run = s.build.run;
            c.build.run.ms += run.ms;
            c.build.run.peak_rss_mib = std::max(c.build.run.peak_rss_mib, run.peak_rss_mib);
            c.build.bytes = bytes_under(paths.aisys_db(most));
            query_aisys(c, paths, paths.aisys_db(most), queries, o.cold);
        }
        systems.push_back(std::move(c));
    }
    print_report(o, floors, queries, systems, fork_parent_mib);
    return ok ? 0 : 1;
}

} // namespace

int main(int argc, char** argv) {
    try {
        return bench(parse_options(argc, argv));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "scale_bench: error: %s\n", e.what());
        return 2;
    }
}

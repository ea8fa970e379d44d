// Random queries against real and generated indexes: what users meet that no
// hand-written test drew. Issue 12: "energy efficient dnn training" crashed
// Xapian 1.4.22's matcher on the built-in list with fetched text, 1 query in
// 100 of those drawn from that index's own words, and never on the indexes
// the other tests build.
//
// Each soak runs in a child process, which names every query before it runs
// it, so a crash (or an AddressSanitizer report, under .ci/sanitize) fails
// the test with the seed and the query instead of taking the test runner down.
// AISYS_SOAK_QUERIES sets the queries per index (default 400);
// AISYS_SOAK_SEED the first seed (default 1).

#include "corpora.hpp"
#include "support.hpp"

#include <aisys/error.hpp>
#include <aisys/search.hpp>

#include "index/schema.hpp"
#include "index/store.hpp"
#include "search/matcher.hpp"
#include "search/rewrite.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

std::size_t env_number(const char* name, std::size_t fallback) {
    const char* v = std::getenv(name);
    if (!v || !*v) return fallback;
    return static_cast<std::size_t>(std::strtoull(v, nullptr, 10));
}

// What the queries are drawn from: the index's own words and values.
struct Vocabulary {
    std::vector<std::string> common;  // the most frequent words
    std::vector<std::string> words;   // every word
    std::vector<std::string> ids;
    std::vector<std::string> venues;
    std::vector<std::string> categories;
    std::vector<int> years;
};

Vocabulary vocabulary(const std::string& dir, const std::vector<aisys::Paper>& papers) {
    Vocabulary v;
    const auto words = aisys::test::index_words(dir);
    for (std::size_t i = 0; i < words.size(); ++i) {
        if (i < 200) v.common.push_back(words[i].first);
        v.words.push_back(words[i].first);
    }
    std::set<std::string> venues, categories;
    std::set<int> years;
    for (const auto& p : papers) {
        v.ids.push_back(p.id);
        if (!p.venue.empty() && p.venue_known) venues.insert(p.venue);
        categories.insert(p.categories.begin(), p.categories.end());
        if (p.year) years.insert(*p.year);
    }
    v.venues.assign(venues.begin(), venues.end());
    v.categories.assign(categories.begin(), categories.end());
    v.years.assign(years.begin(), years.end());
    return v;
}

// One random request: 1-8 words, most often common ones, with the query
// syntax, filters, --like, sorting, paging and --explain now and then.
aisys::SearchRequest random_request(std::mt19937& rng, const Vocabulary& v) {
    auto chance = [&](double p) { return std::uniform_real_distribution<>(0, 1)(rng) < p; };
    auto pick = [&](const auto& items) { return items[rng() % items.size()]; };
    aisys::SearchRequest r;
    const std::size_t n = 1 + rng() % 8;
    std::vector<std::string> words;
    for (std::size_t i = 0; i < n; ++i) words.push_back(chance(0.6) ? pick(v.common) : pick(v.words));
    if (n >= 2 && chance(0.1)) {  // a phrase of two or three words
        const std::size_t at = rng() % (n - 1), len = std::min<std::size_t>(2 + rng() % 2, n - at);
        words[at] = "\"" + words[at];
        words[at + len - 1] += "\"";
    } else {
        for (std::size_t i = 0; i < n; ++i) {
            if (i > 0 && chance(0.05)) words[i] = "-" + words[i];
            else if (words[i].size() >= 3 && chance(0.04)) words[i] = words[i].substr(0, 3) + "*";
            else if (chance(0.04)) words[i] = pick(std::vector<std::string>{"title:", "abstract:", "readme:", "author:"}) + words[i];
            if (i + 1 < n && chance(0.05)) words[i] += pick(std::vector<std::string>{" OR", " AND", " NOT"});
        }
    }
    for (const auto& w : words) r.query += (r.query.empty() ? "" : " ") + w;
    if (!v.ids.empty() && chance(0.08)) {
        r.like = pick(v.ids);
        if (chance(0.5)) r.query.clear();
    }
    if (!v.venues.empty() && chance(0.12)) r.filters["venue"] = {pick(v.venues)};
    if (!v.categories.empty() && chance(0.12)) r.filters["category"] = {pick(v.categories)};
    if (!v.years.empty() && chance(0.12)) {
        const int a = pick(v.years), b = pick(v.years);
        r.filters["year"] = {std::to_string(std::min(a, b)) + ".." + std::to_string(std::max(a, b))};
    }
    r.limit = pick(std::vector<std::size_t>{1, 2, 3, 5, 10, 10, 20});
    if (chance(0.25)) r.offset = rng() % 30;
    if (chance(0.2)) r.sort = aisys::SortOrder::year;
    r.explain = chance(0.3);
    r.facets = chance(0.85);
    r.snippets = chance(0.8);
    r.correct = chance(0.5);
    r.related = chance(0.7);
    return r;
}

std::string describe(const aisys::SearchRequest& r) {
    std::string s = "'" + r.query + "'";
    if (!r.like.empty()) s += " --like " + r.like;
    for (const auto& [name, values] : r.filters)
        for (const auto& x : values) s += " --" + name + " '" + x + "'";
    s += " --limit " + std::to_string(r.limit);
    if (r.offset) s += " --offset " + std::to_string(r.offset);
    if (r.sort == aisys::SortOrder::year) s += " --sort year";
    if (r.explain) s += " --explain";
    if (!r.facets) s += " (no facets)";
    if (!r.snippets) s += " (no snippets)";
    if (!r.correct) s += " --exact";
    if (!r.related) s += " --no-related";
    return s;
}

void write_all(int fd, const std::string& s) {
    std::size_t done = 0;
    while (done < s.size()) {
        const ssize_t n = ::write(fd, s.data() + done, s.size() - done);
        if (n <= 0) return;
        done += static_cast<std::size_t>(n);
    }
}

// What a child process wrote to its pipe, and how it ended.
struct ChildRun {
    int status = 0;  // as waitpid gives it
    std::string output;
};

// Runs `body` in a child process, which writes to the descriptor it is given
// and exits 0 when done. A crash or an AddressSanitizer report there ends the
// child, not the test runner: the test sees it as a status.
ChildRun in_child(const std::function<void(int fd)>& body) {
    int pipe_fd[2];
    REQUIRE(::pipe(pipe_fd) == 0);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        ::close(pipe_fd[0]);
        body(pipe_fd[1]);
        ::_exit(0);
    }
    ::close(pipe_fd[1]);
    ChildRun run;
    char buffer[65536];
    for (ssize_t n; (n = ::read(pipe_fd[0], buffer, sizeof buffer)) != 0;)
        if (n > 0) run.output.append(buffer, static_cast<std::size_t>(n));
        else if (errno != EINTR) break;
    ::close(pipe_fd[0]);
    ::waitpid(pid, &run.status, 0);
    return run;
}

bool ended_well(const ChildRun& run) { return WIFEXITED(run.status) && WEXITSTATUS(run.status) == 0; }

// Runs `count` random queries from `seed` against the index at `dir` in a
// child process. The child writes each query on a line before running it,
// and a summary at the end; a child that dies leaves its last query behind.
void soak(const std::string& name, const std::string& dir, const std::vector<aisys::Paper>& papers) {
    const Vocabulary v = vocabulary(dir, papers);
    REQUIRE(v.common.size() >= 20);  // never a soak of an empty index
    const std::size_t count = env_number("AISYS_SOAK_QUERIES", 400);
    const auto seed = static_cast<std::uint32_t>(env_number("AISYS_SOAK_SEED", 1));
    const auto started = std::chrono::steady_clock::now();
    const ChildRun run = in_child([&](int fd) {
        std::size_t found = 0, refused = 0;
        try {
            const auto index = aisys::Index::open(dir);
            for (std::size_t i = 0; i < count; ++i) {
                std::mt19937 rng(seed + static_cast<std::uint32_t>(i));
                const auto request = random_request(rng, v);
                write_all(fd, "query " + std::to_string(seed + i) + ": " + describe(request) + "\n");
                try {
                    const auto result = index.search(request);
                    found += result.total > 0;
                } catch (const aisys::QueryError&) {
                    ++refused;  // a malformed query is the user's: refused with a message, as it should be
                }
            }
        } catch (const std::exception& e) {
            write_all(fd, std::string("error: ") + e.what() + "\n");
            ::_exit(2);
        }
        write_all(fd, "done " + std::to_string(found) + " " + std::to_string(refused) + "\n");
    });
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::string& output = run.output;
    const int status = run.status;

    std::string last;  // the last complete line
    if (const auto end = output.rfind('\n'); end != std::string::npos) {
        const auto start = output.rfind('\n', end - 1);
        last = output.substr(start == std::string::npos ? 0 : start + 1, end - (start == std::string::npos ? 0 : start + 1));
    }
    INFO("soak of " << name << " (" << papers.size() << " papers), seeds " << seed << ".." << seed + count - 1);
    INFO("last line from the child: " << last);
    if (WIFSIGNALED(status)) FAIL("the search died of signal " << WTERMSIG(status) << " on the last query above");
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);
    REQUIRE(last.rfind("done ", 0) == 0);
    std::size_t found = 0, refused = 0;
    std::sscanf(last.c_str(), "done %zu %zu", &found, &refused);
    WARN("soak of " << name << ": " << count << " queries in " << seconds << " s, " << found << " found papers, "
                    << refused << " refused as malformed");
    // The queries are the index's own words: most must find something, or the soak soaked nothing.
    CHECK(found * 2 > count);
    CHECK(refused * 5 < count);
}

} // namespace

TEST_CASE("soak: random queries on the built-in list with its fetched text", "[soak]") {
    const auto shared = aisys::test::shared_dir();
    if (shared.empty()) {
        WARN("skipped: ../shared is absent, so the built-in list has no fetched text to search");
        return;
    }
    const auto papers = aisys::test::builtin_corpus(shared);
    REQUIRE(papers.size() == 16);
    aisys::test::TempDir tmp;
    aisys::test::build_corpus_index(tmp.str(), papers, "awesome-ai-system.md");
    soak("the built-in list", tmp.str(), papers);
}

TEST_CASE("soak: random queries on the upstream list with its READMEs", "[soak]") {
    const auto shared = aisys::test::shared_dir();
    if (shared.empty()) {
        WARN("skipped: ../shared is absent, so there is no upstream list");
        return;
    }
    const auto papers = aisys::test::upstream_corpus(shared);
    REQUIRE(papers.size() > 150);
    aisys::test::TempDir tmp;
    aisys::test::build_corpus_index(tmp.str(), papers, "awesome-ai-system.HEAD.md");
    soak("the upstream list", tmp.str(), papers);
}

TEST_CASE("soak: random queries on generated indexes whose words are common to most papers", "[soak]") {
    for (const std::size_t size : {16, 200, 5000}) {
        DYNAMIC_SECTION(size << " papers") {
            const auto papers = aisys::test::generated_corpus(size, static_cast<std::uint32_t>(size));
            aisys::test::TempDir tmp;
            aisys::test::build_corpus_index(tmp.str(), papers, "generated.md");
            soak("generated", tmp.str(), papers);
        }
    }
}

TEST_CASE("search: 'energy efficient dnn training' on the built-in list with its text finds Zeus first", "[soak]") {
    const auto shared = aisys::test::shared_dir();
    if (shared.empty()) {
        WARN("skipped: ../shared is absent, so the built-in list has no fetched text to search");
        return;
    }
    const auto papers = aisys::test::builtin_corpus(shared);
    aisys::test::TempDir tmp;
    aisys::test::build_corpus_index(tmp.str(), papers, "awesome-ai-system.md");
    // Issue 12's queries: each crashed the matcher (in a child, so a crash is a failure, not the end of the run).
    for (const std::string query : {"energy efficient dnn training", "energy efficient deep training",
                                    "efficient dnn training energy"}) {
        INFO(query);
        const ChildRun run = in_child([&](int fd) {
            aisys::SearchRequest r;
            r.query = query;
            const auto result = aisys::Index::open(tmp.str()).search(r);
            write_all(fd, result.hits.empty() ? "" : result.hits[0].paper.id);
        });
        REQUIRE(ended_well(run));
        const std::string& first = run.output;
        CHECK(first == "zeus");
    }
}

// The reduction of issue 12 (benchmarks/RESULTS.md): two documents, each
// with the words a, b and c, and `c OR (a MAX b)` asked for its best match.
// As Xapian 1.4.22 is given it, the OR decays into an AND_MAYBE whose MAX
// runs out of both sub-lists in one step and is then asked for its weight
// bound through a dangling pointer. search::guarded() gives the matcher a
// root it never replaces; the results must be the unguarded query's.
TEST_CASE("matcher: the reduced query of issue 12 runs guarded, with the same results", "[soak]") {
    aisys::test::TempDir tmp;
    {
        Xapian::WritableDatabase db(tmp.str(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
        for (const auto& [a, b] : {std::pair{1u, 2u}, {2u, 1u}}) {
            Xapian::Document doc;
            doc.add_term("a", a);
            doc.add_term("b", b);
            doc.add_term("c", 2);
            db.add_document(doc);
        }
        db.commit();
    }
    const Xapian::Database db(tmp.str());
    using Q = Xapian::Query;
    const Q reduced(Q::OP_OR, Q("c"), Q(Q::OP_MAX, Q("a"), Q("b")));
    const ChildRun run = in_child([&](int fd) {
        Xapian::Enquire e(db);
        e.set_query(aisys::search::guarded(reduced));
        const Xapian::MSet top = e.get_mset(0, 1);
        write_all(fd, std::to_string(*top.begin()) + " " + std::to_string(top.begin().get_weight()));
    });
    REQUIRE(ended_well(run));
    const std::string& out = run.output;
    // The same answer as the unguarded query gives when asked for every match (which does not crash).
    Xapian::Enquire all(db);
    all.set_query(reduced);
    const Xapian::MSet every = all.get_mset(0, 2);
    REQUIRE(every.size() == 2);
    CHECK(out == std::to_string(*every.begin()) + " " + std::to_string(every.begin().get_weight()));
}

TEST_CASE("matcher: a guarded query matches and weighs as the query does", "[soak]") {
    const auto papers = aisys::test::generated_corpus(300, 7);
    aisys::test::TempDir tmp;
    aisys::test::build_corpus_index(tmp.str(), papers, "generated.md");
    const Xapian::Database db((tmp.path() / aisys::store::current_generation(tmp.path())).string());
    std::vector<std::string> words;  // the text's stems, what plain query words search
    for (auto t = db.allterms_begin("Z"); t != db.allterms_end("Z"); ++t)
        if ((*t).size() > 1 && std::islower(static_cast<unsigned char>((*t)[1]))) words.push_back(*t);
    REQUIRE(words.size() > 100);
    using Q = Xapian::Query;
    std::mt19937 rng(3);
    for (int i = 0; i < 50; ++i) {
        // Plain ORs of terms: shapes the matcher has no trouble with either way.
        std::vector<Q> terms;
        for (int j = 0; j < 1 + i % 4; ++j) terms.emplace_back(words[rng() % 100]);
        const Q q(Q::OP_OR, terms.begin(), terms.end());
        Xapian::Enquire plain(db);
        plain.set_query(q);
        plain.set_weighting_scheme(aisys::schema::weighting());
        const auto a = plain.get_mset(0, 300);
        const auto b = aisys::search::enquire(db, q).get_mset(0, 300);
        REQUIRE(a.size() == b.size());
        REQUIRE(a.size() > 0);
        for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y) {
            CHECK(*x == *y);
            CHECK(x.get_weight() == Approx(y.get_weight()).epsilon(1e-12));
        }
    }
}

// The ranks (search/query.cpp, with_ranks) add a weight to matches with every
// query word (in the fields that say what a paper is) that must exceed
// whatever the words themselves give: a bound computed from the query and the
// index's size, not a search. Were it too small, a paper with one word of two
// but heavy with it would be counted (and ranked) as having both. Over real
// READMEs and a generated index, for pairs of the index's own words: the
// papers a search explains as having every word (from their score: its
// multiple of the constant) have both words (`a AND b` finds them), and
// include every paper with both in its title.
void check_ranks(const std::string& dir, const std::vector<aisys::Paper>& papers, std::size_t pairs) {
    // Two words of one paper's title (so some paper has both), and at times a
    // common word of any title.
    std::vector<std::vector<std::string>> titles;
    std::map<std::string, std::size_t> common;
    for (const auto& p : papers) {
        std::vector<std::string> words;
        std::string w;
        for (const char c : p.title + " ") {
            if (std::isalpha(static_cast<unsigned char>(c))) {
                w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                continue;
            }
            if (w.size() >= 4 && !aisys::search::is_stopword(w)) words.push_back(w), ++common[w];
            w.clear();
        }
        if (words.size() >= 2) titles.push_back(std::move(words));
    }
    REQUIRE(titles.size() >= 10);
    std::vector<std::pair<std::size_t, std::string>> by_count;
    for (const auto& [word, n] : common) by_count.emplace_back(n, word);
    std::sort(by_count.rbegin(), by_count.rend());
    const auto index = aisys::Index::open(dir);
    auto ids = [&](const aisys::SearchRequest& r) {
        std::set<std::string> out;
        for (const auto& hit : index.search(r).hits) out.insert(hit.paper.id);
        return out;
    };
    std::mt19937 rng(7);
    std::size_t claimed = 0;  // pairs some paper is explained as having both of
    std::size_t liked = 0;    // pairs some paper like the chosen one has both of
    for (std::size_t i = 0; i < pairs; ++i) {
        const auto& title = titles[rng() % titles.size()];
        const std::string a = title[rng() % title.size()];
        const std::string b = i % 3 == 2 ? by_count[rng() % std::min<std::size_t>(by_count.size(), 20)].second
                                         : title[rng() % title.size()];
        if (a == b) continue;
        aisys::SearchRequest r;
        r.query = a + " " + b;
        r.limit = papers.size();
        r.related = r.facets = r.snippets = false;
        r.correct = false;
        aisys::SearchRequest both = r, in_title = r;
        both.query = a + " AND " + b;
        in_title.query = "title:" + a + " AND title:" + b;
        r.explain = true;
        INFO("query: " << r.query);
        const auto result = index.search(r);
        // Two words searched as one synonym term ("deep learning") have no
        // tier of every word: each match has all of "it".
        if (!result.synonyms.empty()) continue;
        std::set<std::string> all;
        for (const auto& hit : result.hits) {
            REQUIRE(hit.explanation);
            if (hit.explanation->all_terms) all.insert(hit.paper.id);
        }
        const auto anywhere = ids(both), titles = ids(in_title);
        CHECK(std::includes(anywhere.begin(), anywhere.end(), all.begin(), all.end()));
        CHECK(std::includes(all.begin(), all.end(), titles.begin(), titles.end()));
        claimed += !all.empty();

        // With `--like` too: the likeness adds its own weight to every match,
        // which must not lift a paper into the tier of every word either.
        r.like = both.like = papers[rng() % papers.size()].id;
        std::set<std::string> all_alike;
        for (const auto& hit : index.search(r).hits)
            if (hit.explanation->all_terms) all_alike.insert(hit.paper.id);
        const auto anywhere_alike = ids(both);
        CHECK(std::includes(anywhere_alike.begin(), anywhere_alike.end(), all_alike.begin(), all_alike.end()));
        liked += !anywhere_alike.empty();
    }
    // Never a test of queries no paper answers with both words.
    CHECK(claimed * 2 > pairs);
    CHECK(liked * 4 > pairs);
}

TEST_CASE("ranks: papers explained as having every word have them, and all those with both in the title", "[soak][quality]") {
    SECTION("generated") {
        const auto papers = aisys::test::generated_corpus(2000, 2000);
        aisys::test::TempDir tmp;
        aisys::test::build_corpus_index(tmp.str(), papers, "generated.md");
        check_ranks(tmp.str(), papers, 60);
    }
    SECTION("the upstream list with its READMEs") {
        const auto shared = aisys::test::shared_dir();
        if (shared.empty()) {
            WARN("skipped: ../shared is absent, so there is no upstream list");
            return;
        }
        const auto papers = aisys::test::upstream_corpus(shared);
        aisys::test::TempDir tmp;
        aisys::test::build_corpus_index(tmp.str(), papers, "awesome-ai-system.HEAD.md");
        check_ranks(tmp.str(), papers, 60);
    }
}

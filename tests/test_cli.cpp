// End to end: the real aisys-search binary, on the default list, a fixture
// list written for these tests, and the seed list in ../shared.

#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace fs = std::filesystem;
using aisys::test::run_cli;
using aisys::test::RunResult;
using nlohmann::json;

namespace {

// One line on stderr, nothing on stdout, and the exit code: 2 for an error,
// 3 for a malformed query or filter value.
bool one_line_error(const RunResult& r, int code = 2) {
    return r.exit_code == code && r.err.rfind("aisys-search: error: ", 0) == 0 &&
           std::count(r.err.begin(), r.err.end(), '\n') == 1 && r.out.empty();
}

// A database folder with the default list indexed into it.
struct Db {
    aisys::test::TempDir tmp;
    std::string path = (tmp.path() / "db").string();
    explicit Db(bool build = true) {
        if (build) REQUIRE(run({"index"}).exit_code == 0);
    }
    RunResult run(std::vector<std::string> args, std::map<std::string, std::string> env = {}) const {
        env.emplace("AISYS_DB", path);
        return run_cli(args, env);
    }
    json json_of(std::vector<std::string> args) const {
        args.push_back("--json");
        const auto r = run(args);
        INFO(r.err);
        REQUIRE(r.exit_code <= 1);
        return json::parse(r.out);
    }
};

std::set<std::string> result_ids(const json& j) {
    std::set<std::string> ids;
    for (const auto& r : j.at("results"))
        if (!r.at("related").get<bool>()) ids.insert(r.at("id").get<std::string>());
    return ids;
}

std::vector<std::string> top_ids(const json& j, std::size_t n) {
    std::vector<std::string> ids;
    for (const auto& r : j.at("results"))
        if (ids.size() < n && !r.at("related").get<bool>()) ids.push_back(r.at("id").get<std::string>());
    return ids;
}

const std::vector<std::string> k_all_categories = {"--category", "training", "--category", "serving",
                                                   "--category", "schedule", "--category", "optimization",
                                                   "--limit",    "100"};

using Ids = std::set<std::string>;

} // namespace

TEST_CASE("cli: index then search the default list, as the README's first command does", "[cli]") {
    Db db;
    const auto r = db.run({"gpu scheduling"});
    CHECK(r.exit_code == 0);
    CHECK(r.out.rfind("8 papers match (showing 1-8)", 0) == 0);
    // The three Schedule papers first.
    const auto first3 = r.out.substr(0, r.out.find(" 4. "));
    for (const char* name : {"Lucid:", "Shockwave:", "Heterogeneity-Aware Cluster Scheduling"})
        CHECK(first3.find(name) != std::string::npos);
    CHECK(r.out.find("category: Schedule 3") != std::string::npos);
    CHECK(r.out.find('\x1b') == std::string::npos);  // not a terminal: no escape codes

    const auto j = db.json_of({"gpu", "scheduling"});  // unquoted words are one query
    const auto top3 = top_ids(j, 3);
    CHECK(Ids(top3.begin(), top3.end()) == Ids{"lucid", "shockwave", "gavel"});
    CHECK(db.run({"search", "gpu scheduling"}).out == r.out);
}

TEST_CASE("cli: --json prints one object of the documented shape", "[cli]") {
    Db db;
    const auto j = db.json_of({"scheduling", "--limit", "3"});
    CHECK(j.at("query") == "scheduling");
    CHECK(j.at("total") == 5);
    REQUIRE(j.at("results").size() == 3);
    CHECK(j.at("did_you_mean").is_null());
    const auto typo = db.json_of({"schedulng"});
    CHECK(typo.at("total") == 5);
    CHECK(typo.at("did_you_mean") == json{{"query", "scheduling"}, {"total", 5}, {"applied", true}});
    CHECK(db.run({"schedulng"}).out.rfind("Showing results for: scheduling (5 papers); --exact searches 'schedulng' as typed\n", 0) == 0);
    const auto exact = db.json_of({"schedulng", "--exact"});
    CHECK(exact.at("total") == 0);
    CHECK(exact.at("did_you_mean") == json{{"query", "scheduling"}, {"total", 5}, {"applied", false}});
    CHECK(db.run({"schedulng", "--exact"}).out.rfind("Did you mean: scheduling (5 papers)\n", 0) == 0);
    const std::set<std::string> keys = {"rank", "id", "title", "kind", "authors", "venue", "year", "categories", "repo",
                                        "paper", "arxiv_id", "doi", "score", "snippet", "highlights", "related"};
    for (const auto& res : j.at("results")) {
        std::set<std::string> got;
        for (const auto& [k, v] : res.items()) got.insert(k);
        CHECK(got == keys);
        CHECK(res.at("year").is_number_integer());
        CHECK(res.at("snippet").get<std::string>().find('\x1b') == std::string::npos);
    }
    CHECK(j.at("results")[0].at("rank") == 1);
    CHECK(j.at("facets").at("category").at("Schedule") == 3);
    CHECK(j.at("facets").at("year").is_object());

    const auto slapo = db.json_of({"slapo"});
    CHECK(slapo.at("results")[0].at("year").is_null());
}

TEST_CASE("cli: acceptance filters with exact facet counts", "[cli]") {
    Db db;
    auto j = db.json_of({"--venue", "NSDI"});
    CHECK(result_ids(j) == Ids{"zeus", "modelkeeper", "shockwave"});
    CHECK(j.at("total") == 3);
    CHECK(j.at("facets").at("venue") == json{{"NSDI", 3}});
    CHECK(j.at("facets").at("category") == json{{"Schedule", 1}, {"Training", 2}});

    j = db.json_of({"--venue", "osdi", "--year", "2020"});
    CHECK(result_ids(j) == Ids{"clockwork", "gavel"});
    CHECK(j.at("facets").at("year") == json{{"2020", 2}});

    j = db.json_of({"--category", "optimization"});
    CHECK(result_ids(j) == Ids{"spada", "hidet", "igniter", "magicube"});
    CHECK(j.at("facets").at("category") == json{{"Optimization", 4}});
    CHECK(j.at("facets").at("venue") == json{{"ASPLOS", 2}, {"SC", 1}, {"TPDS", 1}});

    // A filter takes one value; the words after it are still the query.
    j = db.json_of({"--venue", "osdi", "scheduling", "--venue", "nsdi"});
    CHECK(result_ids(j) == Ids{"gavel", "shockwave"});
    CHECK(j.at("query") == "scheduling");

    j = db.json_of({"--year", "2020..2021"});
    CHECK(result_ids(j) == Ids{"clockwork", "gavel", "fastmoe", "lambdadnn"});
}

TEST_CASE("cli: every default paper has the right venue, year and category", "[cli]") {
    Db db;
    const auto j = db.json_of(k_all_categories);
    REQUIRE(j.at("total") == 16);
    std::map<std::string, std::string> got;
    for (const auto& r : j.at("results"))
        got[r.at("id")] = r.at("venue").get<std::string>() + " " +
                          (r.at("year").is_null() ? "-" : std::to_string(r.at("year").get<int>())) + " " +
                          r.at("categories")[0].get<std::string>();
    const std::map<std::string, std::string> expected = {
        {"slapo", "arXiv - Training"},       {"zeus", "NSDI 2023 Training"},     {"modelkeeper", "NSDI 2023 Training"},
        {"het", "VLDB 2022 Training"},       {"fastmoe", "arXiv 2021 Training"}, {"lambdadnn", "TC 2021 Training"},
        {"veltair", "ASPLOS 2022 Serving"},  {"glet", "ATC 2022 Serving"},       {"clockwork", "OSDI 2020 Serving"},
        {"lucid", "ASPLOS 2023 Schedule"},   {"shockwave", "NSDI 2023 Schedule"}, {"gavel", "OSDI 2020 Schedule"},
        {"spada", "ASPLOS 2023 Optimization"}, {"hidet", "ASPLOS 2023 Optimization"},
        {"igniter", "TPDS 2022 Optimization"}, {"magicube", "SC 2022 Optimization"},
    };
    CHECK(got == expected);

    const auto lambda = db.json_of({"show", "lambdadnn"});
    CHECK(lambda.at("title") == "λDNN: Achieving Predictable Distributed DNN Training with Serverless Architectures");
    CHECK(lambda.at("venue_kind") == "journal");
    const auto fastmoe = db.json_of({"show", "fastmoe"});
    CHECK(fastmoe.at("arxiv_id") == "2103.13262");
    const auto zeus = db.run({"show", "zeus"});
    CHECK(zeus.exit_code == 0);
    CHECK(zeus.out.find("Zeus: Understanding and Optimizing GPU Energy Consumption of DNN Training") == 0);
    CHECK(zeus.out.find("NSDI (conference)") != std::string::npos);
}

TEST_CASE("cli: similar ID and --like ID", "[cli]") {
    Db db;
    auto j = db.json_of({"similar", "gavel", "--limit", "2"});
    const auto top2 = top_ids(j, 2);
    CHECK(Ids(top2.begin(), top2.end()) == Ids{"lucid", "shockwave"});
    CHECK(db.json_of({"--like", "gavel", "--limit", "2"}).at("results") == j.at("results"));
    CHECK(result_ids(db.json_of({"similar", "gavel", "--category", "schedule"})) == Ids{"lucid", "shockwave"});
    CHECK(one_line_error(db.run({"similar", "no-such-paper"}), 3));
    CHECK(one_line_error(db.run({"similar"})));
}

TEST_CASE("cli: stats reports metadata and facet totals", "[cli]") {
    Db db;
    const auto j = db.json_of({"stats"});
    CHECK(j.at("papers") == 16);
    CHECK(j.at("metadata").at("schema_version") == "8");
    CHECK(j.at("facets").at("category") == json{{"Optimization", 4}, {"Schedule", 3}, {"Serving", 3}, {"Training", 6}});
    const auto text = db.run({"stats"});
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("papers:") != std::string::npos);
}

TEST_CASE("cli: colour only on request or on a terminal without NO_COLOR", "[cli]") {
    Db db;
    const auto bold = db.run({"gpu", "--color", "always"});
    CHECK(bold.out.find("\x1b[1mGPU\x1b[0m") != std::string::npos);
    CHECK(db.run({"gpu", "--color", "never"}).out.find('\x1b') == std::string::npos);
    CHECK(db.run({"gpu"}, {{"NO_COLOR", "1"}}).out.find('\x1b') == std::string::npos);
}

TEST_CASE("cli: the database path comes from --db, AISYS_DB or XDG_DATA_HOME", "[cli]") {
    aisys::test::TempDir tmp;
    const auto xdg = tmp.path() / "xdg";
    REQUIRE(run_cli({"index", "--quiet"}, {{"XDG_DATA_HOME", xdg.string()}}).exit_code == 0);
    CHECK(fs::exists(xdg / "aisys-search" / "index" / "XAPIANDB"));
    const auto home = tmp.path() / "home";
    REQUIRE(run_cli({"index"}, {{"HOME", home.string()}}).exit_code == 0);
    CHECK(fs::exists(home / ".local" / "share" / "aisys-search" / "index" / "XAPIANDB"));
    const auto explicit_db = tmp.path() / "explicit";
    REQUIRE(run_cli({"index", "--db", explicit_db.string()}, {{"AISYS_DB", (tmp.path() / "env").string()}}).exit_code == 0);
    CHECK(fs::exists(explicit_db / "XAPIANDB"));
    CHECK_FALSE(fs::exists(tmp.path() / "env"));
    CHECK(run_cli({"gpu", "--db", explicit_db.string()}).exit_code == 0);
}

TEST_CASE("cli: exit codes are 0 found, 1 none, 2 error with one line", "[cli]") {
    Db db;
    CHECK(db.run({"gpu"}).exit_code == 0);
    const auto none = db.run({"xylophone"});
    CHECK(none.exit_code == 1);
    CHECK(none.out == "No papers match.\n");
    CHECK(db.run({"show", "no-such-paper"}).exit_code == 1);

    Db empty(false);
    auto r = empty.run({"gpu"});
    CHECK(one_line_error(r));
    CHECK(r.err.find(empty.path) != std::string::npos);
    CHECK(r.err.find("aisys-search index") != std::string::npos);

    r = db.run({"--venue", "neverconf"});
    CHECK(one_line_error(r, 3));
    CHECK(r.err.find("OSDI") != std::string::npos);  // lists the known venues
    CHECK(one_line_error(db.run({"--category", "cooking"}), 3));
    CHECK(one_line_error(db.run({"gpu", "--year", "twenty"}), 3));
    CHECK(one_line_error(db.run({"gpu", "--year", "2023..2020"}), 3));
    CHECK(one_line_error(db.run({"\"gpu scheduling"}), 3));
    CHECK(one_line_error(db.run({"(gpu"}), 3));
    CHECK(one_line_error(db.run({"gpu", "--no-such-option"})));
    CHECK(one_line_error(db.run({"gpu", "--limit", "many"})));
    CHECK(one_line_error(db.run({"gpu", "--sort", "random"})));
    CHECK(one_line_error(db.run({"--venue"})));
    CHECK(one_line_error(db.run({"--json"}), 3));  // neither words nor a filter
    CHECK(run_cli({}).exit_code == 2);
    CHECK(run_cli({"--help"}).exit_code == 0);
}

TEST_CASE("cli: bad lists are refused with one line and the index stays as it was", "[cli]") {
    Db db;
    const auto before = db.run({"gpu scheduling"}).out;
    aisys::test::TempDir tmp;
    const auto binary = tmp.path() / "binary.md";
    std::string bytes = "# list\n\n- [A](https://github.com/a/b) OSDI'20\n";
    bytes += std::string(1, '\0') + "\x01\x02";
    aisys::test::write_file(binary, bytes);
    const auto latin1 = tmp.path() / "latin1.md";
    aisys::test::write_file(latin1, "# list\n\n- [Caf\xE9 systems](https://github.com/a/b) OSDI'20\n");
    const auto nopapers = tmp.path() / "nopapers.md";
    aisys::test::write_file(nopapers, "# Just prose\n\nNo entries here.\n");
    const auto huge = tmp.path() / "huge.md";
    aisys::test::write_file(huge, std::string((64u << 20) + 1, 'a'));

    for (const auto& list : {binary.string(), latin1.string(), nopapers.string(), huge.string(),
                             (tmp.path() / "missing.md").string(), tmp.str()}) {
        INFO(list);
        const auto r = db.run({"index", "--list", list});
        CHECK(one_line_error(r));
        CHECK(r.err.find(list) != std::string::npos);
    }
    CHECK(db.run({"index", "--list", latin1.string()}).err.find(":3: invalid UTF-8") != std::string::npos);
    CHECK(db.run({"gpu scheduling"}).out == before);

    // A mistyped --db never writes into someone's folder.
    aisys::test::write_file(tmp.path() / "mine" / "notes.txt", "mine");
    CHECK(one_line_error(run_cli({"index", "--db", (tmp.path() / "mine").string()})));
    CHECK_FALSE(fs::exists(tmp.path() / "mine" / "XAPIANDB"));
}

TEST_CASE("cli: killing index midway leaves the earlier index answering", "[cli]") {
    Db db;
    const auto before = db.run({"gpu scheduling"});
    REQUIRE(before.exit_code == 0);
    const std::string fixture = aisys::test::fixture("e2e-list.md");

    for (const char* point : {"kill-after-docs:2", "kill-before-swap"}) {
        INFO(point);
        const auto killed = db.run({"index", "--list", fixture}, {{"AISYS_FAULT", point}});
        CHECK(killed.exit_code == 128 + 9);
        const auto after = db.run({"gpu scheduling"});
        CHECK(after.exit_code == 0);
        CHECK(after.out == before.out);
        CHECK(db.json_of({"stats"}).at("papers") == 16);
    }
    // Killed after the swap: the new index is complete and in place.
    CHECK(db.run({"index", "--list", fixture}, {{"AISYS_FAULT", "kill-after-swap"}}).exit_code == 128 + 9);
    CHECK(db.json_of({"stats"}).at("papers") == 3);

    // The next run succeeds and cleans up what the killed ones left.
    REQUIRE(db.run({"index", "--list", fixture}).exit_code == 0);
    std::vector<std::string> left;
    for (const auto& e : fs::directory_iterator(db.path)) left.push_back(e.path().filename().string());
    std::sort(left.begin(), left.end());
    CHECK(left.size() == 3);
    CHECK(left[0] == ".lock");
    CHECK(left[1] == "XAPIANDB");
    CHECK(left[2].rfind("gen-", 0) == 0);
    CHECK(result_ids(db.json_of({"placement"})) == Ids{"marmot"});
}

TEST_CASE("cli: a list of our own, several lists at once", "[cli]") {
    Db db(false);
    const auto r = db.run({"index", "--list", aisys::test::fixture("e2e-list.md"), "--list", aisys::test::default_list()});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("indexed 19 papers") == 0);
    auto j = db.json_of({"--venue", "eurosys"});
    CHECK(result_ids(j) == Ids{"marmot"});
    j = db.json_of({"show", "quillstore"});
    CHECK(j.at("arxiv_id") == "2405.01234");
    CHECK(j.at("year") == 2024);
    CHECK(j.at("listings")[0].at("section") == json{"A list written for the end-to-end tests", "Systems", "Caching"});
    CHECK(j.at("listings")[0].at("line") == 7);
    j = db.json_of({"caching", "--category", "caching"});
    CHECK(result_ids(j) == Ids{"borealis", "quillstore"});

    // Filtering by list: its file name (any case) or its path.
    j = db.json_of({"--list", "E2E-list.md"});
    CHECK(result_ids(j) == Ids{"borealis", "quillstore", "marmot"});
    CHECK(db.json_of({"--list", aisys::test::default_list()}).at("total") == 16);
    CHECK(result_ids(db.json_of({"scheduling list:e2e-list.md"})).empty());
    CHECK(result_ids(db.json_of({"placement OR serving list:e2e-list.md"})) == Ids{"marmot"});
    CHECK(result_ids(db.json_of({"gpu list:awesome-ai-system.md", "--venue", "osdi"})).empty());
    CHECK(one_line_error(db.run({"--list", "other.md"}), 3));
}

TEST_CASE("cli: the seed list in ../shared gives the default list's papers", "[cli]") {
    const auto shared = aisys::test::shared_dir();
    if (shared.empty()) {
        WARN("skipped: ../shared is absent, so the seed list cannot be read");
        return;
    }
    Db from_seed(false);
    const auto r = from_seed.run({"index", "--list", shared + "/seed/awesome-ai-system.md"});
    REQUIRE(r.exit_code == 0);
    Db from_default;
    auto strip = [](json j) {
        for (auto& res : j.at("results")) res.erase("score");
        return j;
    };
    CHECK(strip(from_seed.json_of(k_all_categories)) == strip(from_default.json_of(k_all_categories)));
    CHECK(strip(from_seed.json_of({"gpu scheduling"})) == strip(from_default.json_of({"gpu scheduling"})));
    CHECK(from_seed.json_of({"show", "lambdadnn"}).at("title").get<std::string>().rfind("λDNN", 0) == 0);
}

TEST_CASE("cli: catalog parses without indexing and exits 1 when a maintainer has work to do", "[cli]") {
    aisys::test::TempDir tmp;
    const auto clean = run_cli({"catalog"});
    CHECK(clean.exit_code == 0);
    CHECK(clean.err.find("papers 16, projects 0, other 0; 0 problems, 0 listings merged") != std::string::npos);
    CHECK(clean.out.find("lambdadnn\tTC\t2021\tTraining\tλDNN: Achieving") != std::string::npos);

    const auto list = tmp.path() / "lint.md";
    aisys::test::write_file(list, "# Lint me\n\n## Serving\n"
                                  "- [Kestrel: Fast Serving](https://github.com/o/kestrel) OSDI'22\n"
                                  "- [Wren: Slow Serving]() OSDI'22\n"
                                  "- Ibis: no link at all\n"
                                  "- [Heron: Odd Venue](https://github.com/o/heron) Bird Watching Quarterly\n"
                                  "\n## Training\n"
                                  "- [Kestrel: Fast Serving](https://github.com/o/kestrel) OSDI'22\n");
    const auto r = run_cli({"catalog", "--list", list.string(), "--json"});
    CHECK(r.exit_code == 1);
    const auto j = json::parse(r.out);
    CHECK(j.at("papers").size() == 3);
    CHECK(j.at("merged").size() == 1);
    CHECK(j.at("merged")[0].at("line") == 10);
    std::set<int> problem_lines;
    for (const auto& p : j.at("problems")) problem_lines.insert(p.at("line").get<int>());
    CHECK(problem_lines == std::set<int>{5, 6, 7});
    CHECK(j.at("papers")[0].at("categories") == json{"Serving", "Training"});
    CHECK_FALSE(fs::exists(tmp.path() / "db"));
}

TEST_CASE("cli: merging by title or by repository with a near-identical title, arXiv clashes reported", "[cli]") {
    aisys::test::TempDir tmp;
    const auto list = tmp.path() / "merge.md";
    aisys::test::write_file(list, "# Merge\n\n## Compilers\n"
                                  "- [Kite: Tensor-Program Mapping for Accelerators](https://github.com/o/kite) ASPLOS'23\n"
                                  "- [Flock: Joint Search of Parallel Plans](https://github.com/o/flock) OSDI'22\n"
                                  "- [Gull: Speculative Decoding Trees](https://arxiv.org/abs/2308.00001)\n"
                                  "\n## Training\n"
                                  "- [Kite: Tensor Program Mapping for an Accelerator](https://github.com/o/kite/) ASPLOS'23\n"
                                  "- [Tern: Algebraic Rewrites for Training](https://github.com/o/flock) OSDI'22\n"
                                  "- [Skua: Low-Latency Serving](https://arxiv.org/pdf/2308.00001v2)\n");
    const auto r = run_cli({"catalog", "--list", list.string(), "--json"});
    const auto j = json::parse(r.out);
    std::vector<std::string> titles;
    for (const auto& p : j.at("papers")) titles.push_back(p.at("title"));
    CHECK(titles == std::vector<std::string>{"Kite: Tensor-Program Mapping for Accelerators",
                                             "Flock: Joint Search of Parallel Plans", "Gull: Speculative Decoding Trees",
                                             "Tern: Algebraic Rewrites for Training", "Skua: Low-Latency Serving"});
    CHECK(j.at("papers")[0].at("categories") == json{"Compilers", "Training"});
    REQUIRE(j.at("merged").size() == 1);
    CHECK(j.at("merged")[0].at("line") == 9);
    REQUIRE(j.at("problems").size() == 1);
    CHECK(j.at("problems")[0].at("message").get<std::string>().find("both link arXiv 2308.00001") != std::string::npos);
    CHECK(r.exit_code == 1);
}

// Issue 17: one command table; the bare usage and --help list every command,
// a misspelt command is no command.
TEST_CASE("cli: the bare usage and --help name every command of the table", "[cli]") {
    const auto bare = run_cli({});
    CHECK(bare.exit_code == 2);
    const auto help = run_cli({"--help"});
    CHECK(help.exit_code == 0);
    for (const std::string command : {"search", "similar", "index", "catalog", "show", "stats"}) {
        INFO(command);
        CHECK(bare.err.find("\n  " + command + " ") != std::string::npos);
        CHECK(help.out.find("  " + command + " ") != std::string::npos);
        const auto sub = run_cli({command, "--help"});
        CHECK(sub.exit_code == 0);
        CHECK(sub.out.find(command) != std::string::npos);
    }
}

// Issue 14's command-line traps that issue 17's command table touches.
TEST_CASE("cli: '-word' excludes a word, a mistyped command is named, ids match in any case", "[cli]") {
    Db db;
    // The README's own example: `aisys-search scheduling -cluster`.
    const auto with = result_ids(db.json_of({"scheduling", "--no-related", "--limit", "50"}));
    const auto without = db.json_of({"scheduling", "-cluster", "--no-related", "--limit", "50"});
    CHECK(without.at("query") == "scheduling -cluster");
    CHECK(with.count("gavel"));  // "Heterogeneity-Aware Cluster Scheduling Policies ..."
    CHECK_FALSE(result_ids(without).count("gavel"));
    CHECK_FALSE(result_ids(without).empty());
    CHECK(result_ids(without).size() < with.size());

    const auto typo = db.run({"shwo", "gavel"});
    CHECK(typo.err.find("'shwo' is not a command") != std::string::npos);
    CHECK(typo.err.find("'show' is") != std::string::npos);

    const auto upper = db.run({"show", "Gavel"});
    CHECK(upper.exit_code == 0);
    CHECK(upper.out.find("gavel") != std::string::npos);
    const auto near = db.run({"show", "gavl"});
    CHECK(near.exit_code == 1);
    CHECK(near.err.find("no paper with id 'gavl'; did you mean gavel") != std::string::npos);

    const auto help = db.run({"search", "--help"});
    for (const std::string field : {"title:", "author:", "abstract:", "readme:", "venue:", "category:", "year:", "list:"})
        CHECK(help.out.find(field) != std::string::npos);
}

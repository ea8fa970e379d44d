// Issue 14 point 10: output shaped for the terminal and for programs. Text
// wrapped to the width with a hanging indent, paging through $PAGER on a
// terminal only, catalog as tab-separated rows, one spelling for a missing
// venue, JSON highlights in code points and a format_version.

#include "fixtures.hpp"
#include "support.hpp"

#include "cli/terminal.hpp"

#include <aisys/paper.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

using namespace aisys;
using nlohmann::json;

namespace {

std::vector<Paper> wordy_papers() {
    Paper a = test::make_paper("heron", "Heron: Scheduling Striped Tensors Across Many Accelerators",
                               "Heron schedules striped tensors across many accelerators so that every device stays busy "
                               "while the memory of each one holds only a slice of the model, and the scheduling cost "
                               "grows with the number of stripes rather than with the number of devices.",
                               "", "OSDI", 2022);
    a.authors = {"Ada Lovelace", "Grace Hopper"};
    Paper b = test::make_paper("ibis", "Ibis: Scheduling λ Functions for Straße Workloads",
                               "Ibis places serverless functions near their data; scheduling them is cheap.", "", "", 2021);
    Paper c = test::make_paper("kestrel", "Kestrel: 分布式 Scheduling for Clusters",
                               "Kestrel brings scheduling to clusters of many accelerators.", "", "NSDI", 2023);
    return {a, b, c};
}

test::RunResult run_on(const test::TestIndex& index, const std::vector<std::string>& args,
                       std::map<std::string, std::string> env = {}) {
    env["AISYS_DB"] = index.dir();
    return test::run_cli(args, env);
}

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

// Lines wider than `width` that could have been broken: more than one word
// after their indent or label ("  source:      /a/long/path" cannot be).
std::vector<std::string> overlong(const std::string& text, std::size_t width) {
    std::vector<std::string> out;
    for (const auto& line : lines_of(text)) {
        if (cli::display_width(line) <= width) continue;
        std::string before = line.substr(0, line.find_last_of(' ') == std::string::npos ? 0 : line.find_last_of(' '));
        while (!before.empty() && before.back() == ' ') before.pop_back();
        if (!before.empty() && before.find_first_not_of(' ') != std::string::npos && before.back() != ':') out.push_back(line);
    }
    return out;
}

// A UTF-8 string as code points, the units Python and jq slice by.
std::u32string code_points(const std::string& s) {
    std::u32string out;
    for (std::size_t i = 0; i < s.size();) {
        const auto b = static_cast<unsigned char>(s[i]);
        const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
        char32_t c = n == 1 ? b : b & (0xFF >> (n + 1));
        for (std::size_t k = 1; k < n; ++k) c = (c << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
        out += c;
        i += n;
    }
    return out;
}

} // namespace

TEST_CASE("display_width counts columns: wide CJK, zero-width marks, escape sequences", "[shaped]") {
    CHECK(cli::display_width("gpu") == 3);
    CHECK(cli::display_width("λDNN") == 4);
    CHECK(cli::display_width("分布式") == 6);
    CHECK(cli::display_width("e\xCC\x81") == 1);  // e + combining acute
    CHECK(cli::display_width("\x1b[1mGPU\x1b[0m") == 3);
}

TEST_CASE("wrap breaks at spaces with a hanging indent, never inside a word, a character or an escape", "[shaped]") {
    CHECK(cli::wrap("aaa bbb ccc", 0, 0, 2) == "aaa bbb ccc");
    CHECK(cli::wrap("aaa bbb ccc", 8, 0, 2) == "aaa bbb\n  ccc");
    CHECK(cli::wrap("aaa bbb ccc", 10, 4, 4) == "aaa\n    bbb\n    ccc");
    CHECK(cli::wrap("分布式 分布式 x", 14, 0, 0) == "分布式 分布式\nx");  // 13 columns, not 19 bytes
    CHECK(cli::wrap("\x1b[1maaa\x1b[0m bbb", 7, 0, 0) == "\x1b[1maaa\x1b[0m bbb");
    CHECK(cli::wrap("https://example.org/a/very/long/link x", 10, 0, 1) == "https://example.org/a/very/long/link\n x");
}

TEST_CASE("text output wraps snippets, facet lines, abstracts and stats at $COLUMNS, piped output is not wrapped",
          "[shaped][cli]") {
    const test::TestIndex index(wordy_papers());
    const auto narrow = run_on(index, {"scheduling", "accelerators"}, {{"COLUMNS", "40"}});
    INFO(narrow.out);
    REQUIRE(narrow.exit_code == 0);
    CHECK(overlong(narrow.out, 40).empty());
    // The snippet's second line hangs under its first.
    CHECK_THAT(narrow.out, Catch::Matches("(.|\n)*\n    [^ ](.|\n)*\n    [^ ](.|\n)*"));
    const auto wide = run_on(index, {"scheduling", "accelerators"});
    CHECK_FALSE(overlong(wide.out, 40).empty());

    const auto show = run_on(index, {"show", "heron"}, {{"COLUMNS", "50"}});
    CHECK(overlong(show.out, 50).empty());
    CHECK_THAT(show.out, Catch::Contains("abstract:\nHeron schedules striped tensors"));

    const auto stats = run_on(index, {"stats"}, {{"COLUMNS", "30"}});
    INFO(stats.out);
    CHECK(overlong(stats.out, 30).empty());
    CHECK_THAT(stats.out, Catch::Contains("\n               "));  // a field's value continues under itself
}

TEST_CASE("a terminal's own width wraps, and long output goes through $PAGER only on a terminal", "[shaped][cli]") {
    const test::TempDir tmp;
    const test::TestIndex index(wordy_papers());
    const auto paged = tmp.path() / "paged";
    const std::map<std::string, std::string> env = {{"AISYS_DB", index.dir()}, {"PAGER", "cat > '" + paged.string() + "'"}};

    const auto on_tty = test::run_cli_on_tty({"scheduling", "accelerators"}, env, 44);
    CHECK(on_tty.exit_code == 0);
    REQUIRE(std::filesystem::exists(paged));
    const std::string through_pager = test::slurp(paged.string());
    INFO(through_pager);
    CHECK_THAT(through_pager, Catch::Contains("papers match"));
    CHECK(overlong(through_pager, 44).empty());
    CHECK(on_tty.out.find("papers match") == std::string::npos);  // the pager had it, not the terminal

    std::filesystem::remove(paged);
    const auto no_pager = test::run_cli_on_tty({"scheduling", "--no-pager"}, env, 44);
    CHECK_THAT(no_pager.out, Catch::Contains("papers match"));
    CHECK_FALSE(std::filesystem::exists(paged));

    auto cat_env = env;
    cat_env["PAGER"] = "";
    CHECK_THAT(test::run_cli_on_tty({"scheduling"}, cat_env, 44).out, Catch::Contains("papers match"));
    CHECK_FALSE(std::filesystem::exists(paged));

    const auto piped = test::run_cli({"scheduling"}, env);
    CHECK_THAT(piped.out, Catch::Contains("papers match"));
    CHECK_FALSE(std::filesystem::exists(paged));
}

TEST_CASE("catalog prints tab-separated rows and its report on stderr, --json has format_version", "[shaped][cli]") {
    const auto r = test::run_cli({"catalog"});
    CHECK(r.exit_code == 0);
    const auto rows = lines_of(r.out);
    REQUIRE(rows.size() == 16);
    for (const auto& row : rows) {
        INFO(row);
        CHECK(std::count(row.begin(), row.end(), '\t') == 4);
    }
    CHECK_THAT(r.out, Catch::Contains("lambdadnn\tTC\t2021\tTraining\tλDNN: Achieving"));
    CHECK_THAT(r.err, Catch::Contains("papers 16, projects 0, other 0; 0 problems, 0 listings merged"));
    CHECK(json::parse(test::run_cli({"catalog", "--json"}).out).at("format_version") == 1);
}

TEST_CASE("a missing venue is spelt one way in search, show and catalog-like output", "[shaped][cli]") {
    const test::TestIndex index(wordy_papers());
    CHECK_THAT(run_on(index, {"ibis"}).out, Catch::Contains("    unknown venue 2021 · "));
    CHECK_THAT(run_on(index, {"show", "ibis"}).out, Catch::Contains("  venue:       unknown venue\n"));
}

TEST_CASE("JSON highlights are code point offsets, and every JSON object has format_version", "[shaped][cli]") {
    const test::TestIndex index(wordy_papers());
    const auto j = json::parse(run_on(index, {"straße", "workloads", "--json", "--no-related"}).out);
    CHECK(j.at("format_version") == 1);
    REQUIRE(j.at("results").size() == 1);
    const auto& hit = j.at("results")[0];
    const std::u32string snippet = code_points(hit.at("snippet").get<std::string>());
    REQUIRE_FALSE(hit.at("highlights").empty());
    for (const auto& h : hit.at("highlights")) {
        const auto word = snippet.substr(h[0].get<std::size_t>(), h[1].get<std::size_t>());
        INFO(hit.dump());
        CHECK((word == U"Straße" || word == U"Workloads"));
    }
    CHECK(json::parse(run_on(index, {"show", "ibis", "--json"}).out).at("format_version") == 1);
    CHECK(json::parse(run_on(index, {"stats", "--json"}).out).at("format_version") == 1);
}

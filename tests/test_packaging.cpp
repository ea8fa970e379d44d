// Issue 14 point 11: the conventions a packaged command line keeps. A man
// page, shell completions generated from the command table, --version with
// Xapian's version, `open` / `--open N` handing a link to xdg-open, and a
// config file of default options.

#include "fixtures.hpp"
#include "support.hpp"

#include <aisys/paper.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <sstream>

#include <sys/stat.h>
#include <sys/wait.h>

using namespace aisys;
using nlohmann::json;

namespace {

// The commands the bare usage lists: the command table as the binary has it.
std::vector<std::string> table_commands() {
    std::vector<std::string> out;
    std::istringstream in(test::run_cli({}).err);
    bool listing = false;
    for (std::string line; std::getline(in, line);) {
        if (line == "commands:") listing = true;
        else if (listing && line.rfind("  ", 0) == 0) out.push_back(line.substr(2, line.find(' ', 2) - 2));
    }
    return out;
}

// What a shell prints running `script`; exit status in `code`.
std::string shell_output(const std::string& shell, const std::string& script, int& code) {
    const test::TempDir tmp;
    const auto file = tmp.path() / "script";
    test::write_file(file, script);
    const auto out_file = tmp.path() / "out";
    const std::string command = shell + " " + file.string() + " > " + out_file.string() + " 2>&1";
    const int status = std::system(command.c_str());
    code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return test::slurp(out_file.string());
}

bool have(const std::string& program) {
    return std::system(("command -v " + program + " > /dev/null 2>&1").c_str()) == 0;
}

std::vector<Paper> linked_papers() {
    Paper zebra = test::make_paper("zebra", "Zebra: Striped Attention Kernels", "Kernels for striped attention.");
    zebra.arxiv_id = "2401.01234";
    zebra.repo = "https://github.com/example/zebra";
    Paper okapi = test::make_paper("okapi", "Okapi: Striped Storage", "Storage in stripes.");
    okapi.paper_url = "file:///etc/passwd";
    return {zebra, okapi};
}

// A folder holding an xdg-open that writes what it was handed to `log`.
std::string fake_opener(const test::TempDir& tmp, const std::filesystem::path& log) {
    const auto bin = tmp.path() / "bin";
    std::filesystem::create_directories(bin);
    test::write_file(bin / "xdg-open", "#!/bin/sh\necho \"$@\" >> '" + log.string() + "'\n");
    ::chmod((bin / "xdg-open").c_str(), 0755);
    return bin.string();
}

} // namespace

TEST_CASE("version: --version names the program, its version and Xapian's", "[packaging][cli]") {
    const auto r = test::run_cli({"--version"});
    CHECK(r.exit_code == 0);
    CHECK_THAT(r.out, Catch::Matches("aisys-search [0-9]+\\.[0-9]+\\.[0-9]+ \\(Xapian 1\\.[0-9]+\\.[0-9]+\\)\n"));
}

TEST_CASE("the man page passes man --warnings and names every command", "[packaging]") {
    const std::string page = test::slurp(AISYS_MAN_PAGE);
    REQUIRE_FALSE(page.empty());
    // The page's header names the version --version prints: bump both together.
    const std::string version = test::run_cli({"--version"}).out;
    CHECK_THAT(page, Catch::Contains("\"" + version.substr(0, version.find(" (")) + "\""));
    for (const auto& command : table_commands()) {
        INFO(command);
        CHECK((page.find(".BI " + command) != std::string::npos || page.find(".B " + command + "\n") != std::string::npos));
    }
    int code = 0;
    std::string out;
    if (have("man"))
        out = shell_output("sh", "man --warnings -l '" AISYS_MAN_PAGE "' > /dev/null\n", code);
    else if (have("groff"))
        out = shell_output("sh", "groff -man -ww -z '" AISYS_MAN_PAGE "'\n", code);
    else
        FAIL("neither man nor groff: run setup.sh");
    CHECK(code == 0);
    CHECK(out.empty());
}

TEST_CASE("bash completion from the command table completes commands, options and their values", "[packaging][cli]") {
    const auto commands = table_commands();
    REQUIRE(commands.size() >= 9);
    const std::string script = test::run_cli({"completion", "bash"}).out;
    REQUIRE_FALSE(script.empty());
    const std::string probe = script + R"(
reply() { COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=(); _aisys_search; echo "${COMPREPLY[*]}"; }
reply aisys-search s
reply aisys-search co
reply aisys-search search --so
reply aisys-search gpu --col
reply aisys-search gpu --color a
reply aisys-search index --inc
reply aisys-search completion ''
reply aisys-search ''
complete -p aisys-search
)";
    int code = 0;
    const std::string out = shell_output("bash", probe, code);
    INFO(out);
    CHECK(code == 0);
    std::istringstream in(out);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    REQUIRE(lines.size() == 9);
    CHECK(lines[0] == "search similar show stats serve");
    CHECK(lines[1] == "compact completion");
    CHECK(lines[2] == "--sort");
    CHECK(lines[3] == "--color");  // a line without a command completes search's options
    CHECK(lines[4] == "auto always");
    CHECK(lines[5] == "--include-other");
    CHECK(lines[6] == "bash zsh fish");
    std::string all;
    for (const auto& c : commands) all += (all.empty() ? "" : " ") + c;
    CHECK(lines[7] == all);  // every command of the table, a new one included
    CHECK(lines[8] == "complete -o default -F _aisys_search aisys-search");
}

TEST_CASE("zsh and fish completions name every command and parse in their shells", "[packaging][cli]") {
    for (const std::string shell : {"zsh", "fish"}) {
        INFO(shell);
        const auto r = test::run_cli({"completion", shell});
        CHECK(r.exit_code == 0);
        for (const auto& command : table_commands()) CHECK(r.out.find("'" + command) != std::string::npos);
        CHECK((r.out.find("--sort") != std::string::npos || r.out.find("-l sort") != std::string::npos));
        if (!have(shell)) {
            WARN(shell + " is not installed (setup.sh installs it): syntax not checked");
            continue;
        }
        int code = 0;
        const std::string out = shell_output("sh", shell == "zsh" ? "zsh -n <<'EOF'\n" + r.out + "EOF\n"
                                                                  : "fish --no-execute <<'EOF'\n" + r.out + "EOF\n",
                                             code);
        CHECK(code == 0);
        CHECK(out.empty());
    }
    CHECK(test::run_cli({"completion", "tcsh"}).exit_code == 2);
}

TEST_CASE("open ID and --open N hand the paper's link or repository to xdg-open, else print it", "[packaging][cli]") {
    const test::TempDir tmp;
    const test::TestIndex index(linked_papers());
    const auto log = tmp.path() / "opened";
    const std::map<std::string, std::string> env = {{"AISYS_DB", index.dir()}, {"PATH", fake_opener(tmp, log) + ":/usr/bin:/bin"}};

    auto r = test::run_cli({"open", "zebra"}, env);
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(test::slurp(log.string()) == "https://arxiv.org/abs/2401.01234\n");
    CHECK(test::run_cli({"open", "Zebra", "--code"}, env).exit_code == 0);
    CHECK(test::run_cli({"striped", "attention", "--open", "1", "--code"}, env).exit_code == 0);
    CHECK(test::slurp(log.string()) ==
          "https://arxiv.org/abs/2401.01234\nhttps://github.com/example/zebra\nhttps://github.com/example/zebra\n");

    // A link that is no web page is never handed over; nor a result past the last.
    r = test::run_cli({"open", "okapi"}, env);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains("not a web link"));
    CHECK(test::run_cli({"striped", "--open", "9"}, env).exit_code == 2);
    CHECK(test::run_cli({"open", "nosuch"}, env).exit_code == 2);
    const std::string opened = test::slurp(log.string());
    CHECK(std::count(opened.begin(), opened.end(), '\n') == 3);

    // No xdg-open on PATH: the link is printed.
    const test::TempDir empty;
    r = test::run_cli({"open", "zebra", "--code"}, {{"AISYS_DB", index.dir()}, {"PATH", empty.str()}});
    CHECK(r.exit_code == 0);
    CHECK(r.out == "https://github.com/example/zebra\n");
}

TEST_CASE("the config file gives default options, the command line and --no-config win, bad lines name file:line",
          "[packaging][cli]") {
    const test::TempDir tmp;
    const test::TestIndex index(linked_papers());
    const auto config = tmp.path() / "aisys-search" / "config";
    std::filesystem::create_directories(config.parent_path());
    test::write_file(config, "# my defaults\n--limit 1\n\n--cache=/nowhere\nindex --list extra.md\n  --no-related\n");
    std::map<std::string, std::string> env = {{"AISYS_DB", index.dir()}, {"XDG_CONFIG_HOME", tmp.str()}};
    auto results = [&](const std::vector<std::string>& args) {
        auto a = args;
        a.push_back("--json");
        const auto r = test::run_cli(a, env);
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return json::parse(r.out).at("results").size();
    };
    CHECK(results({"striped"}) == 1);                  // --limit 1 from the file; --cache and index's --list skipped
    CHECK(results({"striped", "--limit", "2"}) == 2);  // the command line wins
    CHECK(results({"striped", "--no-config"}) == 2);
    env["AISYS_CONFIG"] = "";
    CHECK(results({"striped"}) == 2);
    env.erase("AISYS_CONFIG");

    test::write_file(config, "--limit 1\n--limt 3\n");
    auto r = test::run_cli({"striped"}, env);
    CHECK(r.exit_code == 2);
    CHECK_THAT(r.err, Catch::Contains(config.string() + ":2: unknown option --limt"));
    test::write_file(config, "--json yes\n");
    CHECK_THAT(test::run_cli({"striped"}, env).err, Catch::Contains(":1: --json takes no value"));
    test::write_file(config, "limit 3\n");
    CHECK_THAT(test::run_cli({"striped"}, env).err, Catch::Contains(":1: 'limit 3' is not a long option"));
}

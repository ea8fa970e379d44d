// The command line: subcommands, the implicit `search`, and the one place
// where errors become a message and an exit code.

#include <aisys/cli.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include "cli/commands.hpp"
#include "cli/printer.hpp"

#include <CLI/CLI.hpp>

#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace aisys::cli {

void add_common_options(CLI::App& app, CommonOptions& o) {
    app.add_option("--db", o.db, "Index folder (default: $AISYS_DB, else $XDG_DATA_HOME/aisys-search/index)");
    app.add_flag("--json", o.json, "Print one JSON object");
    app.add_option("--color", o.color, "auto (default), always or never")->check(CLI::IsMember({"auto", "always", "never"}));
}

std::unique_ptr<Printer> make_printer(const CommonOptions& o) {
    if (o.json) return make_json_printer(std::cout);
    bool color = o.color == "always";
    if (o.color == "auto") color = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    return make_text_printer(std::cout, color);
}

namespace {

// An error as one line a terminal cannot act on, and short: an error may
// quote input (a query, a title, a term Xapian refused) of any size.
std::string message(const char* what) { return text::truncate(text::strip_control(what), 1000); }

constexpr const char* k_commands[] = {"search", "similar", "index", "catalog", "show", "stats"};

bool is_command_or_help(const std::string& arg) {
    for (const char* c : k_commands)
        if (arg == c) return true;
    return arg == "-h" || arg == "--help" || arg == "--version";
}

int run_parsed(int argc, char** argv) {
    CLI::App app{"aisys-search: search papers and code on AI systems, from awesome lists", "aisys-search"};
    app.set_version_flag("--version", AISYS_VERSION);
    app.require_subcommand(1);
    app.footer("\nA query without a command searches: aisys-search \"gpu scheduling\" --venue osdi\n"
               "Run 'aisys-search search --help' for the search options and query syntax.\n");

    SearchOptions search;
    IndexOptions index;
    ShowOptions show;
    StatsOptions stats;
    CatalogOptions catalog;
    SearchOptions similar;
    CLI::App* search_cmd = add_search_command(app, search);
    CLI::App* index_cmd = add_index_command(app, index);
    CLI::App* show_cmd = add_show_command(app, show);
    CLI::App* stats_cmd = add_stats_command(app, stats);
    CLI::App* catalog_cmd = add_catalog_command(app, catalog);
    CLI::App* similar_cmd = add_similar_command(app, similar);

    // `aisys-search WORDS...` means `aisys-search search WORDS...`.
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && !is_command_or_help(args.front())) args.insert(args.begin(), "search");
    std::reverse(args.begin(), args.end());  // CLI11 takes them last-first

    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "aisys-search: error: " << message(e.what()) << " (see 'aisys-search --help')\n";
        return k_exit_error;
    }
    if (search_cmd->parsed()) return run_search(search);
    if (index_cmd->parsed()) return run_index(index);
    if (show_cmd->parsed()) return run_show(show);
    if (stats_cmd->parsed()) return run_stats(stats);
    if (catalog_cmd->parsed()) return run_catalog(catalog);
    if (similar_cmd->parsed()) return run_search(similar);
    return k_exit_error;
}

} // namespace

int run(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: aisys-search QUERY... [--venue V] [--category C] [--year Y] [--json]\n"
                     "       aisys-search index|search|show|stats ... (see 'aisys-search --help')\n";
        return k_exit_error;
    }
    try {
        return run_parsed(argc, argv);
    } catch (const Error& e) {
        std::cerr << "aisys-search: error: " << message(e.what()) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "aisys-search: error: unexpected failure: " << message(e.what()) << "\n";
    } catch (...) {
        std::cerr << "aisys-search: error: unexpected failure\n";
    }
    return k_exit_error;
}

} // namespace aisys::cli

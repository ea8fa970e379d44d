// The command line: subcommands, the implicit `search`, and the one place
// where errors become a message and an exit code.

#include <aisys/cli.hpp>
#include <aisys/error.hpp>
#include <aisys/paths.hpp>
#include <aisys/text.hpp>

#include "cli/commands.hpp"
#include "cli/config.hpp"
#include "cli/printer.hpp"
#include "cli/terminal.hpp"

#include <CLI/CLI.hpp>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <string_view>
#include <iostream>
#include <unistd.h>

namespace aisys::cli {

void add_common_options(CLI::App& app, CommonOptions& o) {
    app.add_option("--db", o.db, "Index folder (default: $AISYS_DB, else $XDG_DATA_HOME/aisys-search/index)");
    app.add_flag("--json", o.json, "Print one JSON object");
    app.add_option("--color", o.color, "auto (default), always or never")->check(CLI::IsMember({"auto", "always", "never"}));
    app.add_flag("--no-pager", o.no_pager, "Print straight to the terminal, not through $PAGER (default: less -R)");
    // Read before parsing (see load_config); declared so --help and the
    // completions show it and the parser accepts it anywhere.
    app.add_flag("--no-config")->description("Ignore the config file ($AISYS_CONFIG, else $XDG_CONFIG_HOME/aisys-search/config)");
}

void add_bibtex_option(CLI::App& app, CommonOptions& o) {
    CLI::Option* bibtex = app.add_flag_callback(
        "--bibtex", [&o] { o.format = std::string(k_format_bibtex); }, "Print the papers as BibTeX entries");
    if (CLI::Option* json = app.get_option_no_throw("--json")) bibtex->excludes(json);
}

namespace {

// A printer whose output goes through the pager: the pager starts before the
// first line and is waited for once the printer is done.
class PagedPrinter : public Printer {
public:
    PagedPrinter(bool page, const std::function<std::unique_ptr<Printer>()>& make) : m_pager(page), m_inner(make()) {}
    void search(const SearchResult& r) override { m_inner->search(r); }
    void paper(const Paper& p) override { m_inner->paper(p); }
    void stats(const IndexStats& s) override { m_inner->stats(s); }
    void papers(const PaperWalk& walk) override { m_inner->papers(walk); }
    void catalog(const Catalog& c) override { m_inner->catalog(c); }
    void built(const BuildReport& report, const Catalog& catalog, const FetchSummary* fetched,
               std::size_t other_left_out) override {
        m_inner->built(report, catalog, fetched, other_left_out);
    }
    void compacted(const CompactReport& report) override { m_inner->compacted(report); }

private:
    Pager m_pager;  // declared first: destroyed last, after the printer flushed
    std::unique_ptr<Printer> m_inner;
};

} // namespace

std::unique_ptr<Printer> make_printer(const CommonOptions& o, bool page) {
    // Colour and width are the terminal's, asked before a pager takes stdout.
    bool color = o.color == "always";
    if (o.color == "auto") color = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    const std::size_t width = output_width();
    return std::make_unique<PagedPrinter>(page && !o.no_pager, [&]() -> std::unique_ptr<Printer> {
        if (!o.format.empty()) return make_paper_printer(std::cout, o.format, VenueTable::load(venue_table_path()));
        if (o.json) return make_json_printer(std::cout);
        return make_text_printer(std::cout, color, width, &std::cerr);
    });
}

std::string version_line() {
    return "aisys-search " AISYS_VERSION " (Xapian " + std::string(Xapian::version_string()) + ")";
}

const std::vector<Command>& commands() {
    static const std::vector<Command> table = {
        {"search", "Search the index (the default command)", search_command},
        {"similar", "Papers most like the paper with this id (takes the search filters)", similar_command},
        {"index", "Read awesome lists, fetch READMEs and abstracts, rebuild the index atomically", index_command},
        {"compact", "Merge the shards of the index into one database (for a release)", compact_command},
        {"catalog", "Parse lists without indexing: print the papers and a report (a linter)", catalog_command},
        {"show", "Print one paper's full record", show_command},
        {"stats", "Print the index's metadata and facet totals", stats_command},
        {"export", "Export papers as BibTeX, CSL-JSON or JSONL: all, or those a query and filters match", export_command},
        {"open", "Open a paper's link (or with --code its repository) with xdg-open, else print it", open_command},
        {"completion", "Print the completion script for bash, zsh or fish", completion_command},
        {"serve", "Serve the search as a web page and a JSON API on this machine (http://127.0.0.1:8080)", serve_command},
    };
    return table;
}

namespace {

// An error as one line a terminal cannot act on, and short: an error may
// quote input (a query, a title, a term Xapian refused) of any size.
std::string message(const char* what) { return text::truncate(text::strip_control(what), 1000); }

bool is_command_or_help(const std::string& arg) {
    for (const auto& c : commands())
        if (arg == c.name) return true;
    return arg == "-h" || arg == "--help" || arg == "--version";
}

// The command a mistyped first word was meant to be ("shwo" -> "show"), or "".
std::string nearest_command(const std::string& word) {
    for (const auto& c : commands())
        if (word.size() >= 3 && word[0] == c.name[0] && text::edit_distance(word, c.name) <= 2) return std::string(c.name);
    return {};
}

// "scheduling -cluster": a word the query excludes, which CLI11 would take
// for options (-c -l ...). An option of the search command is never one
// dash and a letter but -h; a negative number is a value.
bool is_excluded_word(const std::string& arg) {
    return arg.size() > 1 && arg[0] == '-' && arg[1] != '-' && !std::isdigit(static_cast<unsigned char>(arg[1])) &&
           arg != "-h";
}

// What `aisys-search` alone prints: the implicit search, then every command.
std::string usage() {
    std::string out = "usage: aisys-search QUERY... [--venue V] [--category C] [--year Y] [--json]\n"
                      "       aisys-search COMMAND ... (see 'aisys-search COMMAND --help')\n\ncommands:\n";
    std::size_t width = 0;
    for (const auto& c : commands()) width = std::max(width, c.name.size());
    for (const auto& c : commands())
        out += "  " + std::string(c.name) + std::string(width - c.name.size() + 2, ' ') + std::string(c.summary) + "\n";
    return out;
}

// What to do about an error, by its kind and the command that met it: the
// library says what went wrong, the command line what to type about it.
std::string advice(const Error& e, std::string_view command) {
    const std::string& at = e.subject();
    std::error_code ec;
    switch (e.kind()) {
    case ErrorKind::damaged_index: return "; rebuild it with 'aisys-search index" + (at.empty() ? "" : " --db " + at) + "'";
    case ErrorKind::not_found:
        if (at.empty()) return {};
        return std::string("; build it with 'aisys-search index'") +
               (std::filesystem::exists(at, ec) ? " --db " + at : std::string(" (or pass --db)"));
    case ErrorKind::usage:
        if (at.empty()) return "; pass --db (and --cache)";
        return command == "index" ? "; choose another --db" : "; pass the index folder with --db";
    case ErrorKind::busy: return "; wait for it to finish";
    default: return {};
    }
}

int exit_code_of(const Error& e) { return e.kind() == ErrorKind::bad_query ? k_exit_bad_query : k_exit_error; }

int run_parsed(int argc, char** argv) {
    CLI::App app{"aisys-search: search papers and code on AI systems, from awesome lists", "aisys-search"};
    app.set_version_flag("--version", version_line());
    app.require_subcommand(1);
    app.footer("\nA query without a command searches: aisys-search \"gpu scheduling\" --venue osdi\n"
               "Run 'aisys-search search --help' for the search options and query syntax.\n");

    std::vector<std::pair<CLI::App*, Runner>> declared;
    for (const auto& c : commands()) {
        CLI::App* cmd = app.add_subcommand(std::string(c.name), std::string(c.summary));
        declared.emplace_back(cmd, c.declare(*cmd));
    }

    // `aisys-search WORDS...` means `aisys-search search WORDS...`.
    std::vector<std::string> args(argv + 1, argv + argc);
    if (!args.empty() && !is_command_or_help(args.front())) {
        if (const auto near = nearest_command(args.front()); !near.empty() && args.size() > 1)
            std::cerr << "aisys-search: note: '" << text::strip_control(args.front()) << "' is not a command; searching for it ('"
                      << near << "' is)\n";
        args.insert(args.begin(), std::string(commands().front().name));
    }
    if (args.front() == commands().front().name || args.front() == "export")  // the commands that take a query
        for (std::size_t i = 1; i < args.size(); ++i)
            if (is_excluded_word(args[i])) args[i].insert(0, " ");  // CLI11 takes a leading space for a value, not an option
    const std::string from_config = apply_config(app, args);
    std::reverse(args.begin(), args.end());  // CLI11 takes them last-first

    try {
        app.parse(args);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == 0) return app.exit(e);
        std::cerr << "aisys-search: error: " << message(e.what())
                  << (from_config.empty() ? "" : " (options from " + from_config + " included)") << " (see 'aisys-search --help')\n";
        return k_exit_error;
    }
    for (const auto& [cmd, runner] : declared) {
        if (!cmd->parsed()) continue;
        try {
            return runner();
        } catch (const Error& e) {
            std::cerr << "aisys-search: error: " << message((e.what() + advice(e, cmd->get_name())).c_str()) << "\n";
            return exit_code_of(e);
        }
    }
    return k_exit_error;
}

} // namespace

int run(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << usage();
        return k_exit_error;
    }
    try {
        return run_parsed(argc, argv);
    } catch (const Error& e) {
        std::cerr << "aisys-search: error: " << message((e.what() + advice(e, "")).c_str()) << "\n";
        return exit_code_of(e);
    } catch (const std::exception& e) {
        std::cerr << "aisys-search: error: unexpected failure: " << message(e.what()) << "\n";
    } catch (...) {
        std::cerr << "aisys-search: error: unexpected failure\n";
    }
    return k_exit_error;
}

} // namespace aisys::cli

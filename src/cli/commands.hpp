#pragma once
// The subcommands: each an options struct, a function that declares its
// options on its CLI11 subcommand, and run(). run() returns the exit code and
// throws aisys::Error for the top level to print. The command table (one
// Command a subcommand, in cli.cpp) is the one list of them.

#include <aisys/search.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace CLI { class App; }

namespace aisys { struct SearchRequest; }

namespace aisys::cli {

class Printer;

/// Options every subcommand has.
struct CommonOptions {
    std::string db;               ///< index folder; "" = $AISYS_DB or the XDG default
    bool json = false;            ///< print one JSON object instead of text
    std::string color = "auto";   ///< auto (terminal and no NO_COLOR), always, never
    /// Papers only, in this format (a k_format_ name of printer.hpp: --bibtex,
    /// export --format); "" = text, or JSON with `json`.
    std::string format;
    bool no_pager = false;        ///< --no-pager: never page (paging needs a terminal on stdout anyway)
};

void add_common_options(CLI::App& app, CommonOptions& options);

/// --bibtex: print the papers as BibTeX entries (sets options.format). Not
/// with --json: add_common_options first, and the two exclude each other.
void add_bibtex_option(CLI::App& app, CommonOptions& options);

/// What runs a command once its options are parsed: its exit code.
using Runner = std::function<int()>;

/// One subcommand. `declare` adds the command's options to `cmd` (made by the
/// table with the name and summary) and returns what runs it with them.
struct Command {
    std::string_view name;
    std::string_view summary;  ///< one line: --help and the bare usage show it
    Runner (*declare)(CLI::App& cmd);
};

/// Every command, `search` (the default) first, in the order help lists them.
const std::vector<Command>& commands();

Runner search_command(CLI::App& cmd);
Runner similar_command(CLI::App& cmd);
Runner index_command(CLI::App& cmd);
Runner catalog_command(CLI::App& cmd);
Runner show_command(CLI::App& cmd);
Runner stats_command(CLI::App& cmd);
Runner export_command(CLI::App& cmd);
Runner open_command(CLI::App& cmd);
Runner completion_command(CLI::App& cmd);
Runner serve_command(CLI::App& cmd);

/// The printer the common options ask for, writing to stdout, through the
/// pager when `page` and stdout is a terminal (see Pager). Text is wrapped
/// at output_width(); catalog's report goes to stderr.
std::unique_ptr<Printer> make_printer(const CommonOptions& options, bool page = true);

/// "aisys-search 0.1.0 (Xapian 1.4.22)": what --version prints.
std::string version_line();

struct SearchOptions {
    CommonOptions common;
    std::vector<std::string> words;       ///< the query, joined with spaces
    std::map<std::string, std::vector<std::string>> filters;  ///< --venue, --year, ... (one per filter), repeatable
    std::string like;                     ///< --like ID / similar ID: rank by likeness to that paper
    std::size_t limit = 10;
    bool limit_given = false;             ///< --limit was given: with --bibtex, else every match is printed
    std::size_t offset = 0;
    std::string sort = "relevance";
    bool explain = false;                 ///< --explain: which fields, stems and synonyms matched
    bool exact = false;                   ///< --exact: search the words as typed, no spelling correction
    bool no_related = false;              ///< --no-related: matches only, even on a short first page
    std::size_t open = 0;                 ///< --open N: open result N's link (as `open` does); 0 = print results
    bool code = false;                    ///< with --open: the repository, not the paper
    bool allow_partial = false;           ///< --allow-partial: results without shard servers that are down
    unsigned timeout_ms = 10000;          ///< --timeout: how long a shard server may take to answer
};
int run_search(const SearchOptions& options);
/// The library's request for these options: what `search`, `similar` and
/// the web front (serve) all run, so that they answer alike.
SearchRequest search_request(const SearchOptions& options);

struct ServeOptions {
    CommonOptions common;
    std::string host = "127.0.0.1";  ///< --host: the address to listen on (loopback: this machine only)
    int port = 8080;                 ///< --port; 0 = any free port, printed
    bool quiet = false;              ///< --quiet: no request log on stderr
    std::string cors;                ///< --cors ORIGIN: let pages of ORIGIN call the API; "" = no CORS headers
    unsigned threads = 0;            ///< --threads: worker threads; 0 = two per core, at least 4
};
/// `serve`: runs the server the program chose with use_server(), or fails
/// saying this program has none.
int run_serve(const ServeOptions& options);
using ServeFunction = int (*)(const ServeOptions&);
/// Chosen by each program's main(): aisys-search-serve (serve/main.cpp) runs
/// the web server itself (run_server, serve/run_serve.cpp, linking
/// cpp-httplib); aisys-search (main.cpp) runs aisys-search-serve
/// (exec_server with main's argv, serve/exec_serve.cpp), so that its other
/// commands never load cpp-httplib and OpenSSL.
void use_server(ServeFunction serve);
int run_server(const ServeOptions& options);
/// Replaces this process by aisys-search-serve with `argv` (null-terminated);
/// throws aisys::Error when it cannot.
int exec_server(char* const argv[]);

struct IndexOptions {
    CommonOptions common;
    std::vector<std::string> lists;  ///< --list, repeatable; empty = the default list (unless --jsonl)
    std::vector<std::string> jsonl;  ///< --jsonl FILE, repeatable, "-" for stdin: arXiv metadata records
    bool full = false;               ///< --full: rebuild every paper, not only the changed ones
    bool quiet = false;              ///< no progress, notes or warnings on stderr
    bool verbose = false;            ///< --verbose: every fetch failure on stderr, not the first k_failures_shown
    bool offline = false;            ///< cache only
    bool refresh = false;            ///< revalidate every cache entry
    bool include_other = false;      ///< --include-other: index entries of kind "other" too (blogs, tutorials, ...)
    unsigned shards = 0;             ///< --shards: databases written at once; 0 = one per core
    bool compact = false;            ///< --compact: merge the shards into one database afterwards
    std::string cache;               ///< cache folder; "" = the XDG default
};
int run_index(const IndexOptions& options);
/// Fetch failures `index` lists on stderr before it only counts the rest.
inline constexpr std::size_t k_failures_shown = 10;

struct CompactOptions {
    CommonOptions common;
};
int run_compact(const CompactOptions& options);
Runner compact_command(CLI::App& cmd);

struct CatalogOptions {
    CommonOptions common;
    std::vector<std::string> lists;  ///< --list, repeatable; empty = the default list
    bool offline = false;            ///< remote lists from the cache only
    std::string cache;               ///< cache folder; "" = the XDG default
};
int run_catalog(const CatalogOptions& options);

struct ShowOptions {
    CommonOptions common;
    std::string id;
};
int run_show(const ShowOptions& options);
/// "no paper with id 'X'; did you mean a, b or c?": the message for an id the
/// index does not have, naming the nearest ones (show, open and serve alike).
std::string unknown_id_message(const Index& index, const std::string& id);

struct OpenOptions {
    CommonOptions common;
    std::string id;
    bool code = false;  ///< --code: the repository instead of the paper
};
int run_open(const OpenOptions& options);

/// Hands `link` to xdg-open when it is on PATH, else prints it on stdout.
/// Only http(s) links: anything else (a file: URL from a list) throws
/// aisys::Error, as does an xdg-open that fails. Returns k_exit_found.
int open_link(const std::string& link);

/// open_link of the result `search` numbers `rank` (1-based, counting the
/// offset): its paper link, or with `code` its repository. Throws
/// aisys::Error when there is no such result or it has no such link.
int open_result(const Index& index, SearchRequest request, std::size_t rank, bool code);

struct ExportOptions {
    CommonOptions common;                 ///< format "bibtex" unless --format says otherwise
    std::vector<std::string> words;       ///< a query, optional: none and no filter exports every paper
    std::map<std::string, std::vector<std::string>> filters;  ///< as SearchOptions::filters
    std::size_t limit = 0;                ///< --limit: at most this many papers, in rank order
    bool limit_given = false;
};
int run_export(const ExportOptions& options);

struct StatsOptions {
    CommonOptions common;
};
int run_stats(const StatsOptions& options);

} // namespace aisys::cli

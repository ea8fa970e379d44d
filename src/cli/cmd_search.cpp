#include "cli/commands.hpp"
#include "cli/matches.hpp"
#include "cli/printer.hpp"

#include <aisys/error.hpp>
#include <aisys/paths.hpp>
#include <aisys/search.hpp>
#include <aisys/text.hpp>

#include <CLI/CLI.hpp>

namespace aisys::cli {

namespace {

// Filters, paging and output: what `search` and `similar` share.
// Returns the --limit option, whose count says whether it was given.
CLI::Option* add_result_options(CLI::App* cmd, SearchOptions& o) {
    for (const auto& f : filters()) cmd->add_option("--" + f.name, o.filters[f.name], f.help)->allow_extra_args(false);
    CLI::Option* limit = cmd->add_option("--limit", o.limit, "Results to show (default 10; with --bibtex, every match)")
                             ->check(CLI::Range(0, 100000));
    cmd->add_option("--offset", o.offset, "Results to skip (default 0)")->check(CLI::Range(0, 100000000));
    cmd->add_option("--sort", o.sort,
                    "relevance (default), year (newest first) or year-asc (oldest first); years sort within the ranks "
                    "of relevance (title phrase, every word, some words)")
        ->check(CLI::IsMember({"relevance", "year", "year-asc"}));
    cmd->add_flag("--explain", o.explain, "Show for each result which fields, stems and synonyms matched and its rank");
    cmd->add_flag("--allow-partial", o.allow_partial,
                  "With shards served by xapian-tcpsrv: search the shards that answer when some are down (marked partial)");
    cmd->add_option("--timeout", o.timeout_ms, "Milliseconds a shard server may take to answer (default 10000)")
        ->check(CLI::Range(1, 3600000));
    add_common_options(*cmd, o.common);
    add_bibtex_option(*cmd, o.common);
    return limit;
}

} // namespace

static CLI::Option* declare_search(CLI::App* cmd, SearchOptions& o) {
    std::string fields;
    for (const auto& f : query_fields()) fields += (fields.empty() ? "" : ", ") + f + ":";
    cmd->footer("\nQuery syntax: words, \"a phrase\", AND, OR, NOT, +word, -word, prefix*, and field:value for the fields " +
                fields + " (see README.md, Query syntax).");
    cmd->add_option("query", o.words, "Query: words, \"phrases\", AND/OR/NOT, -word, prefix*, field:value");
    cmd->add_option("--like", o.like, "Rank by likeness to the paper with this id (see 'similar')");
    cmd->add_flag("--exact", o.exact, "Search the words as typed: a word the index does not know is not corrected");
    cmd->add_flag("--no-related", o.no_related, "Show matches only: a short first page is not filled with related papers");
    CLI::Option* open = cmd->add_option("--open", o.open, "Open result N's paper link with xdg-open (else print it)")
                            ->check(CLI::Range(1, 100000000));
    cmd->add_flag("--code", o.code, "With --open: open the code repository instead")->needs(open);
    return add_result_options(cmd, o);
}

static CLI::Option* declare_similar(CLI::App* cmd, SearchOptions& o) {
    cmd->add_option("id", o.like, "The paper's id, as search prints it")->required();
    return add_result_options(cmd, o);
}

Runner search_command(CLI::App& cmd) {
    auto o = std::make_shared<SearchOptions>();
    CLI::Option* limit = declare_search(&cmd, *o);
    return [o, limit] {
        o->limit_given = limit->count() > 0;
        return run_search(*o);
    };
}

// `similar ID`: a search with `like` set.
Runner similar_command(CLI::App& cmd) {
    auto o = std::make_shared<SearchOptions>();
    CLI::Option* limit = declare_similar(&cmd, *o);
    return [o, limit] {
        o->limit_given = limit->count() > 0;
        return run_search(*o);
    };
}

SearchRequest search_request(const SearchOptions& o) {
    SearchRequest request;
    for (const auto& w : o.words) request.query += (request.query.empty() ? "" : " ") + text::trim(w);
    request.filters = o.filters;
    request.like = o.like;
    request.limit = o.limit;
    request.offset = o.offset;
    request.sort = o.sort == "year" ? SortOrder::year : o.sort == "year-asc" ? SortOrder::year_asc : SortOrder::relevance;
    request.explain = o.explain;
    request.correct = !o.exact;
    request.related = !o.no_related;
    return request;
}

int run_search(const SearchOptions& o) {
    const SearchRequest request = search_request(o);
    aisys::OpenOptions open;
    open.allow_partial = o.allow_partial;
    open.timeout_ms = o.timeout_ms;
    const Index index = Index::open(resolve_db_path(o.common.db), open);
    if (o.open > 0) return open_result(index, request, o.open, o.code);
    if (!o.common.format.empty()) {
        // Papers only: every match, not a page, unless --limit says how many.
        std::size_t printed = 0;
        make_printer(o.common)->papers([&](const std::function<void(const Paper&)>& visit) {
            printed = for_each_match(index, request, o.limit_given, visit);
        });
        return printed > 0 ? k_exit_found : k_exit_none;
    }
    const SearchResult result = index.search(request);
    make_printer(o.common)->search(result);
    return result.total > 0 ? k_exit_found : k_exit_none;
}

} // namespace aisys::cli

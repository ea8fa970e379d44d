#include "cli/commands.hpp"
#include "cli/matches.hpp"
#include "cli/printer.hpp"

#include <aisys/error.hpp>
#include <aisys/paths.hpp>
#include <aisys/search.hpp>
#include <aisys/text.hpp>

#include <CLI/CLI.hpp>

namespace aisys::cli {

static void declare_export(CLI::App* cmd, ExportOptions& o, CLI::Option*& limit) {
    o.common.format = std::string(k_format_bibtex);
    cmd->add_option("query", o.words, "Export only what this query matches (the search syntax); none: every paper");
    cmd->add_option("--format", o.common.format, "bibtex (default), csl-json (one array) or jsonl (a paper a line)")
        ->check(CLI::IsMember({std::string(k_format_bibtex), std::string(k_format_csl_json), std::string(k_format_jsonl)}));
    for (const auto& f : filters()) cmd->add_option("--" + f.name, o.filters[f.name], f.help)->allow_extra_args(false);
    limit = cmd->add_option("--limit", o.limit, "At most this many papers, best matches first (default: all)")
                ->check(CLI::Range(0, 100000000));
    cmd->add_option("--db", o.common.db, "Index folder (default: $AISYS_DB, else $XDG_DATA_HOME/aisys-search/index)");
}

Runner export_command(CLI::App& cmd) {
    auto o = std::make_shared<ExportOptions>();
    CLI::Option* limit = nullptr;
    declare_export(&cmd, *o, limit);
    return [o, limit] {
        o->limit_given = limit->count() > 0;
        return run_export(*o);
    };
}

int run_export(const ExportOptions& o) {
    SearchRequest request;
    for (const auto& w : o.words) request.query += (request.query.empty() ? "" : " ") + text::trim(w);
    request.filters = o.filters;
    request.limit = o.limit;
    const Index index = Index::open(resolve_db_path(o.common.db));
    auto printer = make_printer(o.common);
    std::size_t exported = 0;
    printer->papers(paper_walk(index, request, o.limit_given, &exported));
    return exported > 0 ? k_exit_found : k_exit_none;
}

} // namespace aisys::cli

#include "cli/commands.hpp"
#include "cli/printer.hpp"

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/index.hpp>
#include <aisys/paths.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

namespace aisys::cli {

CLI::App* add_index_command(CLI::App& app, IndexOptions& o) {
    CLI::App* cmd = app.add_subcommand("index", "Read awesome lists and rebuild the index atomically");
    cmd->add_option("--list", o.lists, "An awesome-list markdown file; repeatable (default: the built-in list)")->allow_extra_args(false);
    cmd->add_flag("--quiet,-q", o.quiet, "Do not print warnings about the lists");
    add_common_options(*cmd, o.common);
    return cmd;
}

int run_index(const IndexOptions& o) {
    const std::vector<std::string> lists = o.lists.empty() ? std::vector<std::string>{default_list_path()} : o.lists;
    const VenueTable venues = VenueTable::load(venue_table_path());
    const Catalog catalog = read_lists(lists, venues);
    if (catalog.papers.empty())
        throw Error("no papers found in " + lists.front() + (lists.size() > 1 ? " and the other lists" : "") +
                    "; the previous index is unchanged");
    if (!o.quiet && !o.common.json)
        for (const auto& p : catalog.problems)
            std::cerr << "aisys-search: warning: " << p.list << ":" << p.line << ": " << p.message << "\n";

    BuildOptions options;
    options.sources = lists;
    options.venues = &venues;
    const BuildReport report = build_index(resolve_db_path(o.common.db), catalog.papers, options);
    make_printer(o.common)->built(report, catalog);
    return k_exit_found;
}

} // namespace aisys::cli

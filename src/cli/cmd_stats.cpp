#include "cli/commands.hpp"
#include "cli/printer.hpp"

#include <aisys/error.hpp>
#include <aisys/paths.hpp>
#include <aisys/search.hpp>

#include <CLI/CLI.hpp>

namespace aisys::cli {

CLI::App* add_stats_command(CLI::App& app, StatsOptions& o) {
    CLI::App* cmd = app.add_subcommand("stats", "Print the index's metadata and facet totals");
    add_common_options(*cmd, o.common);
    return cmd;
}

int run_stats(const StatsOptions& o) {
    const Index index = Index::open(resolve_db_path(o.common.db));
    make_printer(o.common)->stats(index.stats());
    return k_exit_found;
}

} // namespace aisys::cli

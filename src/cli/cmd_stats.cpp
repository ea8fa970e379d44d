#include "cli/commands.hpp"
#include "cli/printer.hpp"

#include <aisys/error.hpp>
#include <aisys/paths.hpp>
#include <aisys/search.hpp>

#include <CLI/CLI.hpp>

namespace aisys::cli {

static void declare_stats(CLI::App* cmd, StatsOptions& o) {
    add_common_options(*cmd, o.common);
}

Runner stats_command(CLI::App& cmd) {
    auto o = std::make_shared<StatsOptions>();
    declare_stats(&cmd, *o);
    return [o] { return run_stats(*o); };
}

int run_stats(const StatsOptions& o) {
    const Index index = Index::open(resolve_db_path(o.common.db));
    make_printer(o.common)->stats(index.stats());
    return k_exit_found;
}

} // namespace aisys::cli

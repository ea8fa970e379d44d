#include "cli/commands.hpp"
#include "cli/lists.hpp"
#include "cli/printer.hpp"

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/paths.hpp>

#include <CLI/CLI.hpp>

namespace aisys::cli {

static void declare_catalog(CLI::App* cmd, CatalogOptions& o) {
    cmd->add_option("--list", o.lists,
                    "An awesome list: a markdown file, an http(s) URL or github:OWNER/REPO; repeatable (default: the built-in list)")
        ->allow_extra_args(false);
    cmd->add_flag("--offline", o.offline, "Remote lists from the cache only (also AISYS_OFFLINE=1)");
    cmd->add_option("--cache", o.cache, "Cache folder (default: $XDG_CACHE_HOME/aisys-search)");
    add_common_options(*cmd, o.common);
}

Runner catalog_command(CLI::App& cmd) {
    auto o = std::make_shared<CatalogOptions>();
    declare_catalog(&cmd, *o);
    return [o] { return run_catalog(*o); };
}

int run_catalog(const CatalogOptions& o) {
    const Catalog catalog =
        parse_lists(load_lists(o.lists, fetch_options(o.cache, o.offline, false)), VenueTable::load(venue_table_path()));
    make_printer(o.common)->catalog(catalog);
    // Like a linter: 1 when a maintainer has something to fix.
    return catalog.problems.empty() ? k_exit_found : k_exit_none;
}

} // namespace aisys::cli

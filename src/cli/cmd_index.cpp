#include "cli/commands.hpp"
#include "cli/lists.hpp"
#include "cli/printer.hpp"

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/fetch.hpp>
#include <aisys/index.hpp>
#include <aisys/paths.hpp>

#include <CLI/CLI.hpp>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace aisys::cli {

CLI::App* add_index_command(CLI::App& app, IndexOptions& o) {
    CLI::App* cmd = app.add_subcommand("index", "Read awesome lists, fetch READMEs and abstracts, rebuild the index atomically");
    cmd->add_option("--list", o.lists, "An awesome list: a markdown file, an http(s) URL or github:OWNER/REPO; repeatable (default: the built-in list)")
        ->allow_extra_args(false);
    cmd->add_flag("--offline", o.offline, "Never touch the network: use what the cache has (also AISYS_OFFLINE=1)");
    cmd->add_flag("--refresh", o.refresh, "Revalidate every cached README and abstract, however fresh");
    cmd->add_option("--cache", o.cache, "Cache folder (default: $XDG_CACHE_HOME/aisys-search)");
    cmd->add_flag("--quiet,-q", o.quiet, "No progress and no warnings on stderr");
    add_common_options(*cmd, o.common);
    return cmd;
}

namespace {

// "fetching 12/32, 1 failed, about 20 s left" on one rewritten terminal line.
FetchProgress terminal_progress() {
    const auto start = std::chrono::steady_clock::now();
    return [start](std::size_t done, std::size_t total, std::size_t failed) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::cerr << "\rfetching " << done << "/" << total;
        if (failed > 0) std::cerr << ", " << failed << " failed";
        if (done > 0 && done < total)
            std::cerr << ", about " << static_cast<long>(elapsed / double(done) * double(total - done)) << " s left";
        std::cerr << "   " << (done == total ? "\n" : "") << std::flush;
    };
}

} // namespace

int run_index(const IndexOptions& o) {
    const FetchOptions fetch = fetch_options(o.cache, o.offline, o.refresh);
    const std::vector<ListText> lists = load_lists(o.lists, fetch);
    const VenueTable venues = VenueTable::load(venue_table_path());
    const SynonymTable synonyms = SynonymTable::load(synonym_table_path());
    Catalog catalog = parse_lists(lists, venues);
    if (catalog.papers.empty())
        throw Error("no papers found in " + lists.front().name + (lists.size() > 1 ? " and the other lists" : "") +
                    "; the previous index is unchanged");
    const bool warn = !o.quiet && !o.common.json;
    if (warn)
        for (const auto& p : catalog.problems)
            std::cerr << "aisys-search: warning: " << p.list << ":" << p.line << ": " << p.message << "\n";

    const FetchSummary summary =
        fetch_all(catalog.papers, fetch, warn && ::isatty(STDERR_FILENO) ? terminal_progress() : FetchProgress{});
    if (warn) {
        for (const auto& n : summary.notes) std::cerr << "aisys-search: note: " << n << "\n";
        for (const auto& f : summary.failures) std::cerr << "aisys-search: warning: " << f << "\n";
    }

    BuildOptions options;
    for (const auto& list : lists) options.sources.push_back(list.name);
    options.venues = &venues;
    options.synonyms = &synonyms;
    const BuildReport report = build_index(resolve_db_path(o.common.db), catalog.papers, options);
    make_printer(o.common)->built(report, catalog, &summary);
    return k_exit_found;
}

} // namespace aisys::cli

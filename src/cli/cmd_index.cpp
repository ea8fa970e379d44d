#include "cli/commands.hpp"
#include "cli/lists.hpp"
#include "cli/printer.hpp"

#include <aisys/catalog.hpp>
#include <aisys/document.hpp>
#include <aisys/error.hpp>
#include <aisys/fetch.hpp>
#include <aisys/index.hpp>
#include <aisys/jsonl.hpp>
#include <aisys/paths.hpp>
#include <aisys/search.hpp>

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>
#include <unordered_map>
#include <cstdlib>
#include <iostream>
#include <unistd.h>

namespace aisys::cli {

static void declare_index(CLI::App* cmd, IndexOptions& o) {
    cmd->add_option("--list", o.lists, "An awesome list: a markdown file, an http(s) URL or github:OWNER/REPO; repeatable (default: the built-in list)")
        ->allow_extra_args(false);
    cmd->add_option("--jsonl", o.jsonl,
                    "Papers from the arXiv metadata snapshot format, one JSON object a line ('-' for stdin); repeatable, "
                    "combines with --list")
        ->allow_extra_args(false);
    cmd->add_flag("--full", o.full, "Rebuild every paper, not only those that changed since the last index");
    cmd->add_flag("--offline", o.offline, "Never touch the network: use what the cache has (also AISYS_OFFLINE=1)");
    cmd->add_flag("--refresh", o.refresh, "Revalidate every cached README and abstract, however fresh");
    cmd->add_flag("--include-other", o.include_other,
                  "Also index the lists' other entries (blog posts, tutorials, talks, ...), left out by default");
    cmd->add_option("--shards", o.shards,
                    "Databases to spread the papers over, written on a thread each and searched as one "
                    "(default: one per core)")
        ->check(CLI::Range(1, 256));
    cmd->add_flag("--compact", o.compact, "Merge the shards into one database after building (for a release)");
    cmd->add_option("--cache", o.cache, "Cache folder (default: $XDG_CACHE_HOME/aisys-search)");
    cmd->add_flag("--quiet,-q", o.quiet, "No progress and no warnings on stderr");
    cmd->add_flag("--verbose", o.verbose,
                  "List every README and abstract that could not be had (by default the first " +
                      std::to_string(k_failures_shown) + " and a count)");
    add_common_options(*cmd, o.common);
}

namespace {

// "fetching 12/32, 1 failed, about 60 s left" on one rewritten terminal
// line; the time is what the hosts still have queued at their pace
// (seconds_left in <aisys/fetch.hpp>).
FetchProgress terminal_progress() {
    return [](const FetchProgressInfo& p) {
        std::cerr << "\rfetching " << p.done << "/" << p.total;
        if (p.failed > 0) std::cerr << ", " << p.failed << " failed";
        if (p.done < p.total && p.seconds_left >= 0.5) {
            const auto seconds = static_cast<long>(p.seconds_left + 0.5);
            if (seconds < 120) std::cerr << ", about " << seconds << " s left";
            else std::cerr << ", about " << (seconds + 30) / 60 << " min left";
        }
        std::cerr << "      " << (p.done == p.total ? "\n" : "") << std::flush;
    };
}

// The papers to index, streamed: the JSONL records, then the lists' papers.
// A record whose arXiv id a listed paper has completes that paper (its
// abstract and authors) instead of being a paper of its own.
class JsonlThenLists {
public:
    JsonlThenLists(const std::vector<std::string>& paths, std::vector<std::unique_ptr<std::ifstream>>& files,
                   const VenueTable& venues, Catalog& catalog)
        : m_paths(paths), m_files(files), m_venues(venues), m_catalog(catalog) {
        for (std::size_t i = 0; i < catalog.papers.size(); ++i)
            if (!catalog.papers[i].arxiv_id.empty()) m_listed.emplace(catalog.papers[i].arxiv_id, i);
    }

    bool operator()(Paper& paper) {
        while (m_input < m_paths.size()) {
            if (!m_reader) {
                std::istream& in = m_paths[m_input] == "-" ? std::cin : *m_files[m_file++];
                m_reader = std::make_unique<JsonlReader>(in, m_paths[m_input], m_venues);
            }
            if (auto next = m_reader->next()) {
                if (const auto it = m_listed.find(next->arxiv_id); it != m_listed.end()) {
                    Paper& listed = m_catalog.papers[it->second];
                    if (listed.abstract.empty()) listed.abstract = next->abstract;
                    if (listed.authors.empty()) listed.authors = next->authors;
                    continue;
                }
                paper = std::move(*next);
                return true;
            }
            for (const auto& p : m_reader->problems()) m_catalog.problems.push_back(p);
            if (m_reader->problem_count() > m_reader->problems().size())
                m_catalog.problems.push_back({m_paths[m_input], 0,
                                              std::to_string(m_reader->problem_count() - m_reader->problems().size()) +
                                                  " more malformed lines skipped"});
            m_reader.reset();
            ++m_input;
        }
        if (m_listed_next >= m_catalog.papers.size()) return false;
        paper = m_catalog.papers[m_listed_next++];
        return true;
    }

private:
    const std::vector<std::string>& m_paths;
    std::vector<std::unique_ptr<std::ifstream>>& m_files;
    const VenueTable& m_venues;
    Catalog& m_catalog;
    std::unordered_map<std::string, std::size_t> m_listed;  // arXiv id -> listed paper
    std::unique_ptr<JsonlReader> m_reader;
    std::size_t m_input = 0, m_file = 0, m_listed_next = 0;
};

// Why the index at `db` cannot be updated, when it cannot: build_index then
// builds from scratch rather than fail, and the user should know why. Damage
// that shows only deeper in the tables is found by build_index alone.
std::optional<std::string> unusable_index(const std::string& db) {
    if (!index_exists(db)) return std::nullopt;
    try {
        Index::open(db);
        return std::nullopt;
    } catch (const Error& e) {
        return std::string(e.what()) + "; rebuilding it from scratch";
    }
}

} // namespace

Runner index_command(CLI::App& cmd) {
    auto o = std::make_shared<IndexOptions>();
    declare_index(&cmd, *o);
    return [o] { return run_index(*o); };
}

int run_index(const IndexOptions& o) {
    FetchOptions fetch = fetch_options(o.cache, o.offline, o.refresh);
    // --jsonl alone indexes just those records; the built-in list comes only when nothing else is given.
    const std::vector<ListText> lists =
        o.jsonl.empty() || !o.lists.empty() ? load_lists(o.lists, fetch) : std::vector<ListText>{};
    const VenueTable venues = VenueTable::load(venue_table_path());
    Catalog catalog = parse_lists(lists, venues);
    if (catalog.papers.empty() && o.jsonl.empty())
        throw Error("no papers found in " + lists.front().name + (lists.size() > 1 ? " and the other lists" : "") +
                    "; the previous index is unchanged");
    // Blog posts, tutorials and talks are worth a link in a list, not a place among the papers.
    const std::size_t other = o.include_other ? 0 : drop_other(catalog);
    std::vector<std::unique_ptr<std::ifstream>> files;
    for (const auto& path : o.jsonl) {
        if (path == "-") continue;
        files.push_back(std::make_unique<std::ifstream>(path, std::ios::binary));
        if (!*files.back()) throw Error("cannot read " + path + ": " + std::strerror(errno) + "; the previous index is unchanged", ErrorKind::io);
    }
    const bool warn = !o.quiet && !o.common.json;
    if (warn)
        for (const auto& p : catalog.problems)
            std::cerr << "aisys-search: warning: " << p.list << ":" << p.line << ": " << p.message << "\n";

    fetch.venues = &venues;
    FetchSummary summary =
        fetch_all(catalog.papers, fetch, warn && ::isatty(STDERR_FILENO) ? terminal_progress() : FetchProgress{});
    // fetch hands READMEs back as served; the document stage makes them text.
    for (Paper& p : catalog.papers) {
        if (p.readme.empty()) continue;
        try {
            p.readme = readme_to_text(p.readme);
        } catch (const Error& e) {
            p.readme.clear();
            summary.failures.push_back(p.id + ": README: " + e.what());
        }
    }
    if (warn) {
        for (const auto& n : summary.notes) std::cerr << "aisys-search: note: " << n << "\n";
        // One line per paper, a reason each; past a screenful, a count.
        const std::size_t shown = o.verbose ? summary.failures.size() : std::min(summary.failures.size(), k_failures_shown);
        for (std::size_t i = 0; i < shown; ++i) std::cerr << "aisys-search: warning: " << summary.failures[i] << "\n";
        if (shown < summary.failures.size())
            std::cerr << "aisys-search: warning: " << summary.failures.size() - shown
                      << " more READMEs and abstracts could not be had; --verbose lists them\n";
    }

    // The lists' papers are few and in memory: their acronym definitions join the table.
    const SynonymTable table = SynonymTable::load(synonym_table_path());
    const SynonymTable synonyms = with_mined_acronyms(catalog.papers, &table);
    BuildOptions options;
    for (const auto& list : lists) options.sources.push_back(list.name);
    for (const auto& path : o.jsonl) options.sources.push_back(path == "-" ? "stdin" : path);
    options.venues = &venues;
    options.synonyms = &synonyms;
    options.incremental = !o.full;
    options.shards = o.shards ? o.shards : std::max(1u, std::thread::hardware_concurrency());
    const std::size_t list_problems = catalog.problems.size();
    JsonlThenLists papers(o.jsonl, files, venues, catalog);
    const std::string db = resolve_db_path(o.common.db);
    if (warn && options.incremental)
        if (const auto note = unusable_index(db)) std::cerr << "aisys-search: note: " << *note << "\n";
    BuildReport report = build_index(db, [&](Paper& p) { return papers(p); }, options);
    if (warn)
        for (std::size_t i = list_problems; i < catalog.problems.size(); ++i) {
            const auto& p = catalog.problems[i];
            std::cerr << "aisys-search: warning: " << p.list << ":" << p.line << ": " << p.message << "\n";
        }
    if (o.compact && options.shards > 1) report.generation = compact_index(db).generation;
    make_printer(o.common)->built(report, catalog, lists.empty() ? nullptr : &summary, other);
    return k_exit_found;
}

} // namespace aisys::cli

// build_index: papers -> a new generation of the index, swapped in atomically.
//
// Streaming and parallel (see pipeline.hpp), into one database or into
// shards (see shards.hpp) written on a thread each. Incremental: the new generation starts as a copy of the
// current one, and a paper whose signature (a hash of what its document is
// built from) is unchanged is neither rebuilt nor rewritten.

#include <aisys/error.hpp>
#include <aisys/index.hpp>

#include "index/pipeline.hpp"
#include "index/schema.hpp"
#include "index/shards.hpp"
#include "index/store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <fcntl.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace aisys {

using build::Facts;
using build::fnv_hex;
using build::Pipeline;

namespace {

/// Documents Xapian holds in memory before writing them out. Measured on
/// 10,000 arXiv-shaped records (benchmarks/RESULTS.md): 300 5.6 s, 1,000
/// 5.3 s, 3,000 5.8 s, 10,000 (Xapian's default) 7.6 s and three times the memory.
constexpr const char* k_flush_threshold = "1000";

// The glass databases of a generation: itself, or the ones its stub lists.
std::vector<fs::path> glass_folders(const fs::path& generation) {
    if (!fs::exists(generation / store::k_stub)) return {generation};
    std::vector<fs::path> folders;
    for (const auto& e : shards::read_stub(generation / store::k_stub)) folders.emplace_back(e.path);
    return folders;
}

std::string utc_now() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

nlohmann::json synonym_metadata(const SynonymTable& table) {
    nlohmann::json mined = nlohmann::json::array();
    std::size_t from_table = 0;
    for (const auto& group : table.groups()) {
        if (group.source == "table") ++from_table;
        else mined.push_back({{"term", group.term}, {"variants", group.variants}});
    }
    return {{"table", from_table}, {"mined", mined}};
}

void write_metadata(Xapian::WritableDatabase& db, const Facts& facts, std::size_t papers, const BuildOptions& options,
                    const std::string& build_key) {
    nlohmann::json aliases = nlohmann::json::object();
    if (options.venues)
        for (const auto& venue : options.venues->venues())
            for (const auto& alias : venue.aliases) aliases[alias] = venue.name;
    db.set_metadata(schema::k_meta_schema, std::to_string(schema::k_version));
    db.set_metadata(schema::k_meta_built_at, utc_now());
    db.set_metadata(schema::k_meta_sources, nlohmann::json(options.sources).dump());
    db.set_metadata(schema::k_meta_papers, std::to_string(papers));
    db.set_metadata(schema::k_meta_tool, AISYS_VERSION);
    db.set_metadata(schema::k_meta_build_key, build_key);
    db.set_metadata(schema::k_meta_venue_aliases, aliases.dump());
    db.set_metadata(schema::k_meta_field_docs, nlohmann::json{{"readme", facts.readmes}, {"abstract", facts.abstracts}}.dump());
    Facts all;  // the lists as given first, and those that gave no paper too
    for (const auto& source : options.sources) all.add("list", schema::list_name(source));
    // Every kind, whether or not a paper has it: `--kind other` on an index
    // built without the other entries finds none, it is not a mistyped value.
    for (const auto kind : {k_kind_paper, k_kind_project, k_kind_other}) all.add("kind", std::string(kind));
    for (const auto& [filter, values] : facts.values)
        for (const auto& value : values) all.add(filter, value);
    std::vector<std::string> known = all.values[Facts::k_known_venues];
    std::sort(known.begin(), known.end());
    db.set_metadata(schema::k_meta_known_venues, nlohmann::json(known).dump());
    for (const auto& f : schema::k_filters) {
        if (f.meta.empty()) continue;
        std::vector<std::string> values = all.values[f.name];
        if (f.sorted) std::sort(values.begin(), values.end());
        db.set_metadata(std::string(f.meta), nlohmann::json(values).dump());
    }
}

// What every document depends on besides its paper: the schema, the tool
// and the synonym table. When it changes, nothing of the old index is kept.
// The number of shards is part of it: papers live where the count routes them.
std::string build_key(const SynonymTable& synonyms, unsigned shard_count) {
    std::string all = std::to_string(schema::k_version) + AISYS_VERSION;
    for (const auto& g : synonyms.groups()) {
        all += "\n" + g.term;
        for (const auto& v : g.variants) all += "|" + v;
    }
    return fnv_hex(all) + "/" + std::to_string(shard_count);
}

// The current generation to start from, when it was built the same way and
// is whole. Damage (a table cut short or overwritten) would otherwise show
// halfway through the build, after papers were taken from a source that
// cannot give them again. Checking every table is the price: 1.7 s of the
// 4.4 s an update of 30,000 unchanged papers with abstracts takes.
struct Reusable {
    std::optional<fs::path> path;
    std::string damaged;  // why it could not be used, when damage is the reason
};

Reusable reusable_generation(const fs::path& dir, const std::string& key) {
    const std::string current = store::current_generation(dir);
    if (current.empty()) return {};
    const fs::path path = dir / current;
    try {
        const Xapian::Database old = store::open_folder(path).db;
        if (old.get_metadata(schema::k_meta_build_key) != key) return {};  // another schema, synonym table or shard count
        for (const auto& folder : glass_folders(path))
            if (const auto errors = Xapian::Database::check(folder.string()))
                return {std::nullopt, std::to_string(errors) + (errors == 1 ? " error" : " errors") + " in its tables"};
        return {path, {}};
    } catch (const Xapian::Error& e) {
        return {std::nullopt, std::string(e.get_type()) + ": " + e.get_msg()};  // damaged: build from scratch
    } catch (const std::exception& e) {
        return {std::nullopt, e.what()};  // damage that reads as an absurd length, say
    }
}

// Copies a whole file between open descriptors; false with errno set on failure.
bool copy_contents(int in, int out, std::vector<char>& buf) {
    for (;;) {
        const ssize_t n = ::read(in, buf.data(), buf.size());
        if (n == 0) return true;
        if (n < 0) {
            if (errno == EINTR) continue;
            return false;
        }
        for (ssize_t done = 0; done < n;) {
            const ssize_t w = ::write(out, buf.data() + done, static_cast<std::size_t>(n - done));
            if (w < 0 && errno != EINTR) return false;
            if (w > 0) done += w;
        }
    }
}

// Copies a generation (a folder of plain files, or of folders of them) so
// that a failure names its cause: fs::copy reports a full disk as an
// input/output error.
void copy_generation(const fs::path& from, const fs::path& to) {
    fs::create_directory(to);
    std::vector<char> buf(1 << 20);
    for (const auto& entry : fs::directory_iterator(from)) {
        const fs::path target = to / entry.path().filename();
        if (entry.is_directory()) {
            copy_generation(entry.path(), target);
            continue;
        }
        const int in = ::open(entry.path().c_str(), O_RDONLY | O_CLOEXEC);
        const int out = in < 0 ? -1 : ::open(target.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        bool ok = out >= 0 && copy_contents(in, out, buf);
        int error = ok ? 0 : errno;
        if (in >= 0) ::close(in);
        if (out >= 0 && ::close(out) != 0 && ok) ok = false, error = errno;
        if (!ok) throw fs::filesystem_error("cannot copy", entry.path(), target, std::error_code(error, std::generic_category()));
    }
}

} // namespace

SynonymTable with_mined_acronyms(const std::vector<Paper>& papers, const SynonymTable* base) {
    SynonymTable table = base ? *base : SynonymTable{};
    for (const auto& paper : papers)
        for (const std::string* text : {&paper.title, &paper.abstract, &paper.readme})
            for (const auto& definition : find_acronym_definitions(*text)) table.add_definition(definition);
    return table;
}

BuildReport build_index(const std::string& db_dir, const std::vector<Paper>& papers, const BuildOptions& options) {
    std::set<std::string> ids;
    for (const auto& p : papers)
        if (!ids.insert(p.id).second) throw Error("two papers share the id '" + p.id + "'");
    BuildOptions o = options;
    const SynonymTable mined = options.mine_acronyms ? with_mined_acronyms(papers, options.synonyms) : SynonymTable{};
    if (options.mine_acronyms) o.synonyms = &mined;
    std::size_t i = 0;
    return build_index(db_dir, [&](Paper& p) {
        if (i == papers.size()) return false;
        p = papers[i++];
        return true;
    }, o);
}

namespace {

// Compacting rewrites the tables full and in order: 40% smaller and faster
// to search, for about a second per 60,000 papers. Document numbers stay,
// so the next incremental build finds them. Shards are compacted at once.
void compact_generation(const fs::path& built, const fs::path& compacted) {
    const auto folders = glass_folders(built);
    if (folders.size() > 1 || folders[0] != built) fs::create_directory(compacted);
    std::vector<std::thread> threads;
    std::mutex mutex;
    std::exception_ptr error;
    for (const auto& folder : folders) {
        const fs::path to = folder == built ? compacted : compacted / folder.filename();
        threads.emplace_back([&, folder, to] {
            try {
                Xapian::Database(folder.string()).compact(to.string(), Xapian::DBCOMPACT_NO_RENUMBER);
            } catch (...) {
                std::lock_guard lock(mutex);
                if (!error) error = std::current_exception();
            }
        });
    }
    for (auto& t : threads) t.join();
    if (error) std::rethrow_exception(error);
    if (fs::exists(built / store::k_stub)) fs::copy_file(built / store::k_stub, compacted / store::k_stub);
}

} // namespace

BuildReport build_index(const std::string& db_dir, const PaperSource& next, const BuildOptions& options) {
    const fs::path dir(db_dir);
    store::prepare_folder(dir);
    store::BuildLock lock(dir);
    store::remove_stale(dir);

    const SynonymTable synonyms = options.synonyms ? *options.synonyms : SynonymTable{};
    const unsigned shard_count = std::max(1u, options.shards);
    const std::string key = build_key(synonyms, shard_count);
    const fs::path building = dir / (".tmp-" + std::to_string(::getpid()));
    const fs::path compacted = dir / (".tmp-" + std::to_string(::getpid()) + "-compact");
    auto clean_up = [&] {
        std::error_code ec;
        fs::remove_all(building, ec);
        fs::remove_all(compacted, ec);
    };
    BuildReport report;
    try {
        const Reusable reusable = options.incremental ? reusable_generation(dir, key) : Reusable{};
        const std::optional<fs::path>& previous = reusable.path;
        ::setenv("XAPIAN_FLUSH_THRESHOLD", k_flush_threshold, 0);  // read when the database opens; the user's wins
        if (previous) copy_generation(*previous, building);
        else if (shard_count > 1) fs::create_directory(building);
        store::fault_point("after-copy");
        {
            const int flags = (previous ? Xapian::DB_OPEN : Xapian::DB_CREATE_OR_OVERWRITE) | Xapian::DB_BACKEND_GLASS;
            // One shard is one database as it always was; more are a folder
            // with the metadata, spelling and synonyms apart (shards.hpp).
            std::vector<Xapian::WritableDatabase> shard_dbs;
            std::vector<fs::path> previous_shards;
            Xapian::WritableDatabase meta;
            if (shard_count == 1) {
                shard_dbs.emplace_back(building.string(), flags);
                meta = shard_dbs[0];
                if (previous) previous_shards.push_back(*previous);
            } else {
                if (!previous) shards::write_generation_stub(building, shard_count);
                meta = Xapian::WritableDatabase((building / shards::k_meta).string(), flags);
                for (unsigned k = 0; k < shard_count; ++k) {
                    shard_dbs.emplace_back((building / shards::shard_name(k)).string(), flags);
                    if (previous) previous_shards.push_back(*previous / shards::shard_name(k));
                }
            }
            const synonyms::PhraseMatcher matcher(synonyms);
            if (!previous) matcher.write_synonyms(meta);
            meta.set_metadata(schema::k_meta_synonyms, synonym_metadata(synonyms).dump());
            const unsigned threads =
                options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
            Pipeline pipeline(meta, shard_dbs, matcher.empty() ? nullptr : &matcher, threads, previous_shards);
            Paper paper;
            while (next(paper)) pipeline.add(std::move(paper)), paper = Paper{};
            pipeline.finish();
            report = pipeline.report();
            report.incremental = previous.has_value();
            if (!reusable.damaged.empty()) report.damaged = "the index was damaged (" + reusable.damaged + ")";
            report.papers = 0;
            for (auto& db : shard_dbs) report.papers += db.get_doccount();
            write_metadata(meta, pipeline.facts(), report.papers, options, key);
            if (shard_count > 1)
                for (unsigned k = 0; k < shard_count; ++k) {
                    // A shard served alone says what it is.
                    shard_dbs[k].set_metadata(schema::k_meta_schema, std::to_string(schema::k_version));
                    shard_dbs[k].set_metadata("aisys.shard", std::to_string(k) + "/" + std::to_string(shard_count));
                }
            std::vector<std::thread> committing;
            std::mutex mutex;
            std::exception_ptr error;
            for (auto& db : shard_dbs)
                committing.emplace_back([&db, &mutex, &error] {
                    try {
                        db.commit();
                        db.close();
                    } catch (...) {
                        std::lock_guard guard(mutex);
                        if (!error) error = std::current_exception();
                    }
                });
            for (auto& t : committing) t.join();
            if (error) std::rethrow_exception(error);
            if (shard_count > 1) meta.commit();
            meta.close();
        }
        store::fault_point("after-commit");
        compact_generation(building, compacted);
        store::fault_point("after-compact");
        fs::remove_all(building);
        fs::rename(compacted, building);
        report.db_path = db_dir;
        report.generation = store::publish(dir, building);
    } catch (const Xapian::Error& e) {
        clean_up();
        throw Error("building the index in " + db_dir + " failed: " + e.get_description() +
                    "; the previous index is unchanged", ErrorKind::io);
    } catch (const fs::filesystem_error& e) {
        clean_up();
        throw Error("building the index in " + db_dir + " failed: " + e.what() + "; the previous index is unchanged", ErrorKind::io);
    } catch (...) {
        clean_up();
        throw;
    }
    return report;
}

} // namespace aisys

// compact_index: the shards of a generation merged into one database.
//
// Xapian's own compaction cannot do it without renumbering the papers (the
// shards' document ids interleave), and renumbered papers would tie in
// another order. So each document is copied, in the order the shards give
// them as one database, under the number it has in its shard: the merged
// database is the one a build with one shard would have written.

#include <aisys/error.hpp>
#include <aisys/index.hpp>

#include "index/schema.hpp"
#include "index/store.hpp"

#include <xapian.h>

#include <cstdlib>
#include <unistd.h>

namespace fs = std::filesystem;

namespace aisys {

CompactReport compact_index(const std::string& db_dir) {
    const fs::path dir(db_dir);
    if (!index_exists(db_dir)) throw Error("no index at " + db_dir + " yet", ErrorKind::not_found, db_dir);
    store::prepare_folder(dir);  // refuses a reader's list of shards kept elsewhere
    store::BuildLock lock(dir);
    store::remove_stale(dir);
    CompactReport report;
    report.db_path = db_dir;
    const std::string current = store::current_generation(dir);
    if (current.empty()) throw Error("the index at " + db_dir + " is damaged (its XAPIANDB file names no generation)",
                                     ErrorKind::damaged_index, db_dir);
    report.generation = current;
    const fs::path building = dir / (".tmp-" + std::to_string(::getpid()));
    const fs::path compacted = dir / (".tmp-" + std::to_string(::getpid()) + "-compact");
    auto clean_up = [&] {
        std::error_code ec;
        fs::remove_all(building, ec);
        fs::remove_all(compacted, ec);
    };
    try {
        store::Generation from = store::open_folder(dir / current);
        report.papers = from.db.get_doccount();
        if (from.databases <= 1) return report;  // one database already
        report.shards = from.databases - 1;      // meta is not a shard
        ::setenv("XAPIAN_FLUSH_THRESHOLD", "1000", 0);
        {
            Xapian::WritableDatabase out(building.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
            const Xapian::Database& db = from.db;
            // Sub-database i's document d is (d - 1) * count + i + 1 here, so
            // the number it had in its shard is (docid - 1) / count + 1.
            const Xapian::docid count = static_cast<Xapian::docid>(from.databases);
            std::size_t copied = 0;
            for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
                out.replace_document((*it - 1) / count + 1, db.get_document(*it));
                store::fault_point("after-docs", ++copied);
            }
            for (auto it = db.spellings_begin(); it != db.spellings_end(); ++it) out.add_spelling(*it, it.get_termfreq());
            for (auto key = db.synonym_keys_begin(); key != db.synonym_keys_end(); ++key)
                for (auto s = db.synonyms_begin(*key); s != db.synonyms_end(*key); ++s) out.add_synonym(*key, *s);
            for (auto key = db.metadata_keys_begin(); key != db.metadata_keys_end(); ++key) {
                std::string value = db.get_metadata(*key);
                // The build key names the shard count: now one, so a build with one shard updates this.
                if (*key == schema::k_meta_build_key) value = value.substr(0, value.rfind('/')) + "/1";
                out.set_metadata(*key, value);
            }
            out.commit();
            out.close();
        }
        store::fault_point("after-commit");
        Xapian::Database(building.string()).compact(compacted.string(), Xapian::DBCOMPACT_NO_RENUMBER);
        store::fault_point("after-compact");
        fs::remove_all(building);
        fs::rename(compacted, building);
        report.generation = store::publish(dir, building);
    } catch (const Xapian::Error& e) {
        clean_up();
        throw Error("compacting the index in " + db_dir + " failed: " + e.get_description() + "; the index is unchanged",
                    ErrorKind::io);
    } catch (const fs::filesystem_error& e) {
        clean_up();
        throw Error("compacting the index in " + db_dir + " failed: " + e.what() + "; the index is unchanged", ErrorKind::io);
    } catch (...) {
        clean_up();
        throw;
    }
    return report;
}

} // namespace aisys

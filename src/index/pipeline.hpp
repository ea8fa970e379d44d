#pragma once
// The build pipeline: the caller's thread reads papers, worker threads turn
// them into Xapian documents (tokenising and stemming are the cost), one
// thread puts them in input order and numbers them, and one writer thread a
// shard adds them to its database (Xapian's writer is single-threaded, so
// shards are how a build uses more than one core for writing).

#include <aisys/index.hpp>

#include "index/schema.hpp"
#include "index/synonyms.hpp"
#include "util/queue.hpp"

#include <xapian.h>

#include <cstdint>
#include <exception>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

namespace aisys::build {

/// FNV-1a, 64 bits, as 16 hex digits: stable across runs and builds.
std::string fnv_hex(std::string_view data, std::uint64_t h = 1469598103934665603ULL);

/// What the index knows about its filter values, gathered as papers stream by:
/// per filter, its values in the order the papers first give them (which is
/// how people read categories), sorted at the end where the filter says so.
struct Facts {
    std::map<std::string_view, std::vector<std::string>> values;
    std::map<std::string_view, std::set<std::string>> seen;
    std::size_t readmes = 0;    // papers with a README
    std::size_t abstracts = 0;  // papers with an abstract

    void add(std::string_view filter, const std::string& value) {
        if (seen[filter].insert(value).second) values[filter].push_back(value);
    }
    void add(const Paper& p);
    /// Not a filter: the venues the venue table resolved, apart from the
    /// venues as written ("Tech report, Oct 13 2025") that are no venue.
    static constexpr std::string_view k_known_venues = "known venues";
};

/// Builds into `shards` (one database, or one per shard) and puts the
/// spelling table in `meta` (shards[0] when there is one shard). A paper
/// keeps one number in every generation: its document id in its shard
/// (`previous`, the generation the shards were copied from, one folder per
/// shard, or none). Not copyable; finish() or the destructor joins every thread.
class Pipeline {
public:
    Pipeline(Xapian::WritableDatabase& meta, std::vector<Xapian::WritableDatabase>& shards,
             const synonyms::PhraseMatcher* matcher, unsigned threads, std::vector<std::filesystem::path> previous);
    ~Pipeline();
    Pipeline(const Pipeline&) = delete;
    Pipeline& operator=(const Pipeline&) = delete;

    /// Hands a paper to the workers (the caller's thread reads the input).
    void add(Paper paper);

    /// Waits for every paper to be written; rethrows a thread's error.
    void finish();

    const Facts& facts() const { return m_facts; }
    BuildReport& report() { return m_report; }

private:
    // A paper on its way to the writer: its place in the input, and either its
    // new document or the note that the previous index has it unchanged.
    struct Built {
        std::size_t seq = 0;
        unsigned shard = 0;
        std::string id_term;
        Xapian::docid unchanged = 0;  // the previous index's document, kept as it is
        Xapian::docid previous = 0;   // the previous index's document, to be replaced
        Xapian::Document doc;
        std::vector<std::pair<std::string, Xapian::termcount>> spellings;
    };
    struct Job {
        std::size_t seq = 0;
        Paper paper;
    };
    struct Write {
        Xapian::docid docid = 0;
        Xapian::Document doc;
    };

    void stop();
    void fail(std::exception_ptr e);
    void check_failed();
    void work();
    void order();
    void store(Built& b);
    void write_shard(unsigned k);
    void flush_spelling();
    void remove_vanished();

    Xapian::WritableDatabase& m_meta;
    std::vector<Xapian::WritableDatabase>& m_shards;
    const synonyms::PhraseMatcher* m_matcher;
    std::vector<std::filesystem::path> m_previous;
    BoundedQueue<Job> m_jobs;
    BoundedQueue<Built> m_built;
    std::vector<std::unique_ptr<BoundedQueue<Write>>> m_writes;  // per shard, when more than one
    std::vector<std::thread> m_workers;
    std::thread m_orderer;
    std::vector<std::thread> m_writers;
    std::mutex m_error_mutex;
    std::exception_ptr m_error;
    Xapian::docid m_next_docid = 1;  // the number the next new paper gets
    std::vector<bool> m_kept;  // previous docids this build kept or replaced (the orderer's)
    std::unordered_map<std::string, Xapian::termcount> m_spelling;  // words waiting for the spelling table
    std::unordered_map<std::string, Xapian::docid> m_ids;           // ids written by this build
    std::size_t m_next_seq = 0;
    std::size_t m_written = 0;
    Facts m_facts;
    BuildReport m_report;
};

} // namespace aisys::build

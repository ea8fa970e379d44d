// Faults around `index`: searches during rebuilds, two builds at once, kills
// at every step, a full disk, a read-only folder (damaged and foreign
// folders: test_index_damage.cpp). Each test names the protection it
// proves; taking that protection away makes the test fail.

#include <aisys/index.hpp>
#include <aisys/search.hpp>

#include "faults_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <unistd.h>

using namespace aisys;
using namespace aisys::test::faults;
using test::CliProcess;
using test::PausePoint;

// Protection: a generation is deleted only after being renamed away, and
// Index::open follows the stub again when the generation it named is gone.
// Readers through the binary and the library, and a handle opened before
// all the rebuilds, loop while the binary rebuilds the index again and again.
// (The rebuilds run in processes of their own: a build in this process
// would have its lock held by a reader's child between fork and exec.)
TEST_CASE("faults: searches during repeated rebuilds get the old or the new answer, never an error", "[faults]") {
    constexpr int k_rebuilds = 50;
    test::TempDir tmp;
    const std::string db = (tmp.path() / "db").string();
    // From scratch every time, so that a list gives the same answer every time.
    auto rebuild = [&](const std::string& list) {
        const auto r = test::run_cli({"index", "--list", list, "--full", "--quiet", "--db", db}, {}, ChildLimits{});
        UNSCOPED_INFO(r.err);
        return r.exit_code == 0;
    };
    REQUIRE(rebuild(new_list()));
    const std::string new_text = test::run_cli({k_query, "--db", db}, {}, ChildLimits{}).out;
    const std::string new_library = library_answer(Index::open(db));
    REQUIRE(rebuild(old_list()));
    const std::string old_text = test::run_cli({k_query, "--db", db}, {}, ChildLimits{}).out;
    const std::string old_library = library_answer(Index::open(db));
    REQUIRE(old_text != new_text);
    REQUIRE(old_library != new_library);
    const Index opened_before = Index::open(db);

    std::mutex mutex;
    std::condition_variable started;
    int readers_started = 0;
    std::vector<std::string> wrong;  // every answer that was neither
    std::atomic<bool> done = false;
    std::atomic<int> cli_answers = 0, library_answers = 0, old_seen = 0, new_seen = 0;
    auto record = [&](bool ok, bool is_new, const std::string& what) {
        std::lock_guard lock(mutex);
        if (!ok) wrong.push_back(what);
        else ++(is_new ? new_seen : old_seen);
    };
    auto reader = [&](const std::function<void()>& ask) {
        ask();
        {
            std::lock_guard lock(mutex);
            ++readers_started;
        }
        started.notify_all();
        while (!done) ask();
    };
    std::thread cli_reader(reader, [&] {
        const auto r = test::run_cli({k_query, "--db", db}, {}, ChildLimits{});
        const bool ok = r.exit_code == 0 && (r.out == old_text || r.out == new_text);
        record(ok, r.out == new_text, "binary: exit " + std::to_string(r.exit_code) + ": " + r.err + r.out);
        ++cli_answers;
    });
    std::thread library_reader(reader, [&] {
        std::string answer;
        try {
            answer = library_answer(Index::open(db));
        } catch (const std::exception& e) {
            answer = std::string("error: ") + e.what();
        }
        record(answer == old_library || answer == new_library, answer == new_library, "library: " + answer);
        try {
            answer = library_answer(opened_before);
        } catch (const std::exception& e) {
            answer = std::string("error: ") + e.what();
        }
        record(answer == old_library, false, "opened before the rebuilds: " + answer);
        ++library_answers;
    });

    int rebuilds = 0;
    {
        std::unique_lock lock(mutex);
        started.wait(lock, [&] { return readers_started == 2; });
    }
    while (rebuilds < k_rebuilds && rebuild(rebuilds % 2 == 0 ? new_list() : old_list())) ++rebuilds;
    done = true;
    cli_reader.join();
    library_reader.join();

    INFO(rebuilds << " rebuilds; " << cli_answers << " answers through the binary, " << library_answers
                  << " through the library; " << old_seen << " old, " << new_seen << " new");
    CHECK(rebuilds == k_rebuilds);
    CHECK(wrong.empty());
    for (std::size_t i = 0; i < std::min<std::size_t>(wrong.size(), 3); ++i) UNSCOPED_INFO(wrong[i]);
    CHECK(cli_answers > 0);
    CHECK(library_answers > 0);
    CHECK(clean_layout(db));
}

// Protection: Index::open follows the stub again when the generation it read
// there was deleted before it opened it (first section), and a generation is
// renamed away before any of its files is deleted, so a search never opens
// half of one (second section: with deletion in place, the search would open
// a gen-1 that lacks its document data, which Xapian takes as empty).
TEST_CASE("faults: a search that read the stub just before a rebuild answers from the new index", "[faults]") {
    FaultDb db;
    REQUIRE(db.index(old_list()).exit_code == 0);
    PausePoint reader_pause;
    CliProcess reader({k_query}, db.env(reader_pause.fault("after-stub")));
    REQUIRE(reader_pause.reached(reader) > 0);  // it has read "glass gen-1"

    SECTION("the generation it read is deleted") {
        REQUIRE(db.index(new_list()).exit_code == 0);
        reader_pause.release();
        const auto r = reader.wait();
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out == new_answer());
    }
    SECTION("the generation it read is being deleted") {
        PausePoint builder_pause;
        CliProcess builder({"index", "--list", new_list(), "--quiet"}, db.env(builder_pause.fault("while-retiring")));
        REQUIRE(builder_pause.reached(builder) > 0);  // the first file of gen-1 is deleted, the rest not yet
        reader_pause.release();
        const auto r = reader.wait();
        builder_pause.release();
        CHECK(builder.wait().exit_code == 0);
        INFO(r.err);
        CHECK(r.exit_code == 0);
        CHECK(r.out == new_answer());
        CHECK(clean_layout(db.path));
    }
}

// Protection: the build lock, taken before anything is written or removed.
// The second run is refused with the first's pid and touches nothing (a
// stale-folder sweep outside the lock would delete the first's live
// .tmp-PID or unpublished generation); the first then finishes.
TEST_CASE("faults: a second index run while one is building is refused, naming it", "[faults]") {
    const std::string shards = GENERATE(as<std::string>(), "1", "2");
    for (const char* point : {"after-commit", "before-swap"}) {
        DYNAMIC_SECTION("the first run stands at " << point << ", " << shards << " shards") {
            FaultDb db;
            db.shards = shards;
            REQUIRE(db.index(old_list()).exit_code == 0);
            const auto before = folder_names(db.path);
            PausePoint pause;
            CliProcess first({"index", "--list", new_list(), "--quiet", "--shards", shards}, db.env(pause.fault(point)));
            const int pid = pause.reached(first);
            REQUIRE(pid > 0);
            const auto during = folder_names(db.path);
            REQUIRE(during.size() > before.size());  // the first run's work in progress is there

            const auto second = db.index(old_list());
            INFO(second.err);
            CHECK(one_line_error(second));
            CHECK(contains(second.err, "another build (pid " + std::to_string(pid) + ") is writing"));
            CHECK(contains(second.err, "wait for it to finish"));
            CHECK(folder_names(db.path) == during);
            CHECK(db.answer() == old_answer());

            pause.release();
            const auto r = first.wait();
            INFO(r.err);
            CHECK(r.exit_code == 0);
            CHECK(db.answer() == new_answer());
            CHECK(clean_layout(db.path));
            CHECK(fsck_clean(db.path));
        }
    }
}

// Protection: every step before the stub swap works beside the current
// generation, and the next run sweeps what a killed one left (half-built
// folders, an unpublished generation, a half-written stub, a generation
// half deleted). Killed after the swap, the new index is whole.
TEST_CASE("faults: index killed at any point leaves an index that answers, and the next run cleans up", "[faults]") {
    FaultDb db;
    db.shards = GENERATE(as<std::string>(), "1", "2");  // one database, and two shards written at once
    INFO("shards: " << db.shards);
    REQUIRE(db.index(old_list()).exit_code == 0);
    REQUIRE(db.answer() == old_answer());
    const std::map<std::string, std::string> flush_each_document = {{"XAPIAN_FLUSH_THRESHOLD", "1"}};
    int kill_points = 0;

    // Before the swap: the old index answers as before.
    const std::vector<std::pair<std::string, std::map<std::string, std::string>>> before_swap = {
        {"kill-after-lock", {}},
        {"kill-in-remove-stale", {}},
        {"kill-after-copy", {}},
        {"kill-after-docs:2", {}},
        {"kill-after-docs:4", flush_each_document},  // some documents already written to disk
        {"kill-after-commit", {}},
        {"kill-after-compact", {}},
        {"kill-before-swap", {}},
        {"kill-before-stub-rename", {}},
    };
    for (const auto& [fault, extra] : before_swap) {
        INFO(fault);
        if (fault == "kill-in-remove-stale") test::write_file(db.path / ".tmp-4242424" / "postlist.glass", "half");
        auto env = extra;
        env["AISYS_FAULT"] = fault;
        CHECK(db.index(new_list(), env).exit_code == 128 + 9);
        CHECK(db.answer() == old_answer());
        CHECK(db.run({"show", "tansy"}).exit_code == 0);
        ++kill_points;
    }
    CHECK_FALSE(clean_layout(db.path));  // the last kill left a generation and a stub half-swapped in
    REQUIRE(db.index(new_list()).exit_code == 0);
    CHECK(clean_layout(db.path));
    CHECK(db.answer() == new_answer());
    CHECK(fsck_clean(db.path));

    // After the swap: the new index answers.
    for (const char* fault : {"kill-after-swap", "kill-while-retiring"}) {
        INFO(fault);
        REQUIRE(db.run({"index", "--list", old_list(), "--quiet", "--full"}).exit_code == 0);
        CHECK(db.index(new_list(), {{"AISYS_FAULT", fault}}).exit_code == 128 + 9);
        CHECK(db.run({"show", "wicket"}).exit_code == 0);
        CHECK(db.run({"show", "tansy"}).exit_code == 1);
        CHECK_FALSE(clean_layout(db.path));  // the old generation, whole or half deleted
        ++kill_points;
    }
    REQUIRE(db.index(new_list()).exit_code == 0);
    CHECK(clean_layout(db.path));
    CHECK(db.run({"show", "wicket"}).exit_code == 0);
    CHECK(fsck_clean(db.path));
    CHECK(kill_points == 11);
}

// Protection: a failed build removes its work in progress and says in one
// line what failed; the stub is swapped only after everything is written.
TEST_CASE("faults: a full disk during index leaves the previous index and no half-built folder", "[faults]") {
    for (const bool full : {false, true}) {
        DYNAMIC_SECTION((full ? "a full build" : "an incremental build")) {
            FaultDb db;
            REQUIRE(db.index(old_list()).exit_code == 0);
            ChildLimits limits;
            limits.max_file_size = 4096;  // less than one block of a Xapian table
            std::vector<std::string> args{"index", "--list", new_list(), "--quiet"};
            if (full) args.push_back("--full");
            const auto r = db.run(args, {}, limits);
            INFO(r.err);
            CHECK(one_line_error(r));
            CHECK(contains(r.err, "File too large"));
            CHECK(contains(r.err, "the previous index is unchanged"));
            CHECK(clean_layout(db.path));  // no .tmp- folder left behind
            CHECK(db.answer() == old_answer());
            CHECK(fsck_clean(db.path));
            REQUIRE(db.index(new_list()).exit_code == 0);
            CHECK(db.answer() == new_answer());
        }
    }
}

// Protection: a build that cannot write says so in one line before
// touching anything, and the previous index keeps answering.
TEST_CASE("faults: a read-only index folder gives one clear error and leaves the index", "[faults]") {
    FaultDb db;
    REQUIRE(db.index(old_list()).exit_code == 0);
    const auto before = folder_names(db.path);
    ChildLimits limits;
    std::map<std::string, std::string> env;
    if (::geteuid() == 0) {
        // Root writes through any mode bits: the build runs as nobody instead,
        // which must still be able to read the binary, the lists and the index.
        limits.as_nobody = true;
        const fs::path cache = db.tmp.path() / "cache";
        fs::create_directories(cache);
        fs::permissions(cache, fs::perms::all);
        env["XDG_CACHE_HOME"] = cache.string();
        const auto probe = db.run({k_query}, env, limits);
        if (probe.exit_code != 0 || probe.out != old_answer()) {
            WARN("skipped: user nobody cannot run " AISYS_BINARY " on the test index: " << probe.err);
            return;
        }
    } else {
        fs::permissions(db.path, fs::perms::owner_read | fs::perms::owner_exec | fs::perms::group_read |
                                     fs::perms::group_exec | fs::perms::others_read | fs::perms::others_exec);
    }
    const auto r = db.index(new_list(), env, limits);
    fs::permissions(db.path, fs::perms::owner_all, fs::perm_options::add);
    INFO(r.err);
    CHECK(one_line_error(r));
    CHECK(contains(r.err, "Permission denied"));
    CHECK(contains(r.err, "the previous index is unchanged"));
    CHECK(folder_names(db.path) == before);
    CHECK(db.answer() == old_answer());
}

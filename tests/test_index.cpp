// build_index and Index::open: atomic generations, locking, metadata, bad folders.

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/index.hpp>
#include <aisys/search.hpp>

#include "index/store.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>

namespace fs = std::filesystem;
using namespace aisys;

namespace {

std::vector<Paper> default_papers() {
    return read_lists({test::default_list()}, VenueTable::load(test::venue_table())).papers;
}

std::vector<std::string> folder_names(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

std::size_t count_matches(const Index& index, const std::string& query) {
    SearchRequest r;
    r.query = query;
    return index.search(r).total;
}

} // namespace

TEST_CASE("a build writes one generation, a stub and the metadata", "[index]") {
    test::TempDir tmp;
    const auto db = (tmp.path() / "db").string();
    const auto venues = VenueTable::load(test::venue_table());
    BuildOptions options;
    options.sources = {test::default_list()};
    options.venues = &venues;
    const auto report = build_index(db, default_papers(), options);
    CHECK(report.papers == 16);
    CHECK(report.generation == "gen-1");
    CHECK(folder_names(db) == std::vector<std::string>{".lock", "XAPIANDB", "gen-1"});

    const auto stats = Index::open(db).stats();
    CHECK(stats.papers == 16);
    CHECK(stats.metadata.at("schema_version") == "8");
    CHECK(stats.metadata.at("papers") == "16");
    CHECK(stats.metadata.at("sources").find("awesome-ai-system.md") != std::string::npos);
    CHECK(stats.metadata.at("built_at").size() == 20);  // 2026-11-25T18:00:00Z
    CHECK(stats.facets.at("category").at("Training") == 6);
    CHECK(stats.facets.at("venue").at("ASPLOS") == 4);
    CHECK(stats.facets.at("year").at("2023") == 6);
}

TEST_CASE("a rebuild swaps generations and leaves only the new one", "[index]") {
    test::TempDir tmp;
    const auto db = (tmp.path() / "db").string();
    auto papers = default_papers();
    build_index(db, papers, {});
    papers.resize(3);
    const auto report = build_index(db, papers, {});
    CHECK(report.generation == "gen-2");
    CHECK(folder_names(db) == std::vector<std::string>{".lock", "XAPIANDB", "gen-2"});
    CHECK(Index::open(db).stats().papers == 3);
}

TEST_CASE("an index opened before a rebuild keeps answering from its generation", "[index]") {
    test::TempDir tmp;
    const auto db = (tmp.path() / "db").string();
    auto papers = default_papers();
    build_index(db, papers, {});
    const Index before = Index::open(db);
    REQUIRE(count_matches(before, "scheduling") == 5);

    papers.resize(2);  // Slapo and Zeus: one "schedule" left
    build_index(db, papers, {});
    CHECK(count_matches(before, "scheduling") == 5);
    CHECK(count_matches(Index::open(db), "scheduling") == 1);
}

TEST_CASE("a second concurrent build is refused with the running build's pid", "[index]") {
    test::TempDir tmp;
    const auto db = tmp.path() / "db";
    build_index(db.string(), default_papers(), {});
    store::BuildLock running(db);
    try {
        build_index(db.string(), default_papers(), {});
        FAIL("the second build went ahead");
    } catch (const Error& e) {
        const std::string msg = e.what();
        CHECK(msg.find("another build") != std::string::npos);
        CHECK(e.kind() == ErrorKind::busy);
        CHECK(msg.find(std::to_string(::getpid())) != std::string::npos);
    }
    CHECK(Index::open(db.string()).stats().papers == 16);
}

TEST_CASE("stale half-built folders are removed by the next build", "[index]") {
    test::TempDir tmp;
    const auto db = tmp.path() / "db";
    build_index(db.string(), default_papers(), {});
    test::write_file(db / ".tmp-424242" / "junk", "half a database");
    fs::create_directory(db / "gen-7");
    build_index(db.string(), default_papers(), {});
    CHECK(folder_names(db) == std::vector<std::string>{".lock", "XAPIANDB", "gen-2"});
}

TEST_CASE("a folder that is not an index is never written into", "[index]") {
    test::TempDir tmp;
    test::write_file(tmp.path() / "notes.txt", "mine");
    CHECK_THROWS_WITH(build_index(tmp.str(), default_papers(), {}),
                      Catch::Contains("not empty and not an aisys-search index"));
    CHECK(folder_names(tmp.path()) == std::vector<std::string>{"notes.txt"});
}

TEST_CASE("duplicate ids are refused before anything is written", "[index]") {
    test::TempDir tmp;
    auto papers = default_papers();
    papers[1].id = papers[0].id;
    CHECK_THROWS_WITH(build_index((tmp.path() / "db").string(), papers, {}), Catch::Contains("share the id"));
    CHECK_FALSE(fs::exists(tmp.path() / "db" / "XAPIANDB"));
}

// The library says what is wrong and of which kind, naming no command: the
// command line adds what to type (tests/test_cli.cpp, test_index_damage.cpp).
TEST_CASE("opening a missing, foreign or damaged index says what is wrong, of which kind", "[index]") {
    test::TempDir tmp;
    auto kind_of = [](const std::string& db) -> std::pair<ErrorKind, std::string> {
        try {
            Index::open(db);
        } catch (const Error& e) {
            CHECK(std::string(e.what()).find("'aisys-search") == std::string::npos);  // no command named
            CHECK(std::string(e.what()).find("--db") == std::string::npos);          // nor a flag
            CHECK(e.subject() == db);
            return {e.kind(), e.what()};
        }
        FAIL("opened " << db);
        return {};
    };
    SECTION("missing") {
        const auto [kind, what] = kind_of((tmp.path() / "none").string());
        CHECK(kind == ErrorKind::not_found);
        CHECK(what.find("no index at") != std::string::npos);
    }
    SECTION("a Xapian database that aisys-search did not write") {
        const auto db = tmp.path() / "foreign";
        fs::create_directories(db);
        { Xapian::WritableDatabase w((db / "gen-1").string(), Xapian::DB_CREATE); w.add_document(Xapian::Document()); }
        test::write_file(db / "XAPIANDB", "glass gen-1\n");
        const auto [kind, what] = kind_of(db.string());
        CHECK(kind == ErrorKind::damaged_index);
        CHECK(what.find("not an aisys-search index") != std::string::npos);
    }
    SECTION("an index an older aisys-search wrote (another term layout)") {
        const auto db = tmp.path() / "old";
        build_index(db.string(), default_papers(), {});
        {
            Xapian::WritableDatabase w((db / store::current_generation(db)).string(), Xapian::DB_OPEN);
            w.set_metadata("aisys.schema_version", "6");
            w.set_metadata("aisys.build_key", "written by schema 6");  // the key hashes the version
            w.commit();
        }
        const auto [kind, what] = kind_of(db.string());
        CHECK(kind == ErrorKind::damaged_index);
        CHECK(what.find("has schema version 6, this aisys-search reads 8") != std::string::npos);
        // The next build does not reuse it: it is built anew, and searchable.
        CHECK_FALSE(build_index(db.string(), default_papers(), {}).incremental);
        CHECK(count_matches(Index::open(db.string()), "scheduling") > 0);
    }
    SECTION("a stub naming a folder that is gone or garbage") {
        const auto db = tmp.path() / "damaged";
        test::write_file(db / "gen-1" / "postlist.glass", "garbage");
        test::write_file(db / "XAPIANDB", "glass gen-1\n");
        CHECK(kind_of(db.string()).first == ErrorKind::damaged_index);
    }
    SECTION("a file given as the index folder") {
        test::write_file(tmp.path() / "file", "x");
        CHECK(kind_of((tmp.path() / "file").string()).first == ErrorKind::usage);
    }
}

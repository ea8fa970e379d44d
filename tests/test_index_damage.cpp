// Damaged and foreign index folders: every command that reads the index
// refuses them with one line saying what to do, and `index` rebuilds a
// damaged index from scratch instead of failing or writing into a folder
// that is not its own. Each test names the protection it proves.

#include <aisys/index.hpp>

#include "faults_support.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <fstream>
#include <functional>
#include <random>
#include <utility>

using namespace aisys;
using namespace aisys::test::faults;

namespace {

enum class Damage { truncated, zeroed, garbage };

void damage_file(const fs::path& path, Damage how) {
    const auto size = fs::file_size(path);
    if (how == Damage::truncated) {
        fs::resize_file(path, size / 2);
        return;
    }
    std::string bytes(size, '\0');
    std::mt19937 random(20251125);  // the same garbage every run
    if (how == Damage::garbage)
        for (auto& b : bytes) b = static_cast<char>(random() & 0xff);
    test::write_file(path, bytes);
}

// Every command that reads the index, on a folder it cannot use: one line
// naming the folder and what to do.
void check_readers_refuse(const FaultDb& db, const std::string& advice) {
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {k_query}, {"stats"}, {"show", "kettle"}, {"similar", "kettle"}, {"ledger", "--json"}}) {
        const auto r = db.run(args);
        INFO(args[0] << ": exit " << r.exit_code << ": " << r.err);
        CHECK(one_line_error(r));  // exit 2, never a signal
        CHECK(contains(r.err, db.path.string()));
        CHECK(contains(r.err, advice));
    }
}

} // namespace

// Protection: damage is translated into one line saying to rebuild, for
// every command, and `index` rebuilds from scratch over it instead of
// failing on the copy of the damaged generation it would update.
TEST_CASE("faults: a damaged index is refused with advice to rebuild, and index rebuilds it", "[faults]") {
    std::vector<std::pair<std::string, std::function<void(const fs::path&)>>> damages;
    for (const char* table : {"postlist.glass", "termlist.glass", "docdata.glass", "position.glass", "iamglass"})
        for (const auto& [how, name] : {std::pair{Damage::truncated, "truncated"}, {Damage::zeroed, "zeroed"},
                                        {Damage::garbage, "overwritten with garbage"}})
            damages.emplace_back(std::string(table) + " " + name,
                                 [table, how](const fs::path& db) { damage_file(db / "gen-1" / table, how); });
    damages.emplace_back("a stub naming a missing generation",
                         [](const fs::path& db) { test::write_file(db / "XAPIANDB", "glass gen-9\n"); });
    damages.emplace_back("a stub naming a folder outside", [](const fs::path& db) {
        test::write_file(db / "XAPIANDB", "glass ../../../etc\n");
    });
    damages.emplace_back("a stub of garbage", [](const fs::path& db) { damage_file(db / "XAPIANDB", Damage::garbage); });
    damages.emplace_back("an empty stub", [](const fs::path& db) { test::write_file(db / "XAPIANDB", ""); });
    damages.emplace_back("a generation that is a file", [](const fs::path& db) {
        fs::remove_all(db / "gen-1");
        test::write_file(db / "gen-1", "not a folder");
    });
    damages.emplace_back("a Xapian database aisys-search did not write", [](const fs::path& db) {
        fs::remove_all(db / "gen-1");
        Xapian::WritableDatabase foreign((db / "gen-1").string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
        foreign.add_document(Xapian::Document());
        foreign.commit();
    });

    for (const auto& [name, damage] : damages) {
        DYNAMIC_SECTION(name) {
            FaultDb db;
            REQUIRE(db.index(old_list()).exit_code == 0);
            damage(db.path);
            check_readers_refuse(db, "rebuild it with 'aisys-search index --db " + db.path.string() + "'");
            // The same list as before, so the build would update the index in place if it trusted it.
            const auto r = db.run({"index", "--list", old_list()});
            INFO(r.err);
            CHECK(r.exit_code == 0);
            CHECK(contains(r.out, "built from scratch"));
            CHECK(contains(r.err, "aisys-search: note: "));
            CHECK(contains(r.err, "rebuilding it from scratch"));
            CHECK(db.answer() == old_answer());
            CHECK(clean_layout(db.path));
        }
    }
}

// Protection: `index` never writes into a folder that is not its own, and
// readers say which folder is wrong rather than offering to build there.
TEST_CASE("faults: a foreign folder is refused by every command and left as it was", "[faults]") {
    std::vector<std::pair<std::string, std::function<void(const fs::path&)>>> foreign = {
        {"someone else's files", [](const fs::path& db) { test::write_file(db / "notes.txt", "mine"); }},
        {"a Xapian database of someone else's", [](const fs::path& db) {
             Xapian::WritableDatabase other(db.string(), Xapian::DB_CREATE | Xapian::DB_BACKEND_GLASS);
             other.add_document(Xapian::Document());
             other.commit();
         }},
        {"a regular file", [](const fs::path& db) { test::write_file(db, "a file, not a folder"); }},
    };
    for (const auto& [name, make] : foreign) {
        DYNAMIC_SECTION(name) {
            FaultDb db;
            make(db.path);
            const auto snapshot = fs::is_directory(db.path) ? folder_names(db.path) : std::vector<std::string>{};
            const auto bytes = fs::is_regular_file(db.path) ? test::slurp(db.path.string()) : std::string();
            check_readers_refuse(db, "pass the index folder with --db");  // not "build it there", which index refuses
            const auto r = db.index(old_list());
            INFO(r.err);
            CHECK(one_line_error(r));
            CHECK(contains(r.err, "choose another --db"));
            if (fs::is_directory(db.path)) CHECK(folder_names(db.path) == snapshot);
            else CHECK(test::slurp(db.path.string()) == bytes);
        }
    }
}

// Protection: before updating the current generation, `index` checks all of
// it (Xapian::Database::check). Damage deep in a table, which opening the
// index does not read, would otherwise stop the build halfway, once papers
// have been read from a source that cannot give them again.
TEST_CASE("faults: damage deep in a table makes index rebuild from scratch instead of failing", "[faults]") {
    FaultDb db;
    auto write_records = [&](const std::string& name, const std::string& tag) {
        std::mt19937 random(7);
        std::string lines;
        for (int i = 0; i < 300; ++i) {
            std::string abstract;
            for (int w = 0; w < 120; ++w) abstract += "w" + std::to_string(random() % 800) + " ";
            char id[16];
            std::snprintf(id, sizeof id, "2401.%05d", i);
            lines += R"({"id": ")" + std::string(id) + R"(", "title": "Record )" + std::to_string(i) + " " + tag +
                     R"(", "abstract": ")" + abstract + tag + R"(", "authors": "A. Writer", "categories": "cs.DC"})" +
                     "\n";
        }
        const auto path = db.tmp.path() / name;
        test::write_file(path, lines);
        return path.string();
    };
    const auto first = write_records("first.jsonl", "alpha");
    const auto second = write_records("second.jsonl", "beta");  // the same papers, every one changed
    REQUIRE(db.run({"index", "--jsonl", first, "--quiet"}).exit_code == 0);

    // One leaf block of the term lists zeroed: opening the index does not
    // read it, replacing the documents it holds does.
    const auto termlist = db.path / "gen-1" / "termlist.glass";
    REQUIRE(fs::file_size(termlist) > 12 * 8192);
    {
        std::fstream f(termlist, std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(10 * 8192);
        const std::string zeros(8192, '\0');
        f.write(zeros.data(), static_cast<std::streamsize>(zeros.size()));
    }
    REQUIRE(db.run({"stats"}).exit_code == 0);

    const auto r = db.run({"index", "--jsonl", second});
    INFO(r.err);
    CHECK(r.exit_code == 0);
    CHECK(contains(r.out, "built from scratch: the index was damaged ("));
    const auto changed = db.run({"show", "2401.00299", "--json"});
    REQUIRE(changed.exit_code == 0);
    CHECK(nlohmann::json::parse(changed.out).at("title") == "Record 299 beta");
    CHECK(contains(db.run({"stats"}).out, "papers:      300"));
    CHECK(fsck_clean(db.path));
}

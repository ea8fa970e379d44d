// What the fault tests share (test_index_faults.cpp, test_index_damage.cpp):
// an index folder driven through the real binary, two lists whose answers
// tell the index before a rebuild from the one after, and checks of what a
// build leaves behind.
#pragma once

#include <aisys/index.hpp>
#include <aisys/search.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace aisys::test::faults {

namespace fs = std::filesystem;
using test::ChildLimits;
using test::RunResult;


// Matches papers in both fault lists, differently: the answer tells the
// index before a rebuild (faults-old.md) from the one after (faults-new.md).
inline const std::string k_query = "ledger OR journal OR inference";

inline std::string old_list() { return test::fixture("faults-old.md"); }
inline std::string new_list() { return test::fixture("faults-new.md"); }

inline bool one_line_error(const RunResult& r) {
    return r.exit_code == 2 && r.err.rfind("aisys-search: error: ", 0) == 0 &&
           std::count(r.err.begin(), r.err.end(), '\n') == 1 && r.out.empty();
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

inline std::vector<std::string> folder_names(const fs::path& dir) {
    std::vector<std::string> names;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

// What a finished build leaves: the lock, the stub and one generation.
inline bool clean_layout(const fs::path& db) {
    const auto names = folder_names(db);
    return names.size() == 3 && names[0] == ".lock" && names[1] == "XAPIANDB" && names[2].rfind("gen-", 0) == 0;
}

inline std::string current_generation(const fs::path& db) {
    std::string backend, generation;
    std::istringstream(test::slurp((db / "XAPIANDB").string())) >> backend >> generation;
    return generation;
}

// Xapian's own consistency check (what xapian-check runs) of the current generation.
inline bool fsck_clean(const fs::path& db) {
    try {
        const fs::path generation = db / current_generation(db);
        if (fs::exists(generation / "XAPIANDB")) {  // shards: each database its stub lists
            std::istringstream stub(test::slurp((generation / "XAPIANDB").string()));
            std::string line;
            std::size_t errors = 0, checked = 0;
            while (std::getline(stub, line))
                if (line.rfind("glass ", 0) == 0) errors += Xapian::Database::check((generation / line.substr(6)).string()), ++checked;
            return checked >= 2 && errors == 0;
        }
        return Xapian::Database::check(generation.string()) == 0;
    } catch (const Xapian::Error& e) {
        UNSCOPED_INFO(e.get_description());
        return false;
    }
}

// An index folder driven through the real binary.
struct FaultDb {
    test::TempDir tmp;
    fs::path path = tmp.path() / "db";
    /// `index --shards`: one database unless a test asks for shards (the
    /// damage tests name the tables of one).
    std::string shards = "1";

    RunResult run(std::vector<std::string> args, std::map<std::string, std::string> env = {},
                  const ChildLimits& limits = {}) const {
        env.emplace("AISYS_DB", path.string());
        if (!args.empty() && args[0] == "index" && std::find(args.begin(), args.end(), "--shards") == args.end())
            args.insert(args.end(), {"--shards", shards});
        return test::run_cli(args, env, limits);
    }
    RunResult index(const std::string& list, std::map<std::string, std::string> env = {},
                    const ChildLimits& limits = {}) const {
        return run({"index", "--list", list, "--quiet"}, std::move(env), limits);
    }
    std::map<std::string, std::string> env(const std::string& fault) const {
        return {{"AISYS_DB", path.string()}, {"AISYS_FAULT", fault}};
    }
    std::string answer() const {
        const auto r = run({k_query});
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return r.out;
    }
};

// The answers before and after a rebuild from the old list to the new one,
// the way every test here rebuilds.
inline const std::string& old_answer() {
    static const std::string answer = [] {
        FaultDb db;
        REQUIRE(db.index(old_list()).exit_code == 0);
        return db.answer();
    }();
    return answer;
}

inline const std::string& new_answer() {
    static const std::string answer = [] {
        FaultDb db;
        REQUIRE(db.index(old_list()).exit_code == 0);
        REQUIRE(db.index(new_list()).exit_code == 0);
        return db.answer();
    }();
    return answer;
}

// A search through the library, read back as text to compare: the hits'
// ids and titles (the titles come from the document data, the table a
// half-opened generation lacks), the total and the paper count.
inline std::string library_answer(const Index& index) {
    SearchRequest request;
    request.query = k_query;
    request.limit = 20;
    const auto result = index.search(request);
    std::string text = std::to_string(result.total) + " of " + std::to_string(index.stats().papers) + ":";
    for (const auto& hit : result.hits) text += " " + hit.paper.id + "=" + hit.paper.title;
    return text;
}

} // namespace aisys::test::faults

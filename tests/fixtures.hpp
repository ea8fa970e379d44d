#pragma once
// Papers and indexes for tests, fuzzers and benchmarks: one way to invent a
// paper and one way to build an index of papers with the project's venue and
// synonym tables, instead of a copy in each file. No Catch2 here.

#include "support.hpp"

#include <aisys/index.hpp>
#include <aisys/paper.hpp>
#include <aisys/search.hpp>

#include <optional>
#include <string>
#include <vector>

namespace aisys::test {

/// An invented paper: the id, title and texts given, category "Systems", and
/// a repository whose name (indexed as a field) holds no word a test
/// searches for. A `venue` the venue table knows is stored as the table
/// names it, with its kind; another is kept as written.
Paper make_paper(const std::string& id, const std::string& title, const std::string& abstract = "",
                 const std::string& readme = "", const std::string& venue = "", int year = 2023);

/// How TestIndex builds; defaults in place.
struct TestIndexOptions {
    bool mine_acronyms = true;          ///< add the acronyms the papers define
    std::vector<std::string> sources;   ///< list paths recorded in the metadata
    unsigned threads = 0;               ///< 0 = one per core
    unsigned shards = 1;                ///< databases the papers are spread over
};

/// An index of `papers` in a temporary folder of its own, built with the
/// project's venue and synonym tables and open for searching; the folder goes
/// with it. Not thread-safe, as Index is not.
class TestIndex {
public:
    explicit TestIndex(const std::vector<Paper>& papers, const TestIndexOptions& options = {});
    ~TestIndex();
    TestIndex(const TestIndex&) = delete;
    TestIndex& operator=(const TestIndex&) = delete;

    std::string dir() const { return m_dir.str(); }
    const Index& index() const { return *m_index; }
    SearchResult run(const SearchRequest& request) const { return m_index->search(request); }
    /// `text` searched with the defaults, but up to `limit` results.
    SearchResult query(const std::string& text, std::size_t limit = 50, bool explain = false) const;

private:
    TempDir m_dir;
    std::optional<Index> m_index;
};

/// Builds an index of `papers` at `dir` as TestIndex does.
void build_test_index(const std::string& dir, const std::vector<Paper>& papers, const TestIndexOptions& options = {});

} // namespace aisys::test

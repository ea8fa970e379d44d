#include "fixtures.hpp"

#include <aisys/paths.hpp>
#include <aisys/synonyms.hpp>
#include <aisys/venue.hpp>

#include <functional>

namespace aisys::test {

Paper make_paper(const std::string& id, const std::string& title, const std::string& abstract, const std::string& readme,
                 const std::string& venue, int year) {
    Paper p;
    p.id = id;
    p.title = title;
    p.abstract = abstract;
    p.readme = readme;
    if (const auto* v = venue.empty() ? nullptr : venues().find(venue)) {
        p.venue = v->name;
        p.venue_kind = v->kind;
    } else {
        p.venue = venue;
    }
    p.venue_known = !venue.empty();
    p.year = year;
    p.categories = {"Systems"};
    p.repo = "https://github.com/lab/artifact" + std::to_string(std::hash<std::string>{}(id) % 100000);
    return p;
}

void build_test_index(const std::string& dir, const std::vector<Paper>& papers, const TestIndexOptions& options) {
    static const SynonymTable synonyms = SynonymTable::load(synonym_table());
    BuildOptions build;
    build.venues = &venues();
    build.synonyms = &synonyms;
    build.mine_acronyms = options.mine_acronyms;
    build.sources = options.sources;
    build.threads = options.threads;
    build.shards = options.shards;
    build_index(dir, papers, build);
}

TestIndex::TestIndex(const std::vector<Paper>& papers, const TestIndexOptions& options) {
    build_test_index(m_dir.str(), papers, options);
    m_index.emplace(Index::open(m_dir.str()));
}

TestIndex::~TestIndex() { m_index.reset(); }  // close the database before its folder goes

SearchResult TestIndex::query(const std::string& text, std::size_t limit, bool explain) const {
    SearchRequest r;
    r.query = text;
    r.limit = limit;
    r.explain = explain;
    return m_index->search(r);
}

} // namespace aisys::test

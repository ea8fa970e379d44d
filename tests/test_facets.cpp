// Facet counting: the spies that read value streams and the ones that read
// the table an Index decodes for its later queries count the same, and both
// count what the papers say.

#include <aisys/index.hpp>
#include <aisys/search.hpp>

#include "index/store.hpp"
#include "search/facets.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <xapian.h>

#include <algorithm>
#include <map>

using namespace aisys;

namespace {

Paper paper(int i) {
    Paper p;
    p.id = "p" + std::to_string(i);
    p.title = "Paper " + std::to_string(i) + (i % 3 ? " about scheduling" : " about serving");
    if (i % 7) p.venue = i % 2 ? "OSDI" : "NSDI";  // some have none
    if (i % 5) p.year = 2015 + i % 9;
    p.categories = {i % 4 ? "Training" : "Serving"};
    if (i % 6 == 0) p.categories.push_back("Schedule");  // two categories: counted in each
    if (i % 8 == 0) p.kind = std::string(k_kind_project);
    return p;
}

Facets expected(const std::vector<Paper>& papers, bool scheduling_only) {
    Facets f{{"venue", {}}, {"category", {}}, {"year", {}}, {"kind", {}}};
    for (const auto& p : papers) {
        // "scheduling" is in the title of some, and stems as the category Schedule does.
        const bool scheduling = p.title.find("scheduling") != std::string::npos ||
                                std::find(p.categories.begin(), p.categories.end(), "Schedule") != p.categories.end();
        if (scheduling_only && !scheduling) continue;
        if (!p.venue.empty()) ++f["venue"][p.venue];
        for (const auto& c : p.categories) ++f["category"][c];
        if (p.year) ++f["year"][std::to_string(*p.year)];
        ++f["kind"][p.kind];
    }
    return f;
}

Facets counted(const Xapian::Database& db, const Xapian::Query& query, const search::FacetTable* table) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    search::FacetSpies spies(db, table);
    spies.attach(enquire);
    enquire.get_mset(0, 10, db.get_doccount());
    return spies.counts();
}

} // namespace

TEST_CASE("facets from value streams and from the decoded table count what the papers say", "[search]") {
    test::TempDir tmp;
    std::vector<Paper> papers;
    for (int i = 0; i < 400; ++i) papers.push_back(paper(i));
    build_index(tmp.str(), papers);
    // Rebuilt without every tenth paper: the document numbers have gaps.
    std::vector<Paper> kept;
    for (int i = 0; i < 400; ++i)
        if (i % 10) kept.push_back(papers[i]);
    build_index(tmp.str(), kept);

    const Xapian::Database db((tmp.path() / store::current_generation(tmp.path())).string());
    REQUIRE(db.get_doccount() == kept.size());
    REQUIRE(db.get_lastdocid() > db.get_doccount());
    const auto table = search::FacetTable::read(db);

    const Xapian::Query all = Xapian::Query::MatchAll;
    CHECK(counted(db, all, nullptr) == expected(kept, false));
    CHECK(counted(db, all, &table) == expected(kept, false));
    const Xapian::Query scheduling("Zschedul");
    CHECK(counted(db, scheduling, nullptr) == expected(kept, true));
    CHECK(counted(db, scheduling, &table) == expected(kept, true));

    // Through the library: the first query reads streams, later ones the
    // table once it is read; every answer is the same.
    const auto index = Index::open(tmp.str());
    SearchRequest r;
    r.query = "scheduling";
    for (int i = 0; i < 20; ++i) {
        const auto result = index.search(r);
        INFO("query " << i);
        CHECK(result.facets == expected(kept, true));
        CHECK(result.exact);
    }
}

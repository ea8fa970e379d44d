#include <catch2/catch.hpp>

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>
#include <aisys/venue.hpp>

#include "support.hpp"

#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace std::string_literals;

namespace {

using aisys::test::slurp;
using aisys::test::venues;

struct Expected {
    std::string title;
    std::string venue;
    std::string kind;
    bool known;
    std::optional<int> year;
    std::string arxiv_id;
    std::vector<std::string> categories;
    std::string repo;
    std::string paper_url;
    std::vector<int> lines;
};

void check_paper(const aisys::Paper& p, const Expected& e) {
    INFO("paper: " << e.title);
    CHECK(p.title == e.title);
    CHECK(p.venue == e.venue);
    CHECK(p.venue_kind == e.kind);
    CHECK(p.venue_known == e.known);
    CHECK(p.year == e.year);
    CHECK(p.arxiv_id == e.arxiv_id);
    CHECK(p.categories == e.categories);
    CHECK(p.repo == e.repo);
    CHECK(p.paper_url == e.paper_url);
    std::vector<int> lines;
    for (const auto& l : p.listings) lines.push_back(l.line);
    CHECK(lines == e.lines);
    CHECK(p.authors.empty());
    CHECK(p.abstract.empty());
    CHECK(aisys::text::is_valid_utf8(p.title));
}

const std::string k_repo = "https://github.com/example-lab/";
const std::string k_marmot = "Marmot: Memory-Frugal GPU Checkpointing for LLM Training";

// What tests/fixtures/list.md holds, in list order, before merging.
std::vector<Expected> fixture_papers() {
    return {
        {"Albatross: One Paper Directly Under Papers", "MLSys", "conference", true, 2024, "", {"Papers"},
         k_repo + "albatross", "", {15}},
        {"Quokka: Elastic Pipeline Training for Sparse Models", "OSDI", "conference", true, 2024, "", {"Training"},
         k_repo + "quokka", "", {19}},
        {k_marmot, "NSDI", "conference", true, 2023, "", {"Training"}, k_repo + "marmot", "", {20}},
        {"λTune: Serverless Hyperparameter Search", "arXiv", "preprint", true, 2023, "2311.04567", {"Training"},
         k_repo + "lambdatune", "", {22}},
        {"Pelican: Cost-Aware Data Loading", "arXiv", "preprint", true, std::nullopt, "", {"Training"}, "",
         "https://example.org/papers/pelican.pdf", {23}},
        {"Heron: Gradient Compression at Line Rate", "Tech report, Oct 13 2025", "", false, 2025, "", {"Training"},
         k_repo + "heron", "", {25}},
        {k_marmot, "NSDI", "conference", true, 2023, "", {"Serving"}, k_repo + "marmot", "", {29}},
        {"Ibis: Predictable Tail Latency for Batched Inference", "TPDS", "journal", true, 2022, "", {"Serving"},
         k_repo + "ibis", "", {30}},
        // A non-http link is a problem; the entry is kept without any link.
        {"Wren: Serving Many Adapters on One GPU", "ATC", "conference", true, 2022, "", {"Serving"}, "", "", {31}},
        {"Adaptive Batching for Multi-Tenant Model Serving", "SC", "conference", true, 2022, "", {"Serving"},
         k_repo + "batchwise/", "", {32}},
        {"Tern: Tiny Transformers on Phones", "OSDI", "conference", true, 2020, "", {"On-device"},
         "https://gitlab.com/example-lab/tern", "", {37}},
    };
}

struct DefaultPaper {
    std::string title_start;
    std::string venue;
    std::optional<int> year;
    std::string category;
};

const std::vector<DefaultPaper>& default_papers() {
    static const std::vector<DefaultPaper> papers = {
        {"Slapo", "arXiv", std::nullopt, "Training"},
        {"Zeus", "NSDI", 2023, "Training"},
        {"ModelKeeper", "NSDI", 2023, "Training"},
        {"HET", "VLDB", 2022, "Training"},
        {"FastMoE", "arXiv", 2021, "Training"},
        {"λDNN", "TC", 2021, "Training"},
        {"VELTAIR", "ASPLOS", 2022, "Serving"},
        {"Serving Heterogeneous", "ATC", 2022, "Serving"},
        {"Serving DNNs like Clockwork", "OSDI", 2020, "Serving"},
        {"Lucid", "ASPLOS", 2023, "Schedule"},
        {"Shockwave", "NSDI", 2023, "Schedule"},
        {"Heterogeneity-Aware Cluster Scheduling", "OSDI", 2020, "Schedule"},
        {"Spada", "ASPLOS", 2023, "Optimization"},
        {"Hidet", "ASPLOS", 2023, "Optimization"},
        {"iGniter", "TPDS", 2022, "Optimization"},
        {"Efficient Quantized Sparse Matrix", "SC", 2022, "Optimization"},
    };
    return papers;
}

void check_default_papers(const aisys::Catalog& cat) {
    const auto& expected = default_papers();
    REQUIRE(cat.papers.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
        const auto& p = cat.papers[i];
        const auto& e = expected[i];
        INFO("paper " << i << ": " << p.title);
        CHECK(p.title.rfind(e.title_start, 0) == 0);
        CHECK(p.venue == e.venue);
        CHECK(p.venue_known);
        CHECK(p.year == e.year);
        CHECK(p.categories == std::vector<std::string>{e.category});
        CHECK(p.listings.size() == 1);
        CHECK(p.repo.rfind("https://github.com/MachineLearningSystem/", 0) == 0);
        CHECK(p.title.find('{') == std::string::npos);
        CHECK(p.title.find('}') == std::string::npos);
        CHECK(p.title == aisys::text::collapse_whitespace(p.title));
    }
    CHECK(cat.papers[1].title == "Zeus: Understanding and Optimizing GPU Energy Consumption of DNN Training");
    CHECK(cat.papers[0].title ==
          "Slapo: A Schedule Language for Progressive Optimization of Large Deep Learning Model Training");
    CHECK(cat.papers[4].arxiv_id == "2103.13262");
    CHECK(cat.papers[4].venue_kind == "preprint");
    CHECK(cat.papers[0].arxiv_id.empty());
    CHECK(cat.papers[0].venue_kind == "preprint");
    CHECK(cat.papers[5].title ==
          "λDNN: Achieving Predictable Distributed DNN Training with Serverless Architectures");
    CHECK(cat.papers[5].venue_kind == "journal");
    CHECK(cat.papers[14].venue_kind == "journal");
    CHECK(cat.papers[15].venue_kind == "conference");
    CHECK(cat.problems.empty());
}

} // namespace

TEST_CASE("parse_list reads the fixture list entry by entry", "[catalog]") {
    const std::string path = aisys::test::fixture("list.md");
    const aisys::Catalog cat = aisys::parse_list(slurp(path), "fixture.md", venues());

    const auto expected = fixture_papers();
    REQUIRE(cat.papers.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) check_paper(cat.papers[i], expected[i]);

    for (const auto& p : cat.papers) {
        INFO("paper: " << p.title);
        CHECK(p.id.empty());  // parse_list does not assign ids
        REQUIRE(p.listings.size() == 1);
        CHECK(p.listings[0].list == "fixture.md");
        // Nothing from Contents, Contribute, anchors or the intro paragraph.
        CHECK(p.title != "Papers");
        CHECK(p.title != "Back to top");
        CHECK(p.title.find("issue") == std::string::npos);
        CHECK(p.title.find("pull request") == std::string::npos);
        CHECK(p.title != "paragraph link");
    }

    // Heading paths, outermost first.
    using Path = std::vector<std::string>;
    CHECK(cat.papers[0].listings[0].section == Path{"My list", "Papers"});
    CHECK(cat.papers[1].listings[0].section == Path{"My list", "Papers", "Training"});
    CHECK(cat.papers[6].listings[0].section == Path{"My list", "Papers", "Serving"});
    CHECK(cat.papers[10].listings[0].section == Path{"My list", "Papers", "Serving", "On-device"});

    // Problems: the bullet without a link, the unknown venue, the non-http link.
    REQUIRE(cat.problems.size() == 3);
    for (const auto& pr : cat.problems) CHECK(pr.list == "fixture.md");
    CHECK(cat.problems[0].line == 24);
    CHECK_THAT(cat.problems[0].message, Catch::Contains("without a link") && Catch::Contains("Kestrel"));
    CHECK(cat.problems[1].line == 25);
    CHECK_THAT(cat.problems[1].message,
               Catch::Contains("unknown venue") && Catch::Contains("Tech report, Oct 13 2025"));
    CHECK(cat.problems[2].line == 31);
    CHECK_THAT(cat.problems[2].message,
               Catch::Contains("Wren") && Catch::Contains("ftp://files.example.org/wren.tar"));
    for (const auto& pr : cat.problems) {
        CHECK(pr.message.find('\n') == std::string::npos);
    }
}

TEST_CASE("read_lists merges a paper listed in two sections and assigns ids", "[catalog]") {
    const std::string path = aisys::test::fixture("list.md");
    const aisys::Catalog cat = aisys::read_lists({path}, venues());

    auto expected = fixture_papers();
    // The second Marmot listing merges into the first.
    expected[2].categories = {"Training", "Serving"};
    expected[2].lines = {20, 29};
    expected.erase(expected.begin() + 6);
    REQUIRE(cat.papers.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) check_paper(cat.papers[i], expected[i]);

    const auto& marmot = cat.papers[2];
    REQUIRE(marmot.listings.size() == 2);
    CHECK(marmot.listings[0].list == path);
    CHECK(marmot.listings[1].list == path);
    CHECK(marmot.listings[0].section == std::vector<std::string>{"My list", "Papers", "Training"});
    CHECK(marmot.listings[1].section == std::vector<std::string>{"My list", "Papers", "Serving"});

    std::vector<std::string> ids;
    for (const auto& p : cat.papers) ids.push_back(p.id);
    CHECK(ids == std::vector<std::string>{"albatross", "quokka", "marmot", "lambdatune", "pelican", "heron", "ibis",
                                          "wren", "batchwise", "tern"});

    REQUIRE(cat.problems.size() == 3);
    CHECK(cat.problems[0].line == 24);
    CHECK(cat.problems[1].line == 25);
    CHECK(cat.problems[2].line == 31);
    for (const auto& pr : cat.problems) CHECK(pr.list == path);

    // The same input gives the same ids.
    const aisys::Catalog again = aisys::read_lists({path}, venues());
    REQUIRE(again.papers.size() == cat.papers.size());
    for (std::size_t i = 0; i < cat.papers.size(); ++i) CHECK(again.papers[i].id == cat.papers[i].id);
}

TEST_CASE("read_lists merges papers across lists", "[catalog]") {
    aisys::test::TempDir dir;
    const auto a = (dir.path() / "a.md").string();
    const auto b = (dir.path() / "b.md").string();
    aisys::test::write_file(a, "# A\n\n## Systems\n\n"
                               "- [Foo: A {Thing}](https://github.com/o/foo) Some Workshop\n"
                               "- [Bar: Another](https://github.com/o/bar) OSDI'20\n");
    aisys::test::write_file(b, "# B\n\n### Compilers\n\n"
                               "- [Baz: Third](https://github.com/o/baz) PLDI 2021\n"
                               "- [foo:   a thing](https://example.org/foo.pdf) EuroSys'21\n");
    const aisys::Catalog cat = aisys::read_lists({a, b}, venues());
    REQUIRE(cat.papers.size() == 3);
    const auto& foo = cat.papers[0];
    CHECK(foo.title == "Foo: A Thing");
    CHECK(foo.categories == std::vector<std::string>{"Systems", "Compilers"});
    REQUIRE(foo.listings.size() == 2);
    CHECK(foo.listings[0].list == a);
    CHECK(foo.listings[0].line == 5);
    CHECK(foo.listings[1].list == b);
    CHECK(foo.listings[1].line == 6);
    CHECK(foo.repo == "https://github.com/o/foo");
    CHECK(foo.paper_url == "https://example.org/foo.pdf");
    // The known venue of the second listing wins over the unknown one.
    CHECK(foo.venue == "EuroSys");
    CHECK(foo.venue_known);
    CHECK(foo.venue_kind == "conference");
    CHECK(foo.year == 2021);
    CHECK(cat.papers[1].title == "Bar: Another");
    CHECK(cat.papers[2].title == "Baz: Third");
    CHECK(cat.papers[2].venue == "PLDI");
    CHECK(cat.papers[2].year == 2021);
    CHECK(cat.papers[0].id == "foo");
    CHECK(cat.papers[1].id == "bar");
    CHECK(cat.papers[2].id == "baz");
    REQUIRE(cat.problems.size() == 1);
    CHECK(cat.problems[0].list == a);
    CHECK(cat.problems[0].line == 5);
    CHECK_THAT(cat.problems[0].message, Catch::Contains("Some Workshop"));
}

TEST_CASE("parse_list refuses text that is not a list", "[catalog]") {
    const std::string ok = "# T\n\n- [Foo: A](https://github.com/o/foo) OSDI'20\n";
    REQUIRE(aisys::parse_list(ok, "ok.md", venues()).papers.size() == 1);

    SECTION("a NUL byte, naming its line") {
        const std::string nul = ok + "bad\0line\n"s;
        CHECK_THROWS_AS(aisys::parse_list(nul, "nul.md", venues()), aisys::Error);
        CHECK_THROWS_WITH(aisys::parse_list(nul, "nul.md", venues()),
                          Catch::Contains("nul.md:4") && Catch::Contains("NUL"));
        CHECK_THROWS_WITH(aisys::parse_list("\0"s, "first.md", venues()), Catch::Contains("first.md:1"));
    }
    SECTION("invalid UTF-8, naming its line") {
        for (const std::string& bad : {ok + "- [Caf\xE9](https://github.com/o/cafe)\n",
                                       ok + "- [Over\xC0\x80long](https://github.com/o/x)\n",
                                       ok + "- [Sur\xED\xA0\x80rogate](https://github.com/o/x)\n",
                                       ok + "- [Cut](https://github.com/o/x) \xE2\x82"}) {
            CHECK_THROWS_AS(aisys::parse_list(bad, "bad.md", venues()), aisys::Error);
            CHECK_THROWS_WITH(aisys::parse_list(bad, "bad.md", venues()),
                              Catch::Contains("bad.md:4") && Catch::Contains("UTF-8"));
        }
    }
    SECTION("larger than k_max_list_bytes") {
        std::string huge = ok;
        huge.resize(aisys::k_max_list_bytes + 1, '\n');
        CHECK_THROWS_AS(aisys::parse_list(huge, "huge.md", venues()), aisys::Error);
        CHECK_THROWS_WITH(aisys::parse_list(huge, "huge.md", venues()), Catch::Contains("huge.md"));
    }
}

TEST_CASE("read_lists throws when a file cannot be read or is not a list", "[catalog]") {
    aisys::test::TempDir dir;
    const auto good = (dir.path() / "good.md").string();
    aisys::test::write_file(good, "# T\n- [Foo: A](https://github.com/o/foo) OSDI'20\n");
    CHECK_THROWS_AS(aisys::read_lists({good, (dir.path() / "missing.md").string()}, venues()), aisys::Error);
    CHECK_THROWS_AS(aisys::read_lists({dir.str()}, venues()), aisys::Error);
    const auto binary = (dir.path() / "binary.md").string();
    aisys::test::write_file(binary, "# T\n\0\x01\x02"s);
    CHECK_THROWS_AS(aisys::read_lists({good, binary}, venues()), aisys::Error);
    const auto latin1 = (dir.path() / "latin1.md").string();
    aisys::test::write_file(latin1, "# T\n- [Caf\xE9](https://github.com/o/cafe)\n");
    CHECK_THROWS_AS(aisys::read_lists({latin1}, venues()), aisys::Error);
    CHECK(aisys::read_lists({good}, venues()).papers.size() == 1);
    CHECK(aisys::read_lists({}, venues()).papers.empty());
}

TEST_CASE("assign_ids derives ids from the short name or the repository", "[catalog]") {
    std::vector<aisys::Paper> papers(4);
    papers[0].title = "Zeus: Understanding and Optimizing GPU Energy Consumption of DNN Training";
    papers[1].title = "Heterogeneity-Aware Cluster Scheduling Policies for Deep Learning Workloads";
    papers[1].repo = "https://github.com/org/gavel";
    papers[2].title = "λDNN: Achieving Predictable Distributed DNN Training with Serverless Architectures";
    papers[3].title = "A Title Without Any Short Name Or Repository Link";
    aisys::assign_ids(papers);
    CHECK(papers[0].id == "zeus");
    CHECK(papers[1].id == "gavel");
    CHECK(papers[2].id == "lambdadnn");
    CHECK_FALSE(papers[3].id.empty());
    CHECK(papers[3].id.find("title-without") != std::string::npos);
    for (const auto& p : papers) {
        CHECK(p.id == aisys::text::slugify(p.id, 100));  // already a clean slug
    }

    std::vector<aisys::Paper> repos(2);
    repos[0].title = "Scheduling Without a Colon";
    repos[0].repo = "https://github.com/org/Gavel2/";
    repos[1].title = "Serving Without a Colon";
    repos[1].repo = "https://github.com/org/clockwork.git";
    aisys::assign_ids(repos);
    CHECK(repos[0].id == "gavel2");
    CHECK(repos[1].id == "clockwork");
}

TEST_CASE("assign_ids is unique and stable", "[catalog]") {
    auto make = [] {
        std::vector<aisys::Paper> papers(5);
        papers[0].title = "Zeus: Energy One";
        papers[0].year = 2023;
        papers[1].title = "Zeus: Energy Two";
        papers[1].year = 2023;
        papers[2].title = "Zeus: Energy Three";
        papers[2].year = 2023;
        papers[3].title = "Zeus: Energy Four";
        papers[4].title = "Zeus: Energy Five";
        papers[4].year = 2021;
        return papers;
    };
    auto first = make();
    aisys::assign_ids(first);
    std::set<std::string> unique;
    for (const auto& p : first) unique.insert(p.id);
    CHECK(unique.size() == first.size());
    CHECK(first[0].id == "zeus");
    CHECK(first[1].id == "zeus-2023");
    CHECK(first[4].id == "zeus-2021");
    for (const auto& p : first) CHECK(p.id.rfind("zeus", 0) == 0);

    auto second = make();
    aisys::assign_ids(second);
    for (std::size_t i = 0; i < first.size(); ++i) CHECK(second[i].id == first[i].id);

    // Re-assigning over existing ids gives the same result.
    aisys::assign_ids(second);
    for (std::size_t i = 0; i < first.size(); ++i) CHECK(second[i].id == first[i].id);

    // Titles with no usable letters still get unique ids.
    std::vector<aisys::Paper> empty(3);
    empty[0].title = "数据";
    empty[1].title = "!!!";
    empty[2].title = "";
    aisys::assign_ids(empty);
    std::set<std::string> empty_ids;
    for (const auto& p : empty) {
        CHECK_FALSE(p.id.empty());
        empty_ids.insert(p.id);
    }
    CHECK(empty_ids.size() == 3);
}

TEST_CASE("title_key matches the same title written differently", "[catalog]") {
    CHECK(aisys::title_key("Zeus: Understanding GPU Energy") == aisys::title_key("zeus -- understanding  gpu energy"));
    CHECK(aisys::title_key("λDNN: Achieving") == aisys::title_key("λ-DNN achieving"));
    CHECK(aisys::title_key("Zeus: Understanding GPU Energy") != aisys::title_key("Zeus: Understanding CPU Energy"));
    // Long titles are compared in full, not by their first words.
    CHECK(aisys::title_key("One Two Three Four Five Six Seven Eight Nine") !=
          aisys::title_key("One Two Three Four Five Six Seven Eight Ten"));
    CHECK_FALSE(aisys::title_key("Zeus").empty());
}

TEST_CASE("the default list gives its 16 papers", "[catalog]") {
    const aisys::Catalog cat = aisys::read_lists({aisys::test::default_list()}, venues());
    check_default_papers(cat);

    std::set<std::string> ids;
    for (const auto& p : cat.papers) ids.insert(p.id);
    CHECK(ids.size() == 16);
    CHECK(cat.papers[1].id == "zeus");
    CHECK(cat.papers[5].id == "lambdadnn");
    CHECK(cat.papers[11].id == "gavel");
    CHECK(cat.papers[11].repo == "https://github.com/MachineLearningSystem/gavel");
}

TEST_CASE("the shared seed list gives the same 16 papers", "[catalog]") {
    const std::string shared = aisys::test::shared_dir();
    if (shared.empty()) {
        WARN("skipped: ../shared is absent");
        return;
    }
    const std::string seed = shared + "/seed/awesome-ai-system.md";
    const aisys::Catalog cat = aisys::read_lists({seed}, venues());
    check_default_papers(cat);

    const aisys::Catalog ours = aisys::read_lists({aisys::test::default_list()}, venues());
    REQUIRE(ours.papers.size() == cat.papers.size());
    for (std::size_t i = 0; i < cat.papers.size(); ++i) {
        INFO("paper " << i);
        CHECK(cat.papers[i].title == ours.papers[i].title);
        CHECK(cat.papers[i].venue == ours.papers[i].venue);
        CHECK(cat.papers[i].year == ours.papers[i].year);
        CHECK(cat.papers[i].categories == ours.papers[i].categories);
        CHECK(cat.papers[i].id == ours.papers[i].id);
    }
}

// Regressions found in review.

TEST_CASE("a link inside emphasis is still the paper's link", "[catalog]") {
    const auto cat = aisys::parse_list("## Serving\n- **[Kestrel: Fast Serving](https://github.com/o/kestrel)** OSDI'22\n",
                                       "bold.md", venues());
    REQUIRE(cat.papers.size() == 1);
    CHECK(cat.papers[0].title == "Kestrel: Fast Serving");
    CHECK(cat.papers[0].repo == "https://github.com/o/kestrel");
    CHECK(cat.papers[0].venue == "OSDI");
    CHECK(cat.papers[0].year == 2022);
    CHECK(cat.problems.empty());
}

TEST_CASE("a problem message cut short stays valid UTF-8", "[catalog]") {
    const auto cat = aisys::parse_list("# T\n- " + std::string(79, 'x') + "λ is here\n", "cut.md", venues());
    REQUIRE(cat.problems.size() == 1);
    CHECK(aisys::text::is_valid_utf8(cat.problems[0].message));
}

TEST_CASE("merging takes a known venue together with its year", "[catalog]") {
    aisys::test::TempDir tmp;
    aisys::test::write_file(tmp.path() / "a.md", "## X\n- [Foo: X](https://github.com/o/foo) Tech report 2019\n");
    aisys::test::write_file(tmp.path() / "b.md", "## X\n- [Foo: X](https://github.com/o/foo) OSDI'20\n");
    const auto cat = aisys::read_lists({(tmp.path() / "a.md").string(), (tmp.path() / "b.md").string()}, venues());
    REQUIRE(cat.papers.size() == 1);
    CHECK(cat.papers[0].venue == "OSDI");
    CHECK(cat.papers[0].year == 2020);
}

TEST_CASE("an arxiv.org paper link gives the arXiv id", "[catalog]") {
    const auto cat = aisys::parse_list("## Serving\n"
                                       "- [Kestrel: Fast Serving](https://arxiv.org/abs/2312.01234)\n"
                                       "- [Wren: Slow Serving](https://arxiv.org/pdf/2401.00042v3.pdf) arxiv\n"
                                       "- [Ibis: No Serving](https://www.usenix.org/conference/osdi24/presentation/ibis) OSDI'24\n",
                                       "arxiv.md", venues());
    REQUIRE(cat.papers.size() == 3);
    CHECK(cat.papers[0].arxiv_id == "2312.01234");
    CHECK(cat.papers[0].paper_url == "https://arxiv.org/abs/2312.01234");
    CHECK(cat.papers[0].repo.empty());
    CHECK(cat.papers[1].arxiv_id == "2401.00042");
    CHECK(cat.papers[2].arxiv_id.empty());
    CHECK(cat.papers[2].paper_url == "https://www.usenix.org/conference/osdi24/presentation/ibis");
}

// Venues written into the title.

TEST_CASE("a venue glued to the title is taken as the venue when none follows the link", "[catalog]") {
    const auto cat = aisys::parse_list(
        "## Training\n"
        "- [Otter: Adaptive Expert Routing at Scale MLSYS'23](https://github.com/o/otter)\n"
        "- [Gannet: Giant Models over Heterogeneous GPUsATC'22](https://github.com/o/gannet)\n"
        "- Hint [Puffin: Task Graphs for Tensor Programs.ASPLOS'23](https://github.com/o/puffin)\n"
        "- [Skua: Training on Mixed {GPU}ATC'22 ](https://github.com/o/skua)\n"
        "- [Tit-LM SC21 ](https://github.com/o/titlm)\n"
        "- [Auk: Placement with Heterogeneity NeurIPS '22 ](https://github.com/o/auk)\n"
        "- [Shag: Pipelines Eurosys'24](https://github.com/o/shag)\n"
        "- [Smew: Kernels USENIX ATC'21](https://github.com/o/smew)\n"
        "- [Teal: Sharded Inference OSDI 2025](https://github.com/o/teal)\n",
        "glued.md", venues());
    REQUIRE(cat.papers.size() == 9);
    struct Want { const char* title; const char* venue; int year; };
    const std::vector<Want> want = {
        {"Otter: Adaptive Expert Routing at Scale", "MLSys", 2023},
        {"Gannet: Giant Models over Heterogeneous GPUs", "ATC", 2022},
        {"Puffin: Task Graphs for Tensor Programs", "ASPLOS", 2023},
        {"Skua: Training on Mixed GPU", "ATC", 2022},
        {"Tit-LM", "SC", 2021},
        {"Auk: Placement with Heterogeneity", "NeurIPS", 2022},
        {"Shag: Pipelines", "EuroSys", 2024},
        {"Smew: Kernels", "ATC", 2021},
        {"Teal: Sharded Inference", "OSDI", 2025},
    };
    for (std::size_t i = 0; i < want.size(); ++i) {
        INFO("paper " << i);
        CHECK(cat.papers[i].title == want[i].title);
        CHECK(cat.papers[i].venue == want[i].venue);
        CHECK(cat.papers[i].venue_known);
        CHECK(cat.papers[i].year == want[i].year);
    }
    CHECK(cat.problems.empty());
}

TEST_CASE("a title keeps words that are not a known venue with a year", "[catalog]") {
    const auto cat = aisys::parse_list(
        "## Models\n"
        "- [Tit-LM](https://github.com/o/titlm)\n"
        "- [Llama 2](https://github.com/o/llama)\n"
        "- [Bittern: Fast GPT'23](https://github.com/o/bittern)\n"
        "- [Dipper: Quick TC](https://github.com/o/dipper)\n"
        "- [Bit SC](https://github.com/o/bitsc)\n"
        "- [Ruff: Kernels for FOOATC2022](https://github.com/o/ruff)\n"
        "- [Grebe: Scheduling Jobs 2021](https://github.com/o/grebe)\n"
        "- [OSDI'22](https://github.com/o/bare)\n",
        "keep.md", venues());
    REQUIRE(cat.papers.size() == 8);
    const std::vector<std::string> titles = {"Tit-LM", "Llama 2", "Bittern: Fast GPT'23", "Dipper: Quick TC",
                                             "Bit SC", "Ruff: Kernels for FOOATC2022", "Grebe: Scheduling Jobs 2021",
                                             "OSDI'22"};
    for (std::size_t i = 0; i < titles.size(); ++i) {
        INFO("paper " << i);
        CHECK(cat.papers[i].title == titles[i]);
        CHECK(cat.papers[i].venue.empty());
        CHECK_FALSE(cat.papers[i].year);
    }
}

TEST_CASE("a glued venue repeated after the link is dropped from the title", "[catalog]") {
    const auto cat = aisys::parse_list(
        "## Training\n"
        "- [Stint: Joint Algebraic Rewrites OSDI'22 ](https://github.com/o/stint) OSDI'22\n"
        "- [Knot: Pipelines SC'21](https://github.com/o/knot) arXiv preprint arXiv:2107.06925\n",
        "repeat.md", venues());
    REQUIRE(cat.papers.size() == 2);
    CHECK(cat.papers[0].title == "Stint: Joint Algebraic Rewrites");
    CHECK(cat.papers[0].venue == "OSDI");
    CHECK(cat.papers[0].year == 2022);
    // The venue after the link wins; a different one in the title stays in the title.
    CHECK(cat.papers[1].title == "Knot: Pipelines SC'21");
    CHECK(cat.papers[1].venue == "arXiv");
    CHECK(cat.papers[1].arxiv_id == "2107.06925");
}

TEST_CASE("venue spellings met in real lists normalise", "[catalog]") {
    struct Case { const char* text; const char* venue; int year; };
    const std::vector<Case> cases = {
        {"Eurosys'25 Best Paper", "EuroSys", 2025}, {"arxiv'24", "arXiv", 2024}, {"Arxiv May 2025", "arXiv", 2025},
        {"OSDI 25", "OSDI", 2025},       {"SIGMETRICS'26", "SIGMETRICS", 2026}, {"Arxiv 25", "arXiv", 2025},
        {"Nurips'24", "NeurIPS", 2024},   {"ICPP'23", "ICPP", 2023},   {"PPOPP'24", "PPoPP", 2024},
        {"SOCC'21", "SoCC", 2021},
    };
    for (const auto& c : cases) {
        INFO(c.text);
        const auto cat = aisys::parse_list("## X\n- [Fulmar: Anything](https://github.com/o/fulmar) "s + c.text + "\n",
                                           "v.md", venues());
        REQUIRE(cat.papers.size() == 1);
        CHECK(cat.papers[0].venue == c.venue);
        CHECK(cat.papers[0].venue_known);
        CHECK(cat.papers[0].year == c.year);
        CHECK(cat.problems.empty());
    }
}

// "code [Title](repo)" / "paper [Title](url)" pairs and links to other lists.

TEST_CASE("a paper link paired with a code link belongs to the same paper", "[catalog]") {
    const auto cat = aisys::parse_list(slurp(aisys::test::fixture("prefix-list.md")), "prefix-list.md", venues());
    const std::vector<Expected> want = {
        {"Quail: Elastic Sharding for Sparse Training", "OSDI", "conference", true, 2024, "2403.01234", {"Training"},
         "https://github.com/example-lab/quail", "https://arxiv.org/pdf/2403.01234.pdf", {5}},
        {"Rook: Checkpoints Without Stalls", "NSDI", "conference", true, 2023, "", {"Training"},
         "https://github.com/example-lab/rook", "https://www.example.org/nsdi23-rook.pdf", {9}},
        // The venue comes from the paper link's title when the code link has none.
        {"tern-pipeline", "ICLR", "conference", true, 2024, "", {"Training"},
         "https://github.com/example-lab/tern-pipeline", "https://openreview.example.org/pdf?id=abc", {12}},
        {"Finch: Overlapping All-Reduce", "ATC", "conference", true, 2022, "2201.04321", {"Training"},
         "https://github.com/example-lab/finch", "https://arxiv.org/abs/2201.04321", {16}},
        {"Snipe: Sparse Kernels", "SC", "conference", true, 2022, "", {"Training"},
         "https://github.com/example-lab/snipe", "https://example.org/snipe.pdf", {19}},
        {"Heron: Only a Paper Link", "EuroSys", "conference", true, 2025, "", {"Training"}, "",
         "https://example.org/heron.pdf", {21}},
        {"Plover: No Companion", "MLSys", "conference", true, 2024, "", {"Training"},
         "https://github.com/example-lab/plover", "", {23}},
        {"Lapwing: A Separate Child Paper", "OSDI", "conference", true, 2020, "", {"Training"},
         "https://github.com/example-lab/lapwing", "", {24}},
        {"Dunlin: Awesome Results Everywhere", "ICML", "conference", true, 2023, "", {"Related lists"},
         "https://github.com/example-lab/dunlin", "", {31}},
    };
    REQUIRE(cat.papers.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) check_paper(cat.papers[i], want[i]);
    CHECK(cat.problems.empty());
}

TEST_CASE("links to other awesome lists are not papers", "[catalog]") {
    const auto cat = aisys::parse_list("## Misc\n"
                                       "- [awesome GNN](https://github.com/o/gnn-list)\n"
                                       "- [MoE Paper](https://github.com/o/Awesome-Mixture-Papers)\n"
                                       "- [scheduler list](https://github.com/o/awesome-dl-scheduling.git)\n"
                                       "- [Awesome Lists of Lists](https://example.org/lists)\n"
                                       "- [Stilt: Not Awesome](https://github.com/o/stilt-awesome) SC'22\n"
                                       "- [Avocet: Awesome](https://github.com/awesome-org/avocet) SC'21\n",
                                       "lists.md", venues());
    REQUIRE(cat.papers.size() == 2);
    CHECK(cat.papers[0].title == "Stilt: Not Awesome");
    CHECK(cat.papers[1].title == "Avocet: Awesome");
    CHECK(cat.problems.empty());
}

// GFM tables.

TEST_CASE("table rows are papers, columns found by their header", "[catalog]") {
    const auto cat = aisys::parse_list(slurp(aisys::test::fixture("table-list.md")), "table-list.md", venues());
    const std::string gh = "https://github.com/example-lab/";
    const std::vector<Expected> want = {
        {"Kiwi LLM", "", "", false, std::nullopt, "", {"Serving Frameworks"}, gh + "kiwi/", "", {15}},
        {"Weka-RT", "", "", false, std::nullopt, "", {"Serving Frameworks"}, gh + "weka.git", "", {16}},
        {"Takahe: Disaggregated KV Caches", "OSDI", "conference", true, 2025, "2501.01234", {"Inference"},
         gh + "Takahe", "https://arxiv.org/abs/2501.01234", {22}},
        {"Kakapo: Speculative Decoding at Scale", "arXiv", "preprint", true, 2025, "2505.04321", {"Inference"}, "",
         "https://arxiv.org/pdf/2505.04321v2", {23}},
        // No venue in its column: the one glued to the title is used.
        {"Kea: Prefix Sharing", "ATC", "conference", true, 2024, "", {"Inference"}, gh + "kea",
         "https://example.org/kea.pdf", {24}},
        {"Moa: Autoscaling Forecasts", "SIGMETRICS", "conference", true, 2026, "", {"Inference"}, "", "", {25}},
        {"Ruru: Tiny Kernels", "", "", false, std::nullopt, "", {"Awesome"}, "https://gitlab.com/example-lab/ruru", "",
         {32}},
    };
    REQUIRE(cat.papers.size() == want.size());
    for (std::size_t i = 0; i < want.size(); ++i) check_paper(cat.papers[i], want[i]);
    for (const auto& p : cat.papers) {
        CHECK(p.repo.find("img.shields.io") == std::string::npos);
        CHECK(p.paper_url.find("img.shields.io") == std::string::npos);
        REQUIRE(p.listings.size() == 1);
        CHECK(p.listings[0].section == std::vector<std::string>{"Tables", "Paper-Code", p.categories[0]});
    }
    CHECK(cat.problems.empty());
}

TEST_CASE("a table without a title column, or in a section that is not papers, gives nothing", "[catalog]") {
    const auto cat = aisys::parse_list("## Tools\n\n"
                                       "| Tool | Github |\n|---|---|\n"
                                       "| Petrel | [x](https://github.com/o/petrel) |\n\n"
                                       "| Title | Venue |\n|---|---|\n| Only Words | OSDI'22 |\n\n"
                                       "## Contribute\n\n"
                                       "| Title | Github |\n|---|---|\n| Skimmer | [x](https://github.com/o/skimmer) |\n",
                                       "none.md", venues());
    CHECK(cat.papers.empty());
    CHECK(cat.problems.empty());
}

// The three saved versions of the upstream list. The counts come from reading
// the files: table rows per section, "- " items per section less the links to
// other awesome lists (Parallellism Training 2, MoE 2, GPU Cluster Management 1, GNN 1).

namespace {

std::vector<const aisys::Paper*> in_category(const aisys::Catalog& cat, const std::string& category) {
    std::vector<const aisys::Paper*> out;
    for (const auto& p : cat.papers)
        if (p.categories == std::vector<std::string>{category}) out.push_back(&p);
    return out;
}

const aisys::Paper* at_line(const aisys::Catalog& cat, int line) {
    for (const auto& p : cat.papers)
        if (p.listings.size() == 1 && p.listings[0].line == line) return &p;
    return nullptr;
}

void check_upstream_common(const aisys::Catalog& cat) {
    for (const auto& p : cat.papers) {
        INFO(p.title);
        CHECK_FALSE(p.title.empty());
        CHECK(p.repo.find("img.shields.io") == std::string::npos);
        CHECK(p.paper_url.find("img.shields.io") == std::string::npos);
        CHECK(aisys::text::to_lower(p.repo).find("/awesome") == std::string::npos);
        CHECK(aisys::text::to_lower(p.title).rfind("awesome", 0) != 0);
        CHECK(p.title.find('\'') == std::string::npos);  // no venue left glued to a title
    }
    CHECK(in_category(cat, "Researcher").empty());
    CHECK(in_category(cat, "Contents").empty());
}

} // namespace

TEST_CASE("the upstream list at its three saved versions", "[catalog]") {
    const std::string shared = aisys::test::shared_dir();
    if (shared.empty()) {
        WARN("skipped: ../shared is absent");
        return;
    }
    const std::string dir = shared + "/corpus-upstream/lists/";

    SECTION("2023-06-23: bullets only") {
        aisys::Catalog cat;
        REQUIRE_NOTHROW(cat = aisys::parse_list(slurp(dir + "awesome-ai-system.2023-06-23.md"), "2023.md", venues()));
        check_upstream_common(cat);
        CHECK(cat.papers.size() == 99);
        CHECK(in_category(cat, "Parallellism Training").size() == 18);
        CHECK(in_category(cat, "MoE").size() == 5);
        CHECK(in_category(cat, "GNN").size() == 11);
        const aisys::Paper* megatron = at_line(cat, 29);
        REQUIRE(megatron);
        CHECK(megatron->title == "Megatron-LM");
        CHECK(megatron->venue == "SC");
        CHECK(megatron->year == 2021);
    }
    SECTION("2024-06-14: tables and code/paper pairs") {
        aisys::Catalog cat;
        REQUIRE_NOTHROW(cat = aisys::parse_list(slurp(dir + "awesome-ai-system.2024-06-14.md"), "2024.md", venues()));
        check_upstream_common(cat);
        CHECK(cat.papers.size() == 37 + 107);
        CHECK(in_category(cat, "LLM Inference (System Side)").size() == 16);
        CHECK(in_category(cat, "LLM Serving Framework").size() == 5);
        CHECK(in_category(cat, "LoRA").size() == 2);
        CHECK(in_category(cat, "Framework").size() == 6);
        const aisys::Paper* whale = at_line(cat, 256);
        REQUIRE(whale);
        CHECK(whale->title == "Whale: Efficient Giant Model Training over Heterogeneous GPUs");
        CHECK(whale->venue == "ATC");
        CHECK(whale->year == 2022);
        const aisys::Paper* tutel = at_line(cat, 366);
        REQUIRE(tutel);
        CHECK(tutel->title == "Tutel: Adaptive Mixture-of-Experts at Scale");
        CHECK(tutel->venue == "MLSys");
        CHECK(tutel->paper_url == "https://arxiv.org/pdf/2206.03382.pdf");
        CHECK(tutel->arxiv_id == "2206.03382");
    }
    SECTION("HEAD: more tables") {
        aisys::Catalog cat;
        REQUIRE_NOTHROW(cat = aisys::parse_list(slurp(dir + "awesome-ai-system.HEAD.md"), "head.md", venues()));
        check_upstream_common(cat);
        CHECK(cat.papers.size() == 90 + 107);

        const auto serving = in_category(cat, "LLM Inference (System Side)");
        CHECK(serving.size() == 44);
        CHECK(std::count_if(serving.begin(), serving.end(), [](const aisys::Paper* p) {
                  return p->repo.rfind("https://github.com/", 0) == 0;
              }) == 43);
        CHECK(std::count_if(serving.begin(), serving.end(),
                            [](const aisys::Paper* p) { return !p->arxiv_id.empty(); }) == 29);

        const auto frameworks = in_category(cat, "LLM Serving Framework");
        REQUIRE(frameworks.size() == 5);
        CHECK(frameworks[0]->title == "MLC LLM");
        CHECK(frameworks[0]->repo == "https://github.com/mlc-ai/mlc-llm/");
        CHECK(frameworks[0]->listings[0].line == 77);

        const auto framework = in_category(cat, "Framework");
        CHECK(framework.size() == 6);
        for (const auto* p : framework) {
            INFO(p->title);
            CHECK_FALSE(p->repo.empty());
            CHECK_FALSE(p->paper_url.empty());
        }
        CHECK(in_category(cat, "Parallellism Training").size() == 22);
        CHECK(in_category(cat, "GPU Cluster Management").size() == 7);
        CHECK(in_category(cat, "MoE").size() == 5);

        const aisys::Paper* megatron = at_line(cat, 236);
        REQUIRE(megatron);
        CHECK(megatron->title == "Efficient Large-Scale Language Model Training on GPU Clusters Using Megatron-LM");
        CHECK(megatron->venue == "SC");
        CHECK(megatron->year == 2021);
        const aisys::Paper* hidet = at_line(cat, 394);
        REQUIRE(hidet);
        CHECK(hidet->title == "Hidet: Task-Mapping Programming Paradigm for Deep Learning Tensor Programs");
        CHECK(hidet->venue == "ASPLOS");
        CHECK(hidet->year == 2023);
        const aisys::Paper* zero_bubble = at_line(cat, 253);
        REQUIRE(zero_bubble);
        CHECK(zero_bubble->title == "zero-bubble-pipeline-parallelism");
        CHECK(zero_bubble->venue == "ICLR");
        CHECK(zero_bubble->year == 2024);
    }
}

TEST_CASE("a date alone in the venue column gives the year and no venue", "[catalog]") {
    const auto cat = aisys::parse_list("## Decoding\n\n"
                                       "| Title | Paper | Pub. & Date |\n|---|---|---|\n"
                                       "| Gadwall: Lookahead Trees | [p](https://arxiv.org/abs/2402.01234) | Feb,2024 |\n"
                                       "| Pintail: Early Exits | [p](https://example.org/pintail.pdf) | Nov. 2024 |\n"
                                       "| Wigeon: KV Reuse | [p](https://example.org/wigeon.pdf) | July'24 |\n"
                                       "| Teal: Draft Models | [p](https://example.org/teal.pdf) | Tech report, Oct 13 2025 |\n"
                                       "| [Garganey: Linked Title](https://github.com/o/garganey) | - | OSDI'24 |\n",
                                       "dates.md", venues());
    REQUIRE(cat.papers.size() == 5);
    for (std::size_t i = 0; i < 3; ++i) {
        INFO(cat.papers[i].title);
        CHECK(cat.papers[i].venue.empty());
        CHECK_FALSE(cat.papers[i].venue_known);
        CHECK(cat.papers[i].year == 2024);
    }
    CHECK(cat.papers[0].arxiv_id == "2402.01234");
    CHECK(cat.papers[3].venue == "Tech report, Oct 13 2025");
    CHECK(cat.papers[3].year == 2025);
    // A link in the title cell is the paper's link when no other column gives one.
    CHECK(cat.papers[4].title == "Garganey: Linked Title");
    CHECK(cat.papers[4].repo == "https://github.com/o/garganey");
    CHECK(cat.papers[4].venue == "OSDI");
    REQUIRE(cat.problems.size() == 1);  // the tech report's venue only
    CHECK(cat.problems[0].line == 8);
}

TEST_CASE("a role word that is also a venue stays the venue", "[catalog]") {
    const auto cat = aisys::parse_list(
        "## X\n- [Scaup: Sparse Attention](https://github.com/o/scaup) arXiv [2402.04321](https://arxiv.org/abs/2402.04321)\n",
        "role.md", venues());
    REQUIRE(cat.papers.size() == 1);
    CHECK(cat.papers[0].venue == "arXiv");
    CHECK(cat.papers[0].arxiv_id == "2402.04321");
    CHECK(cat.papers[0].year == 2024);
    CHECK(cat.papers[0].paper_url == "https://arxiv.org/abs/2402.04321");
    CHECK(cat.papers[0].repo == "https://github.com/o/scaup");
}

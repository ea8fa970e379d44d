#include <catch2/catch.hpp>

#include <aisys/error.hpp>
#include <aisys/venue.hpp>

#include "support.hpp"

#include <string>

namespace {

const aisys::VenueTable& table() {
    static const aisys::VenueTable t = aisys::VenueTable::load(aisys::test::venue_table());
    return t;
}

struct Expect {
    const char* input;
    const char* venue;
    const char* kind;
    int year;  // 0: no year
};

void check_known(const Expect& e) {
    INFO("venue text: '" << e.input << "'");
    const aisys::VenueInfo info = table().normalise(e.input);
    CHECK(info.venue == e.venue);
    CHECK(info.kind == e.kind);
    CHECK(info.known);
    if (e.year) {
        REQUIRE(info.year.has_value());
        CHECK(*info.year == e.year);
    } else {
        CHECK_FALSE(info.year.has_value());
    }
    CHECK(info.arxiv_id.empty());
}

} // namespace

TEST_CASE("the shipped venue table loads and finds venues", "[venue]") {
    const auto& t = table();
    CHECK(t.venues().size() >= 40);
    const aisys::Venue* osdi = t.find("OSDI");
    REQUIRE(osdi != nullptr);
    CHECK(osdi->name == "OSDI");
    CHECK(osdi->kind == "conference");
    CHECK(osdi->full_name == "USENIX Symposium on Operating Systems Design and Implementation");
    CHECK(t.find("osdi") == osdi);
    CHECK(t.find("USENIX  OSDI") == osdi);
    CHECK(t.find("  usenix osdi ") == osdi);
    REQUIRE(t.find("tpds") != nullptr);
    CHECK(t.find("tpds")->kind == "journal");
    REQUIRE(t.find("PVLDB") != nullptr);
    CHECK(t.find("PVLDB")->name == "VLDB");
    REQUIRE(t.find("arxiv preprint") != nullptr);
    CHECK(t.find("arxiv preprint")->name == "arXiv");
    CHECK(t.find("arxiv preprint")->kind == "preprint");
    CHECK(t.find("NotAVenue") == nullptr);
    CHECK(t.find("") == nullptr);
}

TEST_CASE("normalise resolves 'YY venues of the default list", "[venue]") {
    for (const Expect& e : {
             Expect{"NSDI'23", "NSDI", "conference", 2023},
             Expect{"OSDI'20", "OSDI", "conference", 2020},
             Expect{"TC'21", "TC", "journal", 2021},
             Expect{"TPDS'22", "TPDS", "journal", 2022},
             Expect{"VLDB'22", "VLDB", "conference", 2022},
             Expect{"ASPLOS'23", "ASPLOS", "conference", 2023},
             Expect{"ASPLOS'22", "ASPLOS", "conference", 2022},
             Expect{"SC'22", "SC", "conference", 2022},
             Expect{"ATC'22", "ATC", "conference", 2022},
             Expect{"  ASPLOS'23 ", "ASPLOS", "conference", 2023},
         })
        check_known(e);
}

TEST_CASE("normalise is case-insensitive and reads several year spellings", "[venue]") {
    for (const Expect& e : {
             Expect{"nsdi'23", "NSDI", "conference", 2023},
             Expect{"Osdi 2020", "OSDI", "conference", 2020},
             Expect{"OSDI 25", "OSDI", "conference", 2025},
             Expect{"Eurosys'25 Best Paper", "EuroSys", "conference", 2025},
             Expect{"MLSYS'24", "MLSys", "conference", 2024},
             Expect{"{NSDI}'23", "NSDI", "conference", 2023},
             Expect{"{USENIX} {ATC}'22", "ATC", "conference", 2022},
             Expect{"(OSDI'20)", "OSDI", "conference", 2020},
             Expect{"OSDI’20", "OSDI", "conference", 2020},
             Expect{"SOSP '19", "SOSP", "conference", 2019},
             Expect{"ISCA'99", "ISCA", "conference", 1999},
             Expect{"NeurIPS 2022", "NeurIPS", "conference", 2022},
             Expect{"nips'18", "NeurIPS", "conference", 2018},
             Expect{"IEEE TPDS 2021", "TPDS", "journal", 2021},
             Expect{"OSDI", "OSDI", "conference", 0},
         })
        check_known(e);
}

TEST_CASE("normalise reads arXiv ids and bare arXiv", "[venue]") {
    const auto full = table().normalise("arXiv preprint arXiv:2103.13262");
    CHECK(full.venue == "arXiv");
    CHECK(full.kind == "preprint");
    CHECK(full.known);
    CHECK(full.arxiv_id == "2103.13262");
    REQUIRE(full.year.has_value());
    CHECK(*full.year == 2021);

    const auto versioned = table().normalise("arXiv:2305.01234v2");
    CHECK(versioned.venue == "arXiv");
    CHECK(versioned.kind == "preprint");
    CHECK(versioned.arxiv_id == "2305.01234");
    REQUIRE(versioned.year.has_value());
    CHECK(*versioned.year == 2023);

    for (const char* bare : {"arxiv", "arXiv", "ARXIV", " arxiv "}) {
        INFO("venue text: '" << bare << "'");
        const auto info = table().normalise(bare);
        CHECK(info.venue == "arXiv");
        CHECK(info.kind == "preprint");
        CHECK(info.known);
        CHECK_FALSE(info.year.has_value());
        CHECK(info.arxiv_id.empty());
    }
}

TEST_CASE("normalise keeps unknown venues as written", "[venue]") {
    const auto info = table().normalise("Tech report, Oct 13 2025");
    CHECK_FALSE(info.known);
    CHECK(info.venue == "Tech report, Oct 13 2025");
    CHECK(info.kind.empty());
    REQUIRE(info.year.has_value());
    CHECK(*info.year == 2025);
    CHECK(info.arxiv_id.empty());

    const auto no_year = table().normalise("Some Workshop");
    CHECK_FALSE(no_year.known);
    CHECK(no_year.venue == "Some Workshop");
    CHECK(no_year.kind.empty());
    CHECK_FALSE(no_year.year.has_value());
}

TEST_CASE("normalise of empty text gives no venue", "[venue]") {
    for (const char* empty : {"", "   ", "\t\n", " - ", "()"}) {
        INFO("venue text: '" << empty << "'");
        const auto info = table().normalise(empty);
        CHECK(info.venue.empty());
        CHECK(info.kind.empty());
        CHECK_FALSE(info.known);
        CHECK_FALSE(info.year.has_value());
        CHECK(info.arxiv_id.empty());
    }
}

TEST_CASE("VenueTable::parse reads rows, comments and aliases", "[venue]") {
    const auto t = aisys::VenueTable::parse(
        "# a comment\n"
        "\n"
        "FOO\tFoo Conference\tconference\tfoo conf, The  Foo \n"
        "JBAR\tJournal of Bar\tjournal\r\n"
        "PRE\tPreprints\tpreprint\t\n");
    REQUIRE(t.venues().size() == 3);
    CHECK(t.venues()[0].name == "FOO");
    CHECK(t.venues()[0].full_name == "Foo Conference");
    CHECK(t.venues()[0].kind == "conference");
    CHECK(t.venues()[1].kind == "journal");
    CHECK(t.venues()[2].kind == "preprint");
    REQUIRE(t.find("the foo") != nullptr);
    CHECK(t.find("the foo")->name == "FOO");
    REQUIRE(t.find("FOO CONF") != nullptr);
    CHECK(t.find("jbar") == &t.venues()[1]);
    CHECK(t.find("Journal of Bar") == nullptr);  // full names are not aliases

    const auto info = t.normalise("The Foo'24");
    CHECK(info.venue == "FOO");
    CHECK(info.known);
    REQUIRE(info.year.has_value());
    CHECK(*info.year == 2024);
    // A venue of the shipped table is unknown to this one.
    CHECK_FALSE(t.normalise("OSDI'20").known);

    CHECK(aisys::VenueTable::parse("").venues().empty());
    CHECK(aisys::VenueTable::parse("# only a comment\n\n").venues().empty());
}

TEST_CASE("VenueTable::parse throws on malformed rows", "[venue]") {
    CHECK_THROWS_AS(aisys::VenueTable::parse("FOO\tFoo Conference\tworkshop\t\n"), aisys::Error);
    CHECK_THROWS_AS(aisys::VenueTable::parse("FOO\tFoo Conference\n"), aisys::Error);
    CHECK_THROWS_AS(aisys::VenueTable::parse("FOO\n"), aisys::Error);
    CHECK_THROWS_AS(aisys::VenueTable::parse("\tFoo Conference\tconference\t\n"), aisys::Error);
    CHECK_THROWS_AS(aisys::VenueTable::parse("FOO\tFoo\tConference\t\n"), aisys::Error);  // kind is case-sensitive
    // The message names the offending line.
    CHECK_THROWS_WITH(aisys::VenueTable::parse("# c\nOK\tOk\tjournal\t\nBAD\tBad\tmagazine\t\n"),
                      Catch::Contains("line 3") && Catch::Contains("magazine"));
    CHECK_THROWS_WITH(aisys::VenueTable::parse("OK\tOk\tjournal\t\nBAD only\n"), Catch::Contains("line 2"));
}

TEST_CASE("VenueTable::load throws on a missing or malformed file", "[venue]") {
    aisys::test::TempDir dir;
    CHECK_THROWS_AS(aisys::VenueTable::load((dir.path() / "absent.tsv").string()), aisys::Error);
    CHECK_THROWS_AS(aisys::VenueTable::load(dir.str()), aisys::Error);
    const auto bad = dir.path() / "bad.tsv";
    aisys::test::write_file(bad, "FOO\tFoo\tsymposium\t\n");
    CHECK_THROWS_AS(aisys::VenueTable::load(bad.string()), aisys::Error);
    const auto good = dir.path() / "good.tsv";
    aisys::test::write_file(good, "FOO\tFoo\tconference\tfu\n");
    const auto t = aisys::VenueTable::load(good.string());
    REQUIRE(t.venues().size() == 1);
    CHECK(t.find("FU") == &t.venues()[0]);
}

TEST_CASE("the venue table knows systems, ML, architecture, HPC, database and PL venues", "[venue]") {
    const auto& t = table();
    struct Row {
        const char* spelling;
        const char* name;
        const char* kind;
    };
    for (const Row& r : {
             Row{"USENIX Symposium on Operating Systems Design and Implementation", "OSDI", "conference"},
             Row{"usenix atc", "ATC", "conference"},
             Row{"USENIXATC", "ATC", "conference"},
             Row{"SysML", "MLSys", "conference"},
             Row{"supercomputing", "SC", "conference"},
             Row{"Proceedings of the VLDB Endowment", "VLDB", "conference"},
             Row{"Advances in Neural Information Processing Systems", "NeurIPS", "conference"},
             Row{"International Conference on Machine Learning", "ICML", "conference"},
             Row{"SIGKDD", "KDD", "conference"},
             Row{"IJCAI", "IJCAI", "conference"},
             Row{"NAACL", "NAACL", "conference"},
             Row{"COLING", "COLING", "conference"},
             Row{"ICCV", "ICCV", "conference"},
             Row{"ECCV", "ECCV", "conference"},
             Row{"WWW", "WWW", "conference"},
             Row{"OOPSLA", "OOPSLA", "conference"},
             Row{"CC", "CC", "conference"},
             Row{"POPL", "POPL", "conference"},
             Row{"HotCloud", "HotCloud", "conference"},
             Row{"HotNets", "HotNets", "conference"},
             Row{"SenSys", "SenSys", "conference"},
             Row{"ICDCS", "ICDCS", "conference"},
             Row{"ICCAD", "ICCAD", "conference"},
             Row{"FPGA", "FPGA", "conference"},
             Row{"DATE", "DATE", "conference"},
             Row{"ISSCC", "ISSCC", "conference"},
             Row{"INFOCOM", "INFOCOM", "conference"},
             Row{"IWQoS", "IWQoS", "conference"},
             Row{"IEEE Transactions on Parallel and Distributed Systems", "TPDS", "journal"},
             Row{"IEEE Transactions on Computers", "TC", "journal"},
             Row{"TACO", "TACO", "journal"},
             Row{"TMLR", "TMLR", "journal"},
             Row{"Transactions on Machine Learning Research", "TMLR", "journal"},
             Row{"ACM Computing Surveys", "CSUR", "journal"},
             Row{"EuroMLSys", "EuroMLSys", "conference"},
         }) {
        INFO("spelling: '" << r.spelling << "'");
        const aisys::Venue* v = t.find(r.spelling);
        REQUIRE(v != nullptr);
        CHECK(v->name == r.name);
        CHECK(v->kind == r.kind);
    }
}

TEST_CASE("normalise reads glued, spaced and two-digit years", "[venue]") {
    for (const Expect& e : {
             Expect{"SC 22", "SC", "conference", 2022},
             Expect{"NIPS 18", "NeurIPS", "conference", 2018},
             Expect{"OSDI'20", "OSDI", "conference", 2020},
             Expect{"OSDI\xE2\x80\x99" "20", "OSDI", "conference", 2020},
             Expect{"SOSP2019", "SOSP", "conference", 2019},
             Expect{"MLSys2024", "MLSys", "conference", 2024},
             Expect{"[MLSys2024]", "MLSys", "conference", 2024},
             Expect{"NeurIPS'23", "NeurIPS", "conference", 2023},
             Expect{"ICML 2024", "ICML", "conference", 2024},
             Expect{"(*ASPLOS 2023*)", "ASPLOS", "conference", 2023},
             Expect{"ACL 2024 Findings", "ACL", "conference", 2024},
             Expect{"EMNLP Findings", "EMNLP", "conference", 0},
             Expect{"Findings of EMNLP 2023", "EMNLP", "conference", 2023},
             Expect{"In 20th USENIX Symposium on Networked Systems Design and Implementation (NSDI 23)", "NSDI",
                    "conference", 2023},
             Expect{"Proceedings of the 29th Symposium on Operating Systems Principles", "SOSP", "conference", 0},
             Expect{"Proceedings of the VLDB Endowment", "VLDB", "conference", 0},
             Expect{"Advances in Neural Information Processing Systems 35 (2022)", "NeurIPS", "conference", 2022},
             Expect{"USENIX ATC 2023", "ATC", "conference", 2023},
             Expect{"SC 2023", "SC", "conference", 2023},
             Expect{"TACO'24", "TACO", "journal", 2024},
             Expect{"HotOS workshop 2021", "HotOS", "conference", 2021},
         })
        check_known(e);
}

TEST_CASE("normalise gives a workshop of a known conference the host venue and kind workshop", "[venue]") {
    for (const Expect& e : {
             Expect{"ICLR 2024 Workshop on Reliable and Responsible Foundation Models", "ICLR", "workshop", 2024},
             Expect{"MLSys workshop", "MLSys", "workshop", 0},
             Expect{"NeurIPS'23 Workshop", "NeurIPS", "workshop", 2023},
             Expect{"Workshop on ML for Systems at NeurIPS 2022", "NeurIPS", "workshop", 2022},
         })
        check_known(e);
}

TEST_CASE("normalise reads an arXiv id with a year in parentheses", "[venue]") {
    const auto info = table().normalise("arXiv preprint arXiv:2103.13262 (2021)");
    CHECK(info.venue == "arXiv");
    CHECK(info.kind == "preprint");
    CHECK(info.known);
    CHECK(info.arxiv_id == "2103.13262");
    REQUIRE(info.year.has_value());
    CHECK(*info.year == 2021);
}

TEST_CASE("find_in finds a venue and its year inside free text", "[venue]") {
    struct Hit {
        const char* text;
        const char* venue;
        int year;
        const char* mention;  // text[begin, end)
    };
    for (const Hit& h : {
             Hit{"Crankshaw, Daniel, et al. \"Clipper: A Low-Latency Online Prediction Serving System.\" NSDI 17.", "NSDI",
                 2017, "NSDI 17"},
             Hit{"by Yaoyao Ding et al., ASPLOS 2023", "ASPLOS", 2023, "ASPLOS 2023"},
             Hit{"[MLSys2024] Some Title", "MLSys", 2024, "MLSys2024"},
             Hit{"A system for serving (OSDI'22)", "OSDI", 2022, "OSDI'22"},
             Hit{"Paper title (OSDI\xE2\x80\x99" "22) more", "OSDI", 2022, "OSDI\xE2\x80\x99" "22"},
             Hit{"Published at SC 22 in Dallas", "SC", 2022, "SC 22"},
             Hit{"NIPS 18 spotlight", "NeurIPS", 2018, "NIPS 18"},
             Hit{"sosp2019 best paper", "SOSP", 2019, "sosp2019"},
             Hit{"(*ASPLOS 2023*)", "ASPLOS", 2023, "ASPLOS 2023"},
             Hit{"ICML-2024 oral", "ICML", 2024, "ICML-2024"},
             Hit{"Accepted at 2023 OSDI.", "OSDI", 2023, "2023 OSDI"},
             Hit{"Advances in Neural Information Processing Systems 2022", "NeurIPS", 2022,
                 "Advances in Neural Information Processing Systems 2022"},
             Hit{"In 20th USENIX Symposium on Networked Systems Design and Implementation (NSDI 23)", "NSDI", 2023,
                 "NSDI 23"},
             Hit{"Llama 2 serving at EuroSys'25", "EuroSys", 2025, "EuroSys'25"},
             Hit{"ACL 2024 Findings", "ACL", 2024, "ACL 2024"},
             Hit{"CC 2021: compiler paper", "CC", 2021, "CC 2021"},
             Hit{"WWW '24", "WWW", 2024, "WWW '24"},
         }) {
        INFO("text: '" << h.text << "'");
        const std::string text = h.text;
        const auto m = table().find_in(text);
        REQUIRE(m.has_value());
        CHECK(m->venue == h.venue);
        REQUIRE(m->year.has_value());
        CHECK(*m->year == h.year);
        REQUIRE(m->begin <= m->end);
        REQUIRE(m->end <= text.size());
        CHECK(text.substr(m->begin, m->end - m->begin) == h.mention);
    }
    const auto kind = table().find_in("see TPDS 2021");
    REQUIRE(kind.has_value());
    CHECK(kind->kind == "journal");
}

TEST_CASE("find_in does not fire on ordinary words", "[venue]") {
    for (const char* text : {
             "Scaling SC workloads",
             "CC-BY 4.0",
             "GPT-4",
             "Llama 2",
             "Llama 2 and GPT-4 are models",
             "a fast date for micro batches in 2023",
             "licensed under CC-BY 2020",
             "The middleware 2020 rewrite",
             "Tech report, Oct 13 2025",
             "NSDI",
             "OSDI is great",
             "SC123 and TC5",
             "ISCA 2.5x faster",
             "scaling to 22 GPUs",
             "",
         }) {
        INFO("text: '" << text << "'");
        CHECK_FALSE(table().find_in(text).has_value());
    }
}

TEST_CASE("find_in without require_year finds a bare venue name", "[venue]") {
    const std::string text = "Scaling SC workloads";
    const auto m = table().find_in(text, false);
    REQUIRE(m.has_value());
    CHECK(m->venue == "SC");
    CHECK_FALSE(m->year.has_value());
    CHECK(text.substr(m->begin, m->end - m->begin) == "SC");

    const auto first = table().find_in("OSDI and later NSDI 23", false);
    REQUIRE(first.has_value());
    CHECK(first->venue == "OSDI");
    CHECK_FALSE(first->year.has_value());

    for (const char* text2 : {"CC-BY 4.0", "GPT-4", "Llama 2", "scaling sc workloads", "a fast date", "cc"}) {
        INFO("text: '" << text2 << "'");
        CHECK_FALSE(table().find_in(text2, false).has_value());
    }
}

TEST_CASE("find_in is fast enough for ten thousand entries", "[venue]") {
    const std::string entry =
        "- [Orca: A Distributed Serving System for Transformer-Based Generative Models](https://example.org/p) "
        "Gyeong-In Yu et al., a long description of the system that does not name any venue at all until the end. OSDI'22";
    std::size_t found = 0;
    for (int i = 0; i < 10000; ++i)
        if (table().find_in(entry)) ++found;
    CHECK(found == 10000);
}

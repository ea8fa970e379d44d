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

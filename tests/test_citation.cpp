// Citation export: BibTeX keys and entries, CSL-JSON, JSONL, and the
// commands that print them (show --bibtex, search --bibtex, export), the
// BibTeX checked by a real BibTeX parser when the machine has one.

#include "fixtures.hpp"
#include "support.hpp"

#include "cli/citation.hpp"

#include <aisys/paper.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>

using aisys::Paper;
using aisys::test::make_paper;
using aisys::test::run_cli;
using aisys::test::RunResult;
using aisys::test::TempDir;
using aisys::test::venues;
using nlohmann::json;
namespace cli = aisys::cli;

namespace {

Paper gavel() {
    Paper p = make_paper("gavel", "Heterogeneity-Aware Cluster Scheduling Policies for Deep Learning Workloads", "", "", "OSDI",
                         2020);
    p.authors = {"Deepak Narayanan", "Keshav Santhanam", "Fiodar Kazhamiaka"};
    p.repo = "https://github.com/stanford-futuredata/gavel";
    p.paper_url = "https://www.usenix.org/conference/osdi20/presentation/narayanan-deepak";
    return p;
}

// The keys of a BibTeX text, in order.
std::vector<std::string> bibtex_keys(const std::string& bib) {
    std::vector<std::string> keys;
    for (std::size_t at = bib.find('@'); at != std::string::npos; at = bib.find("\n@", at + 1)) {
        const auto open = bib.find('{', at), comma = bib.find(',', at);
        keys.push_back(bib.substr(open + 1, comma - open - 1));
    }
    return keys;
}

// An index of `papers` the binary can read, and runs of the binary on it.
struct CliIndex {
    TempDir tmp;
    std::string dir = (tmp.path() / "db").string();
    explicit CliIndex(const std::vector<Paper>& papers) { aisys::test::build_test_index(dir, papers); }
    RunResult run(std::vector<std::string> args) const {
        args.insert(args.end(), {"--db", dir});
        return run_cli(args);
    }
};

// A python3 that can import bibtexparser, or "".
std::string python_with_bibtexparser() {
    for (const std::string python : {"/usr/bin/python3", "python3"})
        if (std::system((python + " -c 'import bibtexparser' >/dev/null 2>&1").c_str()) == 0) return python;
    return {};
}

} // namespace

TEST_CASE("a citation key is the first author's surname, the year and the first significant title word", "[citation]") {
    CHECK(cli::citation_key_base(gavel()) == "narayanan2020heterogeneity");

    Paper comma = gavel();
    comma.authors = {"Narayanan, Deepak"};
    CHECK(cli::citation_key_base(comma) == "narayanan2020heterogeneity");

    SECTION("without authors, the paper's name stands for the surname") {
        Paper p = gavel();
        p.authors.clear();
        CHECK(cli::citation_key_base(p) == "gavel2020heterogeneity");
        p.id = "2008.09213";
        p.title = "Gavel: Heterogeneity-Aware Cluster Scheduling";
        CHECK(cli::citation_key_base(p) == "gavel2020heterogeneity");
    }
    SECTION("words that say nothing are skipped") {
        Paper p = gavel();
        p.title = "On the Use of GPUs for Training";
        CHECK(cli::citation_key_base(p) == "narayanan2020use");
        p.title = "A 100x Faster Index";
        CHECK(cli::citation_key_base(p) == "narayanan2020100x");
        p.title = "The 100 Fastest Indexes";
        CHECK(cli::citation_key_base(p) == "narayanan2020fastest");
    }
    SECTION("stable: the same paper gets the same key every time") {
        CHECK(cli::citation_key_base(gavel()) == cli::citation_key_base(gavel()));
    }
}

TEST_CASE("clashing keys get a, b, c suffixes in the order of the papers' ids", "[citation]") {
    Paper a = gavel(), b = gavel(), c = gavel(), other = gavel();
    a.id = "zeta";
    b.id = "alpha";
    c.id = "mid";
    other.year = 2021;
    for (const auto& order : {std::vector<Paper>{a, b, c, other}, std::vector<Paper>{c, other, a, b}}) {
        cli::CitationKeys keys;
        for (const auto& p : order) keys.count(p);
        CHECK(keys.key(b) == "narayanan2020heterogeneitya");
        CHECK(keys.key(c) == "narayanan2020heterogeneityb");
        CHECK(keys.key(a) == "narayanan2020heterogeneityc");
        CHECK(keys.key(other) == "narayanan2021heterogeneity");
    }
}

TEST_CASE("a conference paper is @inproceedings with the venue's full name as booktitle", "[citation]") {
    const std::string bib = cli::bibtex_entry(gavel(), "narayanan2020heterogeneity", venues());
    CHECK(bib.rfind("@inproceedings{narayanan2020heterogeneity,\n", 0) == 0);
    CHECK(bib.find("  booktitle = {USENIX Symposium on Operating Systems Design and Implementation},\n") != std::string::npos);
    CHECK(bib.find("  author = {Deepak Narayanan and Keshav Santhanam and Fiodar Kazhamiaka},\n") != std::string::npos);
    CHECK(bib.find("  title = {{Heterogeneity-Aware Cluster Scheduling Policies for Deep Learning Workloads}},\n") !=
          std::string::npos);
    CHECK(bib.find("  year = {2020},\n") != std::string::npos);
    CHECK(bib.find("  url = {https://www.usenix.org/conference/osdi20/presentation/narayanan-deepak},\n") != std::string::npos);
    CHECK(bib.find("  code = {https://github.com/stanford-futuredata/gavel}\n}\n") != std::string::npos);
    CHECK(bib.find("eprint") == std::string::npos);

    SECTION("the venue's version wins over the arXiv one, whose id is added") {
        Paper p = gavel();
        p.arxiv_id = "2008.09213";
        const std::string both = cli::bibtex_entry(p, "k", venues());
        CHECK(both.rfind("@inproceedings{k,", 0) == 0);
        CHECK(both.find("  eprint = {2008.09213},\n  archivePrefix = {arXiv},\n") != std::string::npos);
    }
}

TEST_CASE("a journal paper is @article with the journal's full name", "[citation]") {
    Paper p = make_paper("tpds-paper", "Scheduling in the Large", "", "", "TPDS", 2022);
    p.doi = "10.1109/tpds.2022.1234567";
    const std::string bib = cli::bibtex_entry(p, "k", venues());
    CHECK(bib.rfind("@article{k,", 0) == 0);
    CHECK(bib.find("  journal = {IEEE Transactions on Parallel and Distributed Systems},\n") != std::string::npos);
    CHECK(bib.find("  doi = {10.1109/tpds.2022.1234567},\n") != std::string::npos);
    CHECK(bib.find("  url = {https://doi.org/10.1109/tpds.2022.1234567},\n") != std::string::npos);
}

TEST_CASE("a preprint, or a paper without a venue, is @misc with its arXiv id as eprint", "[citation]") {
    Paper p = make_paper("moe-preprint", "Sparse Experts at Scale", "", "", "arXiv", 2023);
    p.arxiv_id = "2301.01234";
    const std::string bib = cli::bibtex_entry(p, "k", venues());
    CHECK(bib.rfind("@misc{k,", 0) == 0);
    CHECK(bib.find("  eprint = {2301.01234},\n  archivePrefix = {arXiv},\n") != std::string::npos);
    CHECK(bib.find("  url = {https://arxiv.org/abs/2301.01234},\n") != std::string::npos);
    CHECK(bib.find("booktitle") == std::string::npos);

    Paper none = make_paper("no-venue", "A Tool", "", "", "", 2023);
    CHECK(cli::bibtex_entry(none, "k", venues()).rfind("@misc{k,", 0) == 0);
}

TEST_CASE("TeX specials are escaped and other UTF-8 kept", "[citation]") {
    CHECK(cli::tex_escape("R&D at 100% for $5 #1 snake_case") == "R\\&D at 100\\% for \\$5 \\#1 snake\\_case");
    CHECK(cli::tex_escape("{x} ~ ^ \\") == "\\textbraceleft{}x\\textbraceright{} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}");
    Paper p = make_paper("odd", "Müller & Co_: 100% λDNN", "", "", "OSDI", 2021);
    p.authors = {"José Müller"};
    const std::string bib = cli::bibtex_entry(p, "k", venues());
    CHECK(bib.find("  title = {{Müller \\& Co\\_: 100\\% λDNN}},\n") != std::string::npos);
    CHECK(bib.find("  author = {José Müller},\n") != std::string::npos);
}

TEST_CASE("CSL-JSON items carry the key, type, authors, year, container and links", "[citation]") {
    Paper p = gavel();
    p.doi = "10.5555/3488766.3488792";
    const json item = cli::csl_item(p, "narayanan2020heterogeneity", venues());
    CHECK(item.at("id") == "narayanan2020heterogeneity");
    CHECK(item.at("type") == "paper-conference");
    CHECK(item.at("author").at(0) == json({{"family", "Narayanan"}, {"given", "Deepak"}}));
    CHECK(item.at("issued") == json::parse(R"({"date-parts":[[2020]]})"));
    CHECK(item.at("container-title") == "USENIX Symposium on Operating Systems Design and Implementation");
    CHECK(item.at("DOI") == "10.5555/3488766.3488792");
    CHECK(item.at("URL") == p.paper_url);
    CHECK(cli::csl_item(make_paper("j", "J", "", "", "TPDS"), "k", venues()).at("type") == "article-journal");
    CHECK(cli::csl_item(make_paper("m", "M", "", "", "arXiv"), "k", venues()).at("type") == "article");
}

TEST_CASE("show --bibtex prints one entry, export every paper in each format", "[citation][e2e]") {
    Paper preprint = make_paper("moe-preprint", "Sparse Experts at Scale", "", "", "arXiv", 2023);
    preprint.arxiv_id = "2301.01234";
    const CliIndex db({gavel(), preprint, make_paper("tpds-paper", "Scheduling in the Large", "", "", "TPDS", 2022)});

    const auto show = db.run({"show", "gavel", "--bibtex"});
    INFO(show.err);
    REQUIRE(show.exit_code == 0);
    CHECK(bibtex_keys(show.out) == std::vector<std::string>{"narayanan2020heterogeneity"});
    CHECK(show.out.find("booktitle = {USENIX Symposium on Operating Systems Design and Implementation}") != std::string::npos);

    const auto bib = db.run({"export"});
    REQUIRE(bib.exit_code == 0);
    auto keys = bibtex_keys(bib.out);
    std::sort(keys.begin(), keys.end());
    CHECK(keys == std::vector<std::string>{"moe2023sparse", "narayanan2020heterogeneity", "tpds2022scheduling"});

    const auto csl = db.run({"export", "--format", "csl-json"});
    REQUIRE(csl.exit_code == 0);
    const json items = json::parse(csl.out);
    REQUIRE(items.is_array());
    CHECK(items.size() == 3);

    const auto jsonl = db.run({"export", "--format", "jsonl"});
    REQUIRE(jsonl.exit_code == 0);
    std::istringstream lines(jsonl.out);
    std::vector<std::string> ids;
    for (std::string line; std::getline(lines, line);) ids.push_back(aisys::paper_from_json(line).id);
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<std::string>{"gavel", "moe-preprint", "tpds-paper"});

    CHECK(db.run({"export", "--format", "ris"}).exit_code == 2);
    const auto both = db.run({"show", "gavel", "--bibtex", "--json"});
    CHECK(both.exit_code == 2);
    CHECK(both.out.empty());
}

TEST_CASE("export takes the search's filters and query", "[citation][e2e]") {
    std::vector<Paper> papers = {gavel(), make_paper("a", "Scheduling Deep Learning Jobs", "", "", "NSDI", 2021),
                                 make_paper("b", "Serving Models Fast", "", "", "OSDI", 2022),
                                 make_paper("c", "Storage for Checkpoints", "", "", "FAST", 2022)};
    const CliIndex db(papers);

    const auto osdi = db.run({"export", "--venue", "osdi"});
    INFO(osdi.err);
    REQUIRE(osdi.exit_code == 0);
    auto keys = bibtex_keys(osdi.out);
    std::sort(keys.begin(), keys.end());
    CHECK(keys == std::vector<std::string>{"b2022serving", "narayanan2020heterogeneity"});

    const auto query = db.run({"export", "scheduling", "--year", "2021..", "--format", "csl-json"});
    REQUIRE(query.exit_code == 0);
    const json items = json::parse(query.out);
    REQUIRE(items.size() == 1);
    CHECK(items.at(0).at("id") == "a2021scheduling");

    const auto excluded = db.run({"export", "scheduling", "-cluster"});
    INFO(excluded.err);
    CHECK(bibtex_keys(excluded.out) == std::vector<std::string>{"a2021scheduling"});

    const auto nothing = db.run({"export", "--venue", "sosp"});
    CHECK(nothing.exit_code == 1);
    CHECK(nothing.out.empty());
}

TEST_CASE("search --bibtex prints every match, not a page, unless --limit is given", "[citation][e2e]") {
    std::vector<Paper> papers;
    for (int i = 0; i < 23; ++i)
        papers.push_back(make_paper("sched" + std::to_string(i), "Cluster Scheduling Study " + std::to_string(i), "", "", "OSDI",
                                    2000 + i));
    papers.push_back(make_paper("other", "Serving Models Fast", "", "", "OSDI", 2022));
    const CliIndex db(papers);

    const auto all = db.run({"search", "scheduling", "--bibtex"});
    INFO(all.err);
    REQUIRE(all.exit_code == 0);
    const auto keys = bibtex_keys(all.out);
    CHECK(keys.size() == 23);
    CHECK(std::find(keys.begin(), keys.end(), "other2022serving") == keys.end());
    CHECK(std::set<std::string>(keys.begin(), keys.end()).size() == keys.size());

    CHECK(bibtex_keys(db.run({"search", "scheduling", "--bibtex", "--limit", "3"}).out).size() == 3);
    CHECK(db.run({"search", "nonexistentword", "--bibtex", "--exact"}).exit_code == 1);
}

TEST_CASE("the BibTeX output reads back with a real BibTeX parser", "[citation][e2e]") {
    const std::string python = python_with_bibtexparser();
    if (python.empty()) {
        WARN("skipped: python3-bibtexparser is not installed (./setup.sh installs it)");
        return;
    }
    Paper tricky = make_paper("tricky", "R&D_Stuff: 100% {Braces} ~ ^ \\ for $5 #1 — Müller", "", "", "OSDI", 2021);
    tricky.authors = {"José Müller", "O'Brien, Pat"};
    tricky.arxiv_id = "2101.00001";
    Paper twin = tricky;
    twin.id = "tricky-twin";
    Paper preprint = make_paper("moe-preprint", "Sparse Experts at Scale", "", "", "arXiv", 2023);
    preprint.arxiv_id = "2301.01234";
    const CliIndex db({gavel(), tricky, twin, preprint, make_paper("tpds-paper", "In the Large", "", "", "TPDS", 2022)});
    const auto bib = db.run({"export"});
    REQUIRE(bib.exit_code == 0);

    const TempDir tmp;
    const auto file = tmp.path() / "out.bib";
    aisys::test::write_file(file, bib.out);
    const auto listing = tmp.path() / "entries.txt";
    const std::string script =
        "import bibtexparser, sys\n"
        "db = bibtexparser.load(open(sys.argv[1], encoding='utf-8'))\n"
        "with open(sys.argv[2], 'w', encoding='utf-8') as out:\n"
        "    for e in sorted(db.entries, key=lambda e: e['ID']):\n"
        "        out.write(e['ID'] + ' ' + e['ENTRYTYPE'] + ' ' + str(len(e)) + ' ' + e.get('title', '') + '\\n')\n";
    aisys::test::write_file(tmp.path() / "check.py", script);
    const std::string command =
        python + " '" + (tmp.path() / "check.py").string() + "' '" + file.string() + "' '" + listing.string() + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    const std::string entries = aisys::test::slurp(listing.string());
    INFO(bib.out);
    INFO(entries);
    CHECK(std::count(entries.begin(), entries.end(), '\n') == 5);
    CHECK(entries.find("moe2023sparse misc ") != std::string::npos);
    CHECK(entries.find("narayanan2020heterogeneity inproceedings ") != std::string::npos);
    CHECK(entries.find("tpds2022large article ") != std::string::npos);
    CHECK(entries.find("muller2021bracesa inproceedings ") != std::string::npos);
    CHECK(entries.find("muller2021bracesb inproceedings ") != std::string::npos);
    CHECK(entries.find("{R\\&D\\_Stuff: 100\\% \\textbraceleft{}Braces\\textbraceright{}") != std::string::npos);
}

// Bulk import (index --jsonl), the streaming and parallel build, and
// incremental rebuilds.

#include <aisys/error.hpp>
#include <aisys/index.hpp>
#include <aisys/jsonl.hpp>
#include <aisys/search.hpp>

#include "index/schema.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace aisys;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A record in the arXiv snapshot's shape, written for these tests.
std::string record(const std::string& id, const std::string& title, const std::string& abstract = "",
                   const std::string& journal_ref = "", const std::string& created = "Mon, 2 Apr 2018 19:18:42 GMT") {
    json j = {{"id", id},
              {"title", title},
              {"abstract", abstract},
              {"authors", "A. Author, B. Bauthor and C. Cauthor"},
              {"categories", "cs.DC cs.LG"},
              {"comments", "12 pages"},
              {"update_date", "2020-06-01"},
              {"versions", json::array({{{"version", "v1"}, {"created", created}}})},
              {"submitter", "ignored"}};
    if (!journal_ref.empty()) j["journal-ref"] = journal_ref;
    return j.dump();
}

void write(const fs::path& file, const std::vector<std::string>& lines) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    for (const auto& l : lines) out << l << "\n";
}

json index_json(const std::vector<std::string>& args, const std::map<std::string, std::string>& env = {}) {
    std::vector<std::string> all{"index", "--json"};
    all.insert(all.end(), args.begin(), args.end());
    const auto r = test::run_cli(all, env);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return json::parse(r.out);
}

std::vector<std::string> ids_of(const json& search) {
    std::vector<std::string> out;
    for (const auto& r : search.at("results"))
        if (!r.at("related").get<bool>()) out.push_back(r.at("id"));
    return out;
}

} // namespace

TEST_CASE("jsonl: a snapshot record becomes a paper", "[bulk]") {
    const auto venues = VenueTable::load(test::venue_table());
    std::string error;
    auto p = paper_from_arxiv_json(record("2301.00001", "Fast  GPU\n  Scheduling", "We  schedule\nGPUs.", "Proc. NSDI'23"),
                                   venues, error);
    REQUIRE(p);
    CHECK(p->id == "2301.00001");
    CHECK(p->arxiv_id == "2301.00001");
    CHECK(p->title == "Fast GPU Scheduling");
    CHECK(p->abstract == "We schedule GPUs.");
    CHECK(p->authors == std::vector<std::string>{"A. Author", "B. Bauthor", "C. Cauthor"});
    CHECK(p->categories == std::vector<std::string>{"cs.DC", "cs.LG"});
    CHECK(p->venue == "NSDI");
    CHECK(p->year == 2018);  // the first version's year, not the journal's or update_date's
    CHECK(p->paper_url == "https://arxiv.org/abs/2301.00001");

    // An unknown journal is arXiv; without versions the year is update_date's; missing fields are fine.
    p = paper_from_arxiv_json(R"({"id":"cs/0112017","title":"Old","journal-ref":"J. Obscure Stuff 12","update_date":"2007-05-23"})",
                              venues, error);
    REQUIRE(p);
    CHECK(p->venue == "arXiv");
    CHECK(p->year == 2007);
    CHECK(p->abstract.empty());
    CHECK(p->authors.empty());

    for (const auto& [line, why] : std::vector<std::pair<std::string, std::string>>{
             {"not json", "not JSON"},
             {"[1,2]", "not a JSON object"},
             {R"({"title":"no id"})", "no \"id\""},
             {R"({"id":"a b;rm","title":"x"})", "not an arXiv id"},
             {R"({"id":"2301.1"})", "no \"title\""},
             {"{\"id\":\"2301.1\",\"title\":\"bad \xff utf8\"}", "not JSON"}}) {
        INFO(line);
        error.clear();
        CHECK_FALSE(paper_from_arxiv_json(line, venues, error));
        CHECK_THAT(error, Catch::Contains(why));
    }
}

TEST_CASE("jsonl: the reader skips blank and malformed lines and names them", "[bulk]") {
    const auto venues = VenueTable::load(test::venue_table());
    std::string text = record("1", "One") + "\n\n{broken\n" + record("2", "Two") + "\n" + record("3", "Three");  // no final newline
    for (int i = 0; i < 150; ++i) text += "\nbad";
    std::istringstream in(text);
    JsonlReader reader(in, "input.jsonl", venues);
    std::vector<std::string> ids;
    while (auto p = reader.next()) {
        ids.push_back(p->id);
        CHECK(p->listings.at(0).list == "input.jsonl");
    }
    CHECK(ids == std::vector<std::string>{"1", "2", "3"});
    REQUIRE_FALSE(reader.problems().empty());
    CHECK(reader.problems()[0].line == 3);
    CHECK(reader.problem_count() == 151);
    CHECK(reader.problems().size() == JsonlReader::k_max_problems);  // bounded, whatever the input
}

TEST_CASE("jsonl: a line past the size limit is skipped without holding it", "[bulk]") {
    const auto venues = VenueTable::load(test::venue_table());
    std::string text = record("1", "Before") + "\n{\"id\":\"2\",\"title\":\"" +
                       std::string(JsonlReader::k_max_line_bytes + 10, 'x') + "\"}\n" + record("3", "After") + "\n";
    std::istringstream in(text);
    JsonlReader reader(in, "big.jsonl", venues);
    std::vector<std::string> ids;
    while (auto p = reader.next()) ids.push_back(p->id);
    CHECK(ids == std::vector<std::string>{"1", "3"});
    REQUIRE(reader.problems().size() == 1);
    CHECK(reader.problems()[0].line == 2);
    CHECK_THAT(reader.problems()[0].message, Catch::Contains("longer than"));
}

TEST_CASE("cli: index --jsonl, searched, shown and combined with a list", "[bulk]") {
    test::TempDir tmp;
    const auto file = tmp.path() / "records.jsonl";
    write(file, {record("2301.00001", "Elastic Tensor Sharding for Training", "We shard tensors elastically.", "OSDI 2022"),
                 "this line is broken",
                 record("2301.00002", "Quantised Serving of Transformers", "Serving with int4 weights."),
                 // The list below links this arXiv id: the record completes that paper.
                 record("2302.08005", "Zebra Scheduling for Training", "A distinctive zebracorn abstract.")});
    const auto list = tmp.path() / "list.md";
    std::ofstream(list) << "# My list\n\n## Training\n\n- [Zebra Scheduling for Training](https://github.com/example/zebra) "
                           "[paper](https://arxiv.org/abs/2302.08005) NSDI'23\n";
    const std::map<std::string, std::string> env = {{"AISYS_DB", (tmp.path() / "db").string()}};
    auto r = test::run_cli({"index", "--jsonl", file.string()}, env);
    REQUIRE(r.exit_code == 0);
    CHECK_THAT(r.err, Catch::Contains("records.jsonl:2: not JSON"));
    CHECK_THAT(r.out, Catch::StartsWith("indexed 3 papers"));

    auto found = json::parse(test::run_cli({"elastic sharding", "--json"}, env).out);
    CHECK(ids_of(found) == std::vector<std::string>{"2301.00001"});
    CHECK(found.at("facets").at("venue") == json{{"OSDI", 1}});
    const auto shown = json::parse(test::run_cli({"show", "2301.00002", "--json"}, env).out);
    CHECK(shown.at("title") == "Quantised Serving of Transformers");

    // With the list: its paper and the two other records, the list's paper with the record's abstract.
    const auto built = index_json({"--jsonl", file.string(), "--list", list.string()}, env);
    CHECK(built.at("papers") == 3);
    found = json::parse(test::run_cli({"zebracorn", "--json"}, env).out);
    CHECK(ids_of(found) == std::vector<std::string>{"zebra"});
    CHECK(test::run_cli({"show", "2302.08005"}, env).exit_code == 1);  // not a paper of its own
}

TEST_CASE("index: rebuilds are incremental and say what changed", "[bulk]") {
    test::TempDir tmp;
    const auto file = tmp.path() / "records.jsonl";
    const std::map<std::string, std::string> env = {{"AISYS_DB", (tmp.path() / "db").string()}};
    std::vector<std::string> lines;
    for (int i = 1; i <= 50; ++i)
        lines.push_back(record("2301.000" + std::to_string(10 + i), "Paper number " + std::to_string(i) + " on caching"));
    write(file, lines);
    auto b = index_json({"--jsonl", file.string()}, env);
    CHECK_FALSE(b.at("incremental").get<bool>());
    CHECK(b.at("added") == 50);

    b = index_json({"--jsonl", file.string()}, env);
    CHECK(b.at("incremental").get<bool>());
    CHECK(b.at("unchanged") == 50);
    CHECK(b.at("changed") == 0);

    lines[4] = record("2301.00015", "Paper number 5 on quokkas");  // changed
    lines.erase(lines.begin() + 9);                                  // 2301.00020 vanishes
    lines.push_back(record("2301.00099", "A new paper on caching"));  // added
    write(file, lines);
    b = index_json({"--jsonl", file.string()}, env);
    CHECK(b.at("changed") == 1);
    CHECK(b.at("removed") == 1);
    CHECK(b.at("added") == 1);
    CHECK(b.at("unchanged") == 48);
    CHECK(b.at("papers") == 50);
    CHECK(ids_of(json::parse(test::run_cli({"quokkas", "--json"}, env).out)) == std::vector<std::string>{"2301.00015"});
    CHECK(json::parse(test::run_cli({"caching", "--json", "--limit", "100"}, env).out).at("total") == 49);
    CHECK(test::run_cli({"show", "2301.00020"}, env).exit_code == 1);

    // --full rebuilds everything; so does a changed synonym table.
    b = index_json({"--jsonl", file.string(), "--full"}, env);
    CHECK_FALSE(b.at("incremental").get<bool>());
    const auto data = tmp.path() / "data";
    fs::create_directories(data);
    for (const char* f : {"venues.tsv", "awesome-ai-system.md", "synonyms.tsv"})
        fs::copy_file(fs::path(test::venue_table()).parent_path() / f, data / f);
    std::ofstream(data / "synonyms.tsv", std::ios::app) << "quokka\tshort tailed scrub wallaby\ttest\n";
    auto with_table = env;
    with_table["AISYS_DATA_DIR"] = data.string();
    b = index_json({"--jsonl", file.string()}, with_table);
    CHECK_FALSE(b.at("incremental").get<bool>());
    CHECK(b.at("added") == 50);
}

// A worker builds a document and hands it to the writer thread. Xapian's
// handles count references without atomics, so the worker must keep none:
// CI's AddressSanitizer once caught the writer reading a document that the
// worker's term generator, letting go of it late, had freed.
TEST_CASE("index: a built document keeps no handle in the worker's term generator", "[bulk]") {
    Paper p;
    p.id = "p1";
    p.title = "Scheduling GPUs for deep learning";
    Xapian::TermGenerator generator;
    generator.set_stemmer(schema::cached_stemmer());
    Xapian::Document doc = schema::make_document(p, generator, nullptr);
    REQUIRE(doc.termlist_count() > 0);
    // Copies of a handle share one document: a term added through one shows
    // through any other the generator still held.
    doc.add_term("XZprobe");
    CHECK(generator.get_document().termlist_count() == 0);
}

TEST_CASE("index: many building threads write the papers in input order", "[bulk]") {
    std::vector<Paper> papers;
    for (int i = 0; i < 300; ++i) {
        Paper p;
        p.id = "p" + std::to_string(i);
        p.title = "Paper " + std::to_string(i) + (i % 7 == 0 ? " with a much longer title about pipelines and GPUs" : "");
        p.abstract = std::string(static_cast<std::size_t>(i % 13) * 40, 'a') + " words";
        p.venue = "arXiv";
        papers.push_back(p);
    }
    test::TempDir one, four;
    BuildOptions o;
    o.threads = 1;
    build_index(one.str(), papers, o);
    o.threads = 4;
    build_index(four.str(), papers, o);
    SearchRequest all;
    all.filters["venue"] = {"arXiv"};
    all.limit = 1000;
    for (const auto* dir : {&one, &four}) {
        const auto r = Index::open(dir->str()).search(all);
        REQUIRE(r.hits.size() == papers.size());
        for (std::size_t i = 0; i < papers.size(); ++i) CHECK(r.hits[i].paper.id == papers[i].id);  // filter-only: input order
    }
}

// The fetch stage's pieces: link normalisation, title matching, the answer
// parsers and the disk cache.

#include <aisys/error.hpp>
#include <aisys/catalog.hpp>
#include <aisys/fetch.hpp>

#include "fetch/cache.hpp"
#include "fetch/sources.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>

#include <fstream>

namespace fs = std::filesystem;
using namespace aisys;

TEST_CASE("GitHub repository links are normalised to owner/name", "[fetch]") {
    CHECK(github_repo("https://github.com/MachineLearningSystem/Zeus") == "MachineLearningSystem/Zeus");
    CHECK(github_repo("http://www.github.com/org/repo.git") == "org/repo");
    CHECK(github_repo("https://github.com/org/repo/") == "org/repo");
    CHECK(github_repo("https://github.com/org/repo/tree/main/docs") == "org/repo");
    CHECK(github_repo("HTTPS://GitHub.com/org/repo?tab=readme#top") == "org/repo");
    CHECK(github_repo(" https://github.com/org/my_repo.v2 ") == "org/my_repo.v2");
    CHECK_FALSE(github_repo("https://gitlab.com/org/repo"));
    CHECK_FALSE(github_repo("https://github.com/org"));
    CHECK_FALSE(github_repo("https://github.com/orgs/somebody"));
    CHECK_FALSE(github_repo("ftp://github.com/org/repo"));
    CHECK_FALSE(github_repo("https://github.com/../etc"));
    CHECK_FALSE(github_repo("https://github.com/org/%2e%2e"));
    CHECK_FALSE(github_repo("https://github.com.evil.example/org/repo"));
    CHECK_FALSE(github_repo("javascript:alert(1)"));
}

TEST_CASE("title similarity ignores case, punctuation and hyphenation but not other words", "[fetch]") {
    CHECK(title_similarity("Hidet: Task-Mapping Programming Paradigm", "Hidet: Task Mapping Programming Paradigm") == 1.0);
    CHECK(title_similarity("Zeus: Understanding {GPU} Energy", "ZEUS: understanding GPU energy.") == 1.0);
    CHECK(title_similarity("Î»DNN: Predictable Training", "λDNN: Predictable Training") == 1.0);
    CHECK(title_similarity("Fast Serving of Large Models", "Fast Serving of Large Model") >= 0.9);
    CHECK(title_similarity("Fair Cluster Scheduling for Deep Learning", "Elastic Cluster Scheduling for Deep Learning") < 0.9);
    CHECK(title_similarity("Sparse Matrix Multiplication on GPUs", "Dense Tensor Contraction on TPUs") < 0.6);
    CHECK(title_similarity("", "anything") == 0.0);
}

TEST_CASE("arXiv Atom feeds are parsed, error entries skipped", "[fetch]") {
    const std::string feed = R"(<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom">
  <opensearch:totalResults>2</opensearch:totalResults>
  <entry>
    <id>http://arxiv.org/abs/2401.00001v3</id>
    <published>2024-01-02T10:00:00Z</published>
    <title>Borealis: Tiered Prompt
      Caching   for Inference</title>
    <summary>  We cache prompts
  in tiers.  </summary>
    <author><name>Ada Example</name></author>
    <author><name>Bo Sample</name></author>
    <arxiv:primary_category term="cs.DC"/>
  </entry>
  <entry>
    <id>http://arxiv.org/api/errors#incorrect_id_format_for_1234</id>
    <title>Error</title>
    <summary>incorrect id format for 1234</summary>
  </entry>
</feed>)";
    const auto entries = fetch::parse_arxiv_feed(feed);
    REQUIRE(entries.size() == 1);
    CHECK(entries[0].title == "Borealis: Tiered Prompt Caching for Inference");
    CHECK(entries[0].abstract == "We cache prompts in tiers.");
    CHECK(entries[0].arxiv_id == "2401.00001");
    CHECK(entries[0].year == 2024);
    CHECK(entries[0].authors == std::vector<std::string>{"Ada Example", "Bo Sample"});
    CHECK(fetch::parse_arxiv_feed(R"(<feed xmlns="http://www.w3.org/2005/Atom"></feed>)").empty());
    CHECK_THROWS_AS(fetch::parse_arxiv_feed("<html>rate limited</html>"), Error);
    CHECK_THROWS_AS(fetch::parse_arxiv_feed("not xml at all <"), Error);
}

TEST_CASE("Semantic Scholar match answers are parsed", "[fetch]") {
    const auto m = fetch::parse_s2_match(R"({"data":[{"paperId":"abc","title":"Marmot: Placement","matchScore":88.1,
        "abstract":"We place jobs.","year":2025,"venue":"EuroSys","externalIds":{"ArXiv":"2501.01234","DOI":"10.1/x"},
        "authors":[{"authorId":"1","name":"Cy Person"}]}]})");
    REQUIRE(m);
    CHECK(m->title == "Marmot: Placement");
    CHECK(m->abstract == "We place jobs.");
    CHECK(m->year == 2025);
    CHECK(m->arxiv_id == "2501.01234");
    CHECK(m->authors == std::vector<std::string>{"Cy Person"});
    const auto no_abstract = fetch::parse_s2_match(R"({"data":[{"title":"X","abstract":null,"year":null}]})");
    REQUIRE(no_abstract);
    CHECK(no_abstract->abstract.empty());
    CHECK_FALSE(no_abstract->year);
    CHECK_FALSE(fetch::parse_s2_match(R"({"error":"Title match not found"})"));
    CHECK_THROWS_AS(fetch::parse_s2_match("<html>"), Error);
    CHECK_THROWS_AS(fetch::parse_s2_match(R"({"unexpected":1})"), Error);
}

TEST_CASE("the cache stores entries atomically under safe names and drops corrupt ones", "[fetch]") {
    test::TempDir tmp;
    const fetch::Cache cache((tmp.path() / "cache").string());
    const std::string url = "http://127.0.0.1:1/repos/../../etc/passwd/readme";
    std::string binary_body = "README with a NUL";
    binary_body += '\0';
    binary_body += "\xff\xfe bytes";
    cache.put({url, 200, "\"etag-1\"", "Tue, 01 Jan 2030 00:00:00 GMT", 12345, binary_body});

    // One file, inside the folder, named by a hash.
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(tmp.path() / "cache")) files.push_back(e.path());
    REQUIRE(files.size() == 1);
    CHECK(files[0].filename().string().size() == 16 + 6);
    CHECK(fs::path(cache.path_for(url)).parent_path() == tmp.path() / "cache");

    const auto got = cache.get(url);
    REQUIRE(got);
    CHECK(got->body == binary_body);
    CHECK(got->etag == "\"etag-1\"");
    CHECK(got->status == 200);
    CHECK(got->fetched_at == 12345);
    CHECK_FALSE(cache.get("http://other/url"));

    SECTION("a truncated entry is discarded") {
        fs::resize_file(files[0], fs::file_size(files[0]) - 3);
        CHECK_FALSE(cache.get(url));
        CHECK_FALSE(fs::exists(files[0]));
    }
    SECTION("a flipped byte is discarded") {
        std::fstream f(files[0], std::ios::in | std::ios::out | std::ios::binary);
        f.seekp(-2, std::ios::end);
        f.put('X');
        f.close();
        CHECK_FALSE(cache.get(url));
    }
    SECTION("garbage is discarded") {
        test::write_file(files[0], "not an entry");
        CHECK_FALSE(cache.get(url));
    }
}

TEST_CASE("fetch options come from the environment", "[fetch]") {
    ::setenv("AISYS_ARXIV_INTERVAL", "0", 1);
    ::setenv("AISYS_GITHUB_API", "http://127.0.0.1:9/gh", 1);
    auto o = FetchOptions::from_environment();
    CHECK(o.arxiv_interval == 0);
    CHECK(o.github_api == "http://127.0.0.1:9/gh");
    ::setenv("AISYS_ARXIV_INTERVAL", "soon", 1);
    CHECK_THROWS_WITH(FetchOptions::from_environment(), Catch::Contains("AISYS_ARXIV_INTERVAL"));
    ::unsetenv("AISYS_ARXIV_INTERVAL");
    ::unsetenv("AISYS_GITHUB_API");
}

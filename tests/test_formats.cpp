// The entry formats of real awesome lists, one small fixture each (written
// for these tests, after the shapes of issue 13), and the traps of each:
// link labels, metadata sub-bullets, citations, "by" tails, decorated
// tables, non-papers, two-digit years, decorated headings, link forms.

#include <catch2/catch.hpp>

#include <aisys/catalog.hpp>

#include "support.hpp"

#include <string>
#include <vector>

using aisys::test::venues;
using namespace std::string_literals;

namespace {

aisys::Catalog read(const std::string& markdown) { return aisys::parse_list(markdown, "formats.md", venues()); }

const aisys::Paper& only(const aisys::Catalog& cat) {
    REQUIRE(cat.papers.size() == 1);
    return cat.papers[0];
}

std::vector<std::string> titles(const aisys::Catalog& cat) {
    std::vector<std::string> out;
    for (const auto& p : cat.papers) out.push_back(p.title);
    return out;
}

} // namespace

TEST_CASE("formats: link labels name links, never titles, in any case, brackets or emoji", "[formats]") {
    const auto cat = read("## Scheduling\n"
                          "- Shockwave: Fair and Efficient Cluster Scheduling [[arxiv]](https://arxiv.org/abs/2210.00093) "
                          "[[GitHub]](https://github.com/uw-mad-dash/shockwave)\n"
                          "- Lyra: Elastic Scheduling for Deep Learning Clusters [Paper](https://dl.acm.org/doi/10.1145/3552326.3587445)\n"
                          "- Pollux: Co-adaptive Cluster Scheduling [\\[Paper\\]](https://www.usenix.org/osdi21-qiao.pdf) "
                          "[🔗 Code](https://github.com/petuum/adaptdl) [Slides](https://example.org/pollux-slides.pdf)\n"
                          "- \\[OSDI'24\\] ServerlessLLM: Low-Latency Serverless Inference - \\[[PDF](https://www.usenix.org/osdi24-fu)\\] "
                          "\\[[Code](https://github.com/ServerlessLLM/ServerlessLLM)\\]\n");
    REQUIRE(cat.papers.size() == 4);  // no two "[Paper]" entries merged into one
    CHECK(titles(cat) == std::vector<std::string>{"Shockwave: Fair and Efficient Cluster Scheduling",
                                                  "Lyra: Elastic Scheduling for Deep Learning Clusters",
                                                  "Pollux: Co-adaptive Cluster Scheduling",
                                                  "ServerlessLLM: Low-Latency Serverless Inference"});
    CHECK(cat.papers[0].arxiv_id == "2210.00093");
    CHECK(cat.papers[0].repo == "https://github.com/uw-mad-dash/shockwave");
    CHECK(cat.papers[1].doi == "10.1145/3552326.3587445");
    CHECK(cat.papers[2].repo == "https://github.com/petuum/adaptdl");
    CHECK(cat.papers[2].paper_url == "https://www.usenix.org/osdi21-qiao.pdf");
    CHECK(cat.papers[3].venue == "OSDI");
    CHECK(cat.papers[3].year == 2024);
    CHECK(cat.papers[3].repo == "https://github.com/ServerlessLLM/ServerlessLLM");
    for (const auto& p : cat.papers) CHECK(p.kind == "paper");
}

TEST_CASE("formats: sub-bullets give the entry above its venue and authors", "[formats]") {
    const auto cat = read("## Data parallelism\n"
                          "- Zero: Memory optimizations toward training trillion parameter models [[pdf](https://arxiv.org/abs/1910.02054)]\n"
                          "    - SC20: International Conference for High Performance Computing. IEEE, 2020, pp. 1-16.\n"
                          "    - Samyam Rajbhandari, Jeff Rasley, Olatunji Ruwase, Yuxiong He\n"
                          "- Horovod: fast and easy distributed deep learning [[Paper]](https://arxiv.org/abs/1802.05799)\n"
                          "  - Sergeev, Alexander, and Mike Del Balso\n"
                          "  - arXiv preprint arXiv:1802.05799 (2018)\n"
                          "- Piper: Multidimensional planner for DNN parallelization\n"
                          "  - (*NeurIPS 2021*)\n"
                          "  - Jakub Tarnawski, Deepak Narayanan and Amar Phanishayee\n");
    REQUIRE(cat.papers.size() == 3);
    CHECK(cat.problems.empty());  // no "list item without a link" for the sub-bullets
    const auto& zero = cat.papers[0];
    CHECK(zero.title == "Zero: Memory optimizations toward training trillion parameter models");
    CHECK(zero.year == 2020);
    CHECK(zero.authors == std::vector<std::string>{"Samyam Rajbhandari", "Jeff Rasley", "Olatunji Ruwase", "Yuxiong He"});
    const auto& horovod = cat.papers[1];
    CHECK(horovod.venue == "arXiv");
    CHECK(horovod.year == 2018);
    CHECK(horovod.arxiv_id == "1802.05799");
    const auto& piper = cat.papers[2];
    CHECK(piper.venue == "NeurIPS");
    CHECK(piper.year == 2021);
    CHECK(piper.authors == std::vector<std::string>{"Jakub Tarnawski", "Deepak Narayanan", "Amar Phanishayee"});
}

TEST_CASE("formats: a heading per paper with Key: bullets, the list's venue from its title heading", "[formats]") {
    const auto cat = read("# NeurIPS 2025: Training Systems\n\n## 1. Systems\n\n"
                          "#### Synergistic Tensor and Pipeline Parallelism\n\n"
                          "- **Link:** [arXiv:2510.27257](https://arxiv.org/abs/2510.27257)\n"
                          "- **Authors:** Ada Lovelace, Grace Hopper (Example Lab)\n"
                          "- **Summary:** A hybrid of two schedules.\n"
                          "  - **Key Results:**\n"
                          "    - Faster\n\n---\n\n"
                          "#### Energy as a Design Metric (Tutorial)\n\n"
                          "- **Link:** https://neurips.cc/virtual/2025/tutorial\n"
                          "- **Speakers:** Edsger Dijkstra\n");
    REQUIRE(cat.papers.size() == 2);
    const auto& p = cat.papers[0];
    CHECK(p.title == "Synergistic Tensor and Pipeline Parallelism");
    CHECK(p.arxiv_id == "2510.27257");
    CHECK(p.venue == "NeurIPS");
    CHECK(p.year == 2025);
    CHECK(p.authors.size() == 2);
    CHECK(p.categories == std::vector<std::string>{"Systems"});  // "1. " and the paper's own heading are not categories
    CHECK(cat.papers[1].title == "Energy as a Design Metric");
    CHECK(cat.papers[1].kind == "other");
}

TEST_CASE("formats: citation entries give title, authors, venue and a two-digit year", "[formats]") {
    const auto p_cat = read("## Serving\n"
                              "- Crankshaw, Daniel, et al. \"Clipper: A Low-Latency Online Prediction Serving System.\" NSDI 17. "
                              "[[pdf]](https://www.usenix.org/nsdi17-crankshaw.pdf)\n");
    const auto& p = only(p_cat);
    CHECK(p.title == "Clipper: A Low-Latency Online Prediction Serving System");
    CHECK(p.venue == "NSDI");
    CHECK(p.year == 2017);
    CHECK_FALSE(p.authors.empty());
    CHECK(p.authors.front() == "Crankshaw");
}

TEST_CASE("formats: 'by AUTHORS, VENUE YEAR' tails", "[formats]") {
    const auto cat = read("## Compilers\n"
                          "- [Hidet: Task-Mapping Programming Paradigm for Deep Learning Tensor Programs](https://arxiv.org/abs/2210.09603) "
                          "by Yaoyao Ding et al., ASPLOS 2023\n"
                          "- [Alpa: Automating Inter- and Intra-Operator Parallelism](https://arxiv.org/abs/2201.12023) "
                          "by Lianmin Zheng, Zhuohan Li, Hao Zhang et al., OSDI 2022\n");
    REQUIRE(cat.papers.size() == 2);
    CHECK(cat.problems.empty());  // the tail is not an unknown venue
    CHECK(cat.papers[0].venue == "ASPLOS");
    CHECK(cat.papers[0].year == 2023);
    CHECK(cat.papers[0].authors == std::vector<std::string>{"Yaoyao Ding"});
    CHECK(cat.papers[1].venue == "OSDI");
    CHECK(cat.papers[1].authors == std::vector<std::string>{"Lianmin Zheng", "Zhuohan Li", "Hao Zhang"});
}

TEST_CASE("formats: bold titles with italic authors and citation-like numbered entries", "[formats]") {
    const auto cat = read("## Decoding\n"
                          "- **Closer Look at Efficient Inference Methods**  \n"
                          "  *Hyun Ryu, Eric Kim.* [[pdf](https://arxiv.org/pdf/2411.13157)], 2024.11. "
                          "![](https://img.shields.io/badge/Arxiv-orange)\n\n"
                          "## KV cache\n"
                          "1. [**ALISA: Accelerating Large Language Model Inference via Sparsity-Aware KV Caching.**]"
                          "(https://arxiv.org/abs/2403.17312) *Youpeng Zhao, Di Wu, Jun Wang.* ISCA 2024. "
                          "[![GitHub Repo stars](https://img.shields.io/github/stars/o/alisa)](https://github.com/o/alisa)\n");
    REQUIRE(cat.papers.size() == 2);
    CHECK(cat.papers[0].title == "Closer Look at Efficient Inference Methods");
    CHECK(cat.papers[0].authors == std::vector<std::string>{"Hyun Ryu", "Eric Kim"});
    CHECK(cat.papers[0].year == 2024);
    CHECK(cat.papers[0].arxiv_id == "2411.13157");
    const auto& alisa = cat.papers[1];
    CHECK(alisa.title == "ALISA: Accelerating Large Language Model Inference via Sparsity-Aware KV Caching");
    CHECK(alisa.venue == "ISCA");
    CHECK(alisa.year == 2024);
    CHECK(alisa.authors.size() == 3);
    CHECK(alisa.repo == "https://github.com/o/alisa");  // the stars badge links the code
}

TEST_CASE("formats: decorated tables, columns by header name in any order", "[formats]") {
    const auto cat = read("## Energy\n\n"
                          "| Date | Title | Paper | Code |\n|---|---|---|---|\n"
                          "| 2023.04 | 🔥🔥[**Zeus**] Zeus: Understanding and Optimizing GPU Energy Consumption of DNN Training(@SymbioticLab) "
                          "| [[pdf]](https://arxiv.org/abs/2208.06102) | [[code]](https://github.com/ml-energy/zeus/tree/master/zeus) |\n\n"
                          "| Code | Venue | Authors | Name |\n|---|---|---|---|\n"
                          "| [repo](https://github.com/o/perseus) | SOSP'24 | Jae-Won Chung, Mosharaf Chowdhury | Perseus: Removing Energy Bloat |\n\n"
                          "| Paper | Type | Code |\n|---|---|---|\n"
                          "| [![Publish](https://img.shields.io/badge/Conference-EuroSys_2025-cyan)]() <br> Stateful Serving with Pensieve "
                          "[[Link](https://arxiv.org/pdf/2312.05516)] <br> *Lingfan Yu, Jinkun Lin, Jinyang Li* | reuse | |\n");
    REQUIRE(cat.papers.size() == 3);
    const auto& zeus = cat.papers[0];
    CHECK(zeus.title == "Zeus: Understanding and Optimizing GPU Energy Consumption of DNN Training");
    CHECK(zeus.year == 2023);
    CHECK(zeus.arxiv_id == "2208.06102");
    CHECK(zeus.repo == "https://github.com/ml-energy/zeus/tree/master/zeus");  // where the code lives
    CHECK(aisys::github_repo(zeus.repo) == "ml-energy/zeus");
    const auto& perseus = cat.papers[1];
    CHECK(perseus.title == "Perseus: Removing Energy Bloat");
    CHECK(perseus.venue == "SOSP");
    CHECK(perseus.year == 2024);
    CHECK(perseus.authors == std::vector<std::string>{"Jae-Won Chung", "Mosharaf Chowdhury"});
    const auto& pensieve = cat.papers[2];
    CHECK(pensieve.title == "Stateful Serving with Pensieve");
    CHECK(pensieve.venue == "EuroSys");
    CHECK(pensieve.year == 2025);
    CHECK(pensieve.authors.size() == 3);
}

TEST_CASE("formats: unbulleted '[Venue'YY.M] [Title](url)' paragraphs", "[formats]") {
    const auto cat = read("## Surveys\n\n"
                          "[Arxiv'24.10] [MoH: Multi-Head Attention as Mixture-of-Head Attention](https://arxiv.org/abs/2410.11842) "
                          "[[Code](https://github.com/SkyworkAI/MoH)]\n\n"
                          "[NeurIPS'22] [A Review of Sparse Expert Models](https://example.org/review)\n\n"
                          "See [the paper](https://example.org/ours) for more.\n");
    REQUIRE(cat.papers.size() == 2);
    CHECK(cat.papers[0].title == "MoH: Multi-Head Attention as Mixture-of-Head Attention");
    CHECK(cat.papers[0].venue == "arXiv");
    CHECK(cat.papers[0].year == 2024);
    CHECK(cat.papers[1].venue == "NeurIPS");
    CHECK(cat.papers[1].year == 2022);
}

TEST_CASE("formats: blogs, tutorials and talks are other, repositories without a paper are projects", "[formats]") {
    const auto cat = read("## Papers\n"
                          "- [Orca: A Distributed Serving System](https://www.usenix.org/osdi22-yu.pdf) OSDI'22\n"
                          "## Open Source Projects\n"
                          "- [vLLM](https://github.com/vllm-project/vllm): a serving engine\n"
                          "## Blogs\n"
                          "- [How continuous batching works](https://example.org/batching)\n"
                          "## Talks\n"
                          "- [Serving at scale](https://www.youtube.com/watch?v=abc)\n"
                          "## Guides\n"
                          "- [Tuning the batch size](https://example-engine.readthedocs.io/en/latest/tuning.html)\n");
    REQUIRE(cat.papers.size() == 5);
    CHECK(cat.papers[4].kind == "other");  // a docs page
    CHECK(cat.papers[0].kind == "paper");
    CHECK(cat.papers[1].kind == "project");
    CHECK(cat.papers[1].title == "vLLM");
    CHECK(cat.papers[1].abstract == "a serving engine");  // the list's description, until a fetch finds more
    CHECK(cat.papers[1].venue.empty());
    CHECK(cat.papers[2].kind == "other");
    CHECK(cat.papers[3].kind == "other");
}

TEST_CASE("formats: two-digit years and venue spellings", "[formats]") {
    struct Case {
        const char* tail;
        const char* venue;
        int year;
    };
    for (const Case& c : {Case{"SC 22", "SC", 2022}, Case{"OSDI'20", "OSDI", 2020}, Case{"(NSDI 23)", "NSDI", 2023},
                          Case{"| ATC’ 21", "ATC", 2021}, Case{"(*ASPLOS 2023*)", "ASPLOS", 2023}}) {
        INFO(c.tail);
        const auto p_cat = read("## X\n- [Fulmar: Anything](https://example.org/fulmar.pdf) "s + c.tail + "\n");
    const auto& p = only(p_cat);
        CHECK(p.venue == c.venue);
        CHECK(p.year == c.year);
    }
    // A venue tag in the title.
    const auto tagged_cat = read("## X\n- [OSDI'22] Fulmar: Anything [paper](https://example.org/f.pdf)\n");
    const auto& tagged = only(tagged_cat);
    CHECK(tagged.title == "Fulmar: Anything");
    CHECK(tagged.venue == "OSDI");
    CHECK(tagged.year == 2022);
    // A title's own parentheses stay; the venue's go.
    const auto paren_cat = read("## X\n- Sorted Fine-Tuning (SoFT) (arXiv'23)[link to paper](https://arxiv.org/abs/2309.08968)\n");
    const auto& paren = only(paren_cat);
    CHECK(paren.title == "Sorted Fine-Tuning (SoFT)");
    CHECK(paren.venue == "arXiv");
    CHECK(paren.year == 2023);
}

TEST_CASE("formats: an unknown venue is kept as written, without its year", "[formats]") {
    const auto cat = read("## X\n- [A: B](https://example.org/a.pdf) Bird Watching'25\n"
                          "- [C: D](https://example.org/c.pdf) Proceedings of the Birds 2023\n"
                          "- [E: F](https://example.org/e.pdf) [Birdconf'24.10]\n");
    REQUIRE(cat.papers.size() == 3);
    CHECK(cat.papers[0].venue == "Bird Watching");
    CHECK(cat.papers[0].year == 2025);
    CHECK(cat.papers[1].venue == "Proceedings of the Birds");
    CHECK(cat.papers[1].year == 2023);
    CHECK(cat.papers[2].venue == "Birdconf");
    CHECK(cat.papers[2].year == 2024);
    for (const auto& p : cat.papers) CHECK_FALSE(p.venue_known);
    CHECK(cat.problems.size() == 3);  // each reported for the maintainer
}

TEST_CASE("formats: decorated headings make clean categories", "[formats]") {
    const auto cat = read("## 📖 KV Cache (🔝back)\n- [Alpha: One](https://example.org/a.pdf) OSDI'22\n"
                          "### 1️⃣ Pruning / Evicting\n- [Beta: Two](https://example.org/b.pdf) OSDI'22\n"
                          "### 2.1 Long Context\n- [Gamma: Three](https://example.org/c.pdf) OSDI'22\n");
    REQUIRE(cat.papers.size() == 3);
    CHECK(cat.papers[0].categories == std::vector<std::string>{"KV Cache"});
    CHECK(cat.papers[1].categories == std::vector<std::string>{"Pruning / Evicting"});
    CHECK(cat.papers[2].categories == std::vector<std::string>{"Long Context"});
}

TEST_CASE("formats: arXiv ids and DOIs from every link form", "[formats]") {
    struct Case {
        const char* url;
        const char* arxiv;
        const char* doi;
    };
    for (const Case& c : {Case{"https://arxiv.org/abs/2103.13262", "2103.13262", ""},
                          Case{"https://arxiv.org/pdf/2103.13262v3.pdf", "2103.13262", ""},
                          Case{"https://arxiv.org/pdf/2103.13262", "2103.13262", ""},
                          Case{"https://arxiv.org/ftp/arxiv/papers/2103/2103.13262.pdf", "2103.13262", ""},
                          Case{"https://doi.org/10.48550/arXiv.2103.13262", "2103.13262", ""},
                          Case{"https://doi.org/10.1145/3600006.3613165", "", "10.1145/3600006.3613165"},
                          Case{"https://dl.acm.org/doi/pdf/10.1145/3600006.3613165", "", "10.1145/3600006.3613165"},
                          Case{"https://dl.acm.org/doi/abs/10.5555/3571885.3571979", "", "10.5555/3571885.3571979"}}) {
        INFO(c.url);
        const auto p_cat = read("## X\n- Fulmar: Anything [[paper]]("s + c.url + ")\n");
    const auto& p = only(p_cat);
        CHECK(p.arxiv_id == c.arxiv);
        CHECK(p.doi == c.doi);
    }
    const auto written_cat = read("## X\n- Fulmar: Anything [[paper]](https://example.org/f.pdf) arXiv:2103.13262\n");
    const auto& written = only(written_cat);
    CHECK(written.arxiv_id == "2103.13262");
}

TEST_CASE("formats: outlines, prose that links a paper, a lone author and [[Online]] links are no entries or venues",
          "[formats]") {
    const auto cat = read("# Parallelism\n"
                          "## Contents\n"
                          "- Hybrid Parallelism\n"
                          "    - Data Parallelism\n"
                          "    - Tensor Parallelism\n"
                          "- Auto Parallelism\n"
                          "    - General Framework\n"
                          "## Data Parallelism\n"
                          "Please check our [paper](https://aclanthology.org/2026.findings-acl.1/) (Section 6.1) for more "
                          "details!\n\n"
                          "- Piper: Multidimensional Planner for DNN Parallelization\n"
                          "    - Jakub M. Tarnawski, Deepak Narayanan, Amar Phanishayee\n"
                          "    - NIPS'21: Proceedings of the 35th Conference on Neural Information Processing Systems\n"
                          "- DeepSpeed Autotuning [[Online]](https://www.deepspeed.ai/tutorials/autotuning)\n\n"
                          "| Title | Paper |\n|---|---|\n"
                          "| [KV-Compress: Paged KV-Cache Compression](https://arxiv.org/abs/2410.00161) <br> Isaac Rehg | "
                          "[Paper](https://arxiv.org/abs/2410.00161) |\n");
    CHECK(cat.problems.empty());
    REQUIRE(titles(cat) == std::vector<std::string>{"Piper: Multidimensional Planner for DNN Parallelization",
                                                    "DeepSpeed Autotuning",
                                                    "KV-Compress: Paged KV-Cache Compression"});
    CHECK(cat.papers[0].venue == "NeurIPS");
    CHECK(cat.papers[0].year == 2021);
    CHECK(cat.papers[1].venue.empty());
    CHECK(cat.papers[2].venue.empty());
    CHECK(cat.papers[2].authors == std::vector<std::string>{"Isaac Rehg"});
}

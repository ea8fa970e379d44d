// The query path: what a user types after `aisys-search search`, and what
// they give --venue, --category, --list, --year and --like, against a small
// real index built at start-up with the project's venue and synonym tables.
// The text is also searched on the indexes the soak tests use (tests/corpora.hpp):
// the built-in list with its fetched text and the upstream list, where ../shared
// is beside the project, and 1,000 generated papers whose words most of them
// share. Issue 12's matcher crash showed only on such statistics.

#include "fuzz_support.hpp"

#include "corpora.hpp"
#include "fixtures.hpp"

#include <aisys/error.hpp>
#include <aisys/index.hpp>
#include <aisys/search.hpp>
#include <aisys/synonyms.hpp>
#include <aisys/text.hpp>

#include <memory>
#include <optional>
#include <vector>

namespace {

aisys::Paper paper(const std::string& id, const std::string& title, const std::string& venue, int year,
                   std::vector<std::string> categories, const std::string& abstract, const std::string& readme = "") {
    aisys::Paper p = aisys::test::make_paper(id, title, abstract, readme, venue, year);
    p.categories = std::move(categories);
    p.repo = "https://github.com/example/" + p.id;
    p.authors = {"Ada Example", "Grace Sample"};
    p.listings.push_back({"fuzz-list.md", {"Systems", p.categories.front()}, 1});
    return p;
}

// Invented papers, enough for every field, facet, synonym and the
// spelling corrector to have something to find.
std::vector<aisys::Paper> papers() {
    std::vector<aisys::Paper> out{
        paper("gpu-sched", "Fair GPU Scheduling for Deep Learning Training Clusters", "OSDI", 2022, {"Scheduling"},
              "We schedule deep learning training jobs on shared GPU clusters with a fairness guarantee.",
              "# gpu-sched\n\nA scheduler for Kubernetes. Mixture-of-Experts (MoE) jobs are supported."),
        paper("moe-serve", "Serving Mixture-of-Experts Models with Expert Offloading", "MLSys", 2023, {"Serving"},
              "Large language model (LLM) inference with experts kept in host memory."),
        paper("pipe-train", "Pipeline Parallel Training without Bubbles", "SOSP", 2021, {"Training"},
              "Pipeline parallelism splits a model into stages; we remove the idle bubbles.", "pip install pipetrain"),
        paper("kv-cache", "Paged Attention for the KV Cache of LLM Serving", "arXiv", 2023, {"Serving", "Memory"},
              "A key-value cache managed in pages, like virtual memory, raises throughput."),
        paper("compiler", "A Tensor Compiler for Sparse Workloads", "NSDI", 2020, {"Compilers"},
              "Sparse tensor programs compiled to GPU kernels; λ-calculus inspired rewriting, naïve baselines."),
        paper("fed-learn", "Federated Learning at the Edge with Stragglers", "EuroSys", 2019, {"Federated Learning"},
              "Edge devices train a shared model; stragglers are dropped by a deadline."),
    };
    out[3].arxiv_id = "2309.06180";
    return out;
}

// The index lives for the whole run and its folder goes when the fuzzer exits.
const aisys::Index& index() {
    static const aisys::test::TestIndex fixture(papers(), aisys::test::TestIndexOptions{true, {"fuzz-list.md"}, 1});
    return fixture.index();
}

// The indexes of tests/corpora.hpp, each in a folder of its own, built once.
struct Corpora {
    std::vector<std::unique_ptr<aisys::test::TestIndex>> built;
    std::vector<const aisys::Index*> indexes;

    void add(const std::vector<aisys::Paper>& papers, const std::string& source) {
        if (papers.empty()) return;
        built.push_back(std::make_unique<aisys::test::TestIndex>(papers, aisys::test::TestIndexOptions{true, {source}, 1}));
        indexes.push_back(&built.back()->index());
    }
    Corpora() {
        const std::string shared = aisys::test::shared_dir();
        add(aisys::test::builtin_corpus(shared), "awesome-ai-system.md");
        add(aisys::test::upstream_corpus(shared), "awesome-ai-system.HEAD.md");
        add(aisys::test::generated_corpus(1000, 1000), "generated.md");
    }
};

const std::vector<const aisys::Index*>& corpora() {
    static const Corpora c;
    return c.indexes;
}

void check(const aisys::SearchRequest& request, const aisys::SearchResult& result) {
    if (result.hits.size() > request.limit) aisys::fuzz::contract_broken("more hits than the limit", request.query);
    for (const auto& hit : result.hits) {
        if (!request.like.empty() && hit.paper.id == request.like)
            aisys::fuzz::contract_broken("--like returned the paper itself", request.like);
        for (const auto& [first, length] : hit.highlights)
            if (first > hit.snippet.size() || length > hit.snippet.size() - first)
                aisys::fuzz::contract_broken("highlight outside its snippet", hit.snippet);
    }
}

void search(const aisys::SearchRequest& request, const aisys::Index& on = index()) {
    try {
        check(request, on.search(request));
    } catch (const aisys::QueryError&) {
        // The user's mistake: Index::search's contract. Any other aisys::Error
        // is a database failure, which an index nobody else touches never has:
        // it escapes and crashes the fuzzer.
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    index();  // build before the first input, so its time is not charged to one
    corpora();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string input(aisys::fuzz::as_text(data, size));

    aisys::SearchRequest query;
    query.query = input;
    query.explain = true;
    query.correct = true;
    search(query);

    aisys::SearchRequest by_year = query;
    by_year.sort = aisys::SortOrder::year;
    by_year.explain = false;
    by_year.offset = 1;
    by_year.limit = 3;
    search(by_year);
    for (const auto* real : corpora()) {
        aisys::SearchRequest paged = query;
        paged.limit = 1 + size % 10;  // short pages: the matcher raises its bound soonest
        search(query, *real);
        search(paged, *real);
        search(by_year, *real);
    }

    aisys::SearchRequest venue;
    venue.filters["venue"] = {input};
    search(venue);

    aisys::SearchRequest category;
    category.query = "training";
    category.filters["category"] = {input};
    search(category);

    aisys::SearchRequest list;
    list.filters["list"] = {input};
    search(list);

    aisys::SearchRequest like;
    like.like = input;
    like.explain = true;
    search(like);

    aisys::SearchRequest years;  // not a year range: a QueryError, which search() expects
    years.filters["year"] = {input};
    search(years);
    return 0;
}

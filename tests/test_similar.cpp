// `similar`: what a paper is about, not what its README says about
// installing it (issue 14, point 6).

#include <aisys/search.hpp>

#include "fixtures.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

using namespace aisys;

namespace {

// What many READMEs say whatever the project: how to install it, its
// license, how to cite it, where the community meets.
const std::string k_boilerplate =
    "Install with pip install. Join our meetup, see the slides and the blog post. Follow us on slack and discord. "
    "Licensed under the Apache license. Citation: please cite our paper if you use this code. ";

std::vector<Paper> papers() {
    using test::make_paper;
    return {
        make_paper("pagedserve", "Paged Attention for Serving Large Language Models",
                   "We store the key-value cache of attention in pages, so that serving large language models "
                   "wastes little GPU memory and batches more requests.",
                   k_boilerplate + k_boilerplate + "A serving engine."),
        make_paper("kvpager", "Paging the Key-Value Cache of Language Model Inference",
                   "Key-value cache pages are swapped between GPU memory and host memory while serving requests.",
                   "Code for the paper."),
        make_paper("rewardlab", "Reward Models for Preference Alignment",
                   "Human preference data trains a reward model that aligns a policy with reinforcement learning.",
                   k_boilerplate + k_boilerplate + "An alignment toolkit."),
        make_paper("graphwalk", "Random Walks on Billion-Edge Graphs", "Sampling walks over partitioned graphs.",
                   k_boilerplate + "Graph engine."),
        make_paper("tilecomp", "A Tensor Compiler for Sparse Tiles", "Sparse tensor programs are compiled into tiles.",
                   k_boilerplate + "Compiler."),
        make_paper("gangsched", "Gang Scheduling of Deep Learning Jobs", "Jobs are placed on clusters in gangs.",
                   "Scheduler."),
        make_paper("ckptfast", "Fast Checkpoints for Training", "Checkpoints are written asynchronously during training.",
                   "Checkpointing."),
        make_paper("fedavg", "Federated Averaging at Scale", "Clients average model updates in rounds.", "Federated."),
        make_paper("quantint", "Integer Quantization of Transformers", "Weights and activations in eight bits.",
                   "Quantizer."),
        make_paper("energyopt", "Energy-Aware Training on GPUs", "Power limits trade time for energy.", "Energy."),
        make_paper("netcoll", "Collective Communication over RDMA", "Allreduce over RDMA networks.", "Collectives."),
        make_paper("storeio", "Data Loading Pipelines for Training", "Input pipelines prefetch and cache samples.",
                   "Loader."),
    };
}

std::vector<std::string> ids_of(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.paper.id);
    return out;
}

} // namespace

TEST_CASE("similar: README boilerplate makes no paper alike, the topic does", "[similar]") {
    const test::TestIndex d(papers());
    SearchRequest r;
    r.like = "pagedserve";
    r.limit = 20;
    const SearchResult res = d.run(r);
    const auto ids = ids_of(res);
    INFO(::Catch::Detail::stringify(ids));
    REQUIRE_FALSE(ids.empty());
    CHECK(ids.front() == "kvpager");
    // The paper sharing only the boilerplate (install, license, citation,
    // slides, meetup, blog) ranks nowhere near it, and is not counted as alike.
    CHECK(std::find(ids.begin(), ids.end(), "rewardlab") == ids.end());
    CHECK(res.total == ids.size());
    CHECK(res.total < 4);
}

TEST_CASE("similar: the count is a score cut, not every paper sharing a word", "[similar]") {
    const test::TestIndex d(papers());
    SearchRequest r;
    r.like = "kvpager";
    r.limit = 20;
    const SearchResult res = d.run(r);
    REQUIRE_FALSE(res.hits.empty());
    CHECK(res.hits.front().paper.id == "pagedserve");
    CHECK(res.total == res.hits.size());
    // Every paper counted scores a fair share of the best.
    for (const auto& h : res.hits) CHECK(h.score >= 0.4 * res.hits.front().score);
    // A search with words besides --like is not cut: the words decide what matches.
    r.query = "training";
    CHECK(d.run(r).total >= 3);
}

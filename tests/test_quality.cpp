// Search quality: the synonym table, mined acronyms, ranks, --explain, related
// papers, CamelCase parts, snippets and did-you-mean, each on a small index of
// invented papers written here.

#include <aisys/error.hpp>
#include <aisys/index.hpp>
#include <aisys/search.hpp>
#include <aisys/synonyms.hpp>
#include <aisys/text.hpp>

#include "fixtures.hpp"
#include "support.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <optional>
#include <set>
#include <stdexcept>

using namespace aisys;
using nlohmann::json;

namespace {

using Ids = std::set<std::string>;

using test::make_paper;

// An index of the given papers with the shipped synonym and venue tables.
struct PaperIndex : test::TestIndex {
    explicit PaperIndex(const std::vector<Paper>& papers, bool mine_acronyms = true)
        : TestIndex(papers, test::TestIndexOptions{mine_acronyms, {}, 0}) {}
    std::string db() const { return dir(); }
    SearchResult query(const std::string& q, bool explain = false) const { return TestIndex::query(q, 50, explain); }
};

// The matches, not the related papers that fill a short page.
Ids ids(const SearchResult& r) {
    Ids out;
    for (const auto& h : r.hits)
        if (!h.related) out.insert(h.paper.id);
    return out;
}

std::vector<std::string> ranked(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits)
        if (!h.related) out.push_back(h.paper.id);
    return out;
}

std::size_t position(const SearchResult& r, const std::string& id) {
    const auto order = ranked(r);
    const auto it = std::find(order.begin(), order.end(), id);
    REQUIRE(it != order.end());
    return static_cast<std::size_t>(it - order.begin());
}

const Hit& hit_of(const SearchResult& r, const std::string& id) {
    for (const auto& h : r.hits)
        if (h.paper.id == id && !h.related) return h;
    FAIL("no match " << id);
    throw std::logic_error("unreachable");
}

// The words --explain lists for `field`, or none.
std::vector<std::string> explained(const Hit& h, const std::string& field) {
    REQUIRE(h.explanation);
    const auto it = h.explanation->fields.find(field);
    return it == h.explanation->fields.end() ? std::vector<std::string>{} : it->second;
}

// `field` matched a word starting with `start` ("kvcach" for the term or its stem "kvcach~").
bool explained_starts(const Hit& h, const std::string& field, const std::string& start) {
    const auto words = explained(h, field);
    return std::any_of(words.begin(), words.end(), [&](const std::string& w) { return w.rfind(start, 0) == 0; });
}

std::vector<std::pair<std::string, std::string>> synonyms_of(const SearchResult& r) {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& s : r.synonyms) out.emplace_back(s.phrase, s.term);
    return out;
}

bool contains_word(const Paper& p, const std::string& lower_word) {
    for (const std::string* s : {&p.title, &p.abstract, &p.readme})
        if (text::to_lower(*s).find(lower_word) != std::string::npos) return true;
    return false;
}

// Every hit's snippet is valid UTF-8 and its highlights lie inside it.
void check_snippets(const SearchResult& r) {
    for (const auto& h : r.hits) {
        INFO(h.paper.id << ": " << h.snippet);
        CHECK(text::is_valid_utf8(h.snippet));
        for (const auto& [start, length] : h.highlights) {
            CHECK(length > 0);
            CHECK(start + length <= h.snippet.size());
            if (start + length <= h.snippet.size()) CHECK(text::is_valid_utf8(h.snippet.substr(start, length)));
        }
    }
}

std::string highlighted(const Hit& h, std::size_t i) {
    const auto [start, length] = h.highlights.at(i);
    return text::to_lower(h.snippet.substr(start, length));
}

const SynonymGroup* group(const SynonymTable& t, const std::string& term) {
    for (const auto& g : t.groups())
        if (g.term == term) return &g;
    return nullptr;
}

using Defs = std::vector<std::pair<std::string, std::string>>;
Defs definitions(const std::string& text) {
    Defs out;
    for (const auto& d : find_acronym_definitions(text)) out.emplace_back(d.acronym, d.long_form);
    return out;
}

// Query words of the rank tests: "elastic sharding". The words' own weights
// (BM25, field weights) would put "both-often" above "phrase" and "one-word"
// above "both-once"; only the ranks order them as the tests expect.
std::vector<Paper> rank_papers() {
    return {
        make_paper("phrase", "Elastic Sharding of Embedding Tables for Large Advertising Recommendation Models",
              "Tables of a recommendation model move between hosts as the job grows; hot rows stay near the "
              "trainers that read them most and cold rows move in the background, so throughput stays flat "
              "while hosts join and leave the job."),
        make_paper("both-often", "Sharding Elastic Pools: Sharding Optimizer State for Elastic Training",
              "Elastic pools grow and shrink. Our sharding follows the elastic pool: each sharding step "
              "rebalances the elastic workers, and sharding metadata stays small on elastic clusters."),
        make_paper("both-once", "Partitioning Dense Weights across Worker Pools",
              "Pools of workers grow and shrink during a run, so an elastic layer re-partitions the dense weights "
              "with a sharding scheme that moves little data between hosts while they join and leave, and "
              "keeps optimizer state beside the weights it updates."),
        make_paper("one-word", "Elastic Training with Elastic Workers",
              "Elastic jobs resize. Elastic schedulers give elastic jobs more GPUs; elastic resizing is "
              "cheap when elastic state is small and elastic restarts are rare."),
        make_paper("neither", "Profiling Collective Communication",
              "We trace ring all-reduce on a cluster of eight nodes."),
    };
}

} // namespace

TEST_CASE("synonym table: rows, comments, hyphens and the errors a bad row gives", "[quality]") {
    const auto t = SynonymTable::parse("# a comment line\n"
                                       "\n"
                                       "moe\tMixture-of-Experts|mixture of expert\twhy it is here\n"
                                       "   \n"
                                       "kvcache\tKV cache|Key-Value  Cache\n");
    REQUIRE(t.groups().size() == 2);
    CHECK(t.groups()[0].term == "moe");
    CHECK(t.groups()[0].variants == std::vector<std::string>{"mixture of experts", "mixture of expert"});
    CHECK(t.groups()[0].source == "table");
    CHECK(t.groups()[1].term == "kvcache");
    CHECK(t.groups()[1].variants == std::vector<std::string>{"kv cache", "key value cache"});

    CHECK_THROWS_AS(SynonymTable::parse("MoE\tmixture of experts\n"), Error);
    CHECK_THROWS_AS(SynonymTable::parse("kv cache\tkey value cache\n"), Error);
    CHECK_THROWS_WITH(SynonymTable::parse("gpu\tgraphics processing unit\nmoe\tmixture of experts||gating\n"),
                      Catch::Contains("line 2") && Catch::Contains("empty variant"));
    CHECK_THROWS_WITH(SynonymTable::parse("moe\tmixture of experts\n# again\nmoe\tsparse experts\n"),
                      Catch::Contains("line 3") && Catch::Contains("'moe'"));
    CHECK_THROWS_WITH(SynonymTable::parse("moe mixture of experts\n"), Catch::Contains("tab"));

    const auto shipped = SynonymTable::load(test::synonym_table());
    CHECK(shipped.groups().size() >= 40);
    for (const char* term : {"moe", "llm", "dnn", "kvcache", "rlhf", "gnn", "tp", "pp", "dp", "spmm"}) {
        INFO(term);
        const auto* g = group(shipped, term);
        REQUIRE(g);
        CHECK_FALSE(g->variants.empty());
        CHECK(g->source == "table");
    }
    REQUIRE(group(shipped, "moe"));
    CHECK(std::count(group(shipped, "moe")->variants.begin(), group(shipped, "moe")->variants.end(),
                     "mixture of experts") == 1);
}

TEST_CASE("acronym definitions are found in text and added to the table", "[quality]") {
    CHECK(definitions("we build a Mixture-of-Experts (MoE) layer") == Defs{{"MoE", "mixture of experts"}});
    CHECK(definitions("serving large language models (LLMs) cheaply") == Defs{{"LLM", "large language models"}});
    CHECK(definitions("a kernel for sparse matrix-matrix multiplication (SpMM) on tensor cores") ==
          Defs{{"SpMM", "sparse matrix matrix multiplication"}});
    CHECK(definitions("the layout is explained later (see below)").empty());
    CHECK(definitions("the new kernel runs much faster (2x faster)").empty());
    CHECK(definitions("it runs on graphics cards (NVIDIA) today").empty());
    CHECK(definitions("two variants (a) and (b)").empty());
    CHECK(definitions("built on the Transformer (TF) architecture").empty());

    auto t = SynonymTable::parse("moe\tmixture of experts\n");
    CHECK(t.add_definition({"ZQR", "zonal quota routing"}));
    const auto* mined = group(t, "zqr");
    REQUIRE(mined);
    CHECK(mined->variants == std::vector<std::string>{"zonal quota routing"});
    CHECK(mined->source == "mined");

    CHECK(t.add_definition({"MoE", "medley of experts"}));
    REQUIRE(group(t, "moe"));
    CHECK(group(t, "moe")->variants == std::vector<std::string>{"mixture of experts", "medley of experts"});
    CHECK(group(t, "moe")->source == "table");

    CHECK_FALSE(t.add_definition({"MX", "mixture of experts"}));
    CHECK_FALSE(group(t, "mx"));
    CHECK(t.groups().size() == 2);
}

TEST_CASE("acronyms and their long forms find each other", "[quality]") {
    const PaperIndex d({
        make_paper("gating", "Sparse Gating for Mixture-of-Experts Training",
              "A router sends each token to two of sixty-four feed-forward blocks; training stays stable."),
        make_paper("phone", "Fast MoE Inference on Small Devices",
              "We run MoE models on phones by keeping hot routes in flash memory."),
        make_paper("paged", "Serving Large Language Models with Paged Memory",
              "Requests share pages of accelerator memory, so more of them fit in one batch."),
        make_paper("latency", "LLM Serving at Low Latency",
              "A scheduler that keeps tail latency low for chat requests."),
        make_paper("compress", "Compressing the Key-Value Cache of Transformers",
              "Quantising stored attention keys to four bits halves memory."),
        make_paper("evict", "KV Cache Eviction for Long Prompts",
              "Dropping the least useful tokens keeps long prompts within memory."),
        make_paper("single", "Sharing One GPU Between Notebooks", "Interactive users time-slice a device."),
        make_paper("plural", "Placement of Jobs on Idle GPUs", "A placer that packs jobs onto free devices."),
        make_paper("other", "Compiling Stencils for Vector Units", "Loop tiling for climate codes."),
    });

    // The long form in the paper, the acronym in the query...
    auto r = d.query("moe training", true);
    CHECK(ranked(r).front() == "gating");
    CHECK(explained_starts(hit_of(r, "gating"), "title", "moe"));
    // ...and the other way round: "phone" has none of the query's words.
    r = d.query("mixture of experts");
    CHECK(ids(r) == Ids{"gating", "phone"});
    CHECK(synonyms_of(r) == std::vector<std::pair<std::string, std::string>>{{"mixture of experts", "moe"}});

    // Both serving papers, each matching "llm" through its title.
    for (const char* q : {"llm serving", "large language model serving"}) {
        INFO(q);
        r = d.query(q, true);
        // The phrase's own words count for a little ("models" in "phone"): after both.
        const auto order = ranked(r);
        REQUIRE(order.size() >= 2);
        CHECK(Ids{order[0], order[1]} == Ids{"paged", "latency"});
        CHECK(explained_starts(hit_of(r, "paged"), "title", "llm"));
        CHECK(explained_starts(hit_of(r, "latency"), "title", "llm"));
        CHECK(hit_of(r, "paged").explanation->all_terms);
        CHECK(hit_of(r, "latency").explanation->all_terms);
    }
    CHECK(synonyms_of(r) == std::vector<std::pair<std::string, std::string>>{{"large language model", "llm"}});

    // Both cache papers, each matching the one term both spellings are indexed as.
    for (const char* q : {"kv cache", "key value cache", "key-value cache"}) {
        INFO(q);
        r = d.query(q, true);
        CHECK(ids(r) == Ids{"compress", "evict"});
        CHECK(explained_starts(hit_of(r, "compress"), "title", "kvcach"));
        CHECK(explained_starts(hit_of(r, "evict"), "title", "kvcach"));
        REQUIRE(r.synonyms.size() == 1);
        CHECK(r.synonyms[0].term == "kvcache");
    }
    CHECK(synonyms_of(d.query("key value cache")) ==
          std::vector<std::pair<std::string, std::string>>{{"key value cache", "kvcache"}});

    // Plurals of the term and of its long form.
    r = d.query("LLMs");
    CHECK(ids(r) == Ids{"paged", "latency"});
    CHECK(synonyms_of(r) == std::vector<std::pair<std::string, std::string>>{{"llms", "llm"}});
    r = d.query("GPUs");
    CHECK(ids(r) == Ids{"single", "plural"});
    CHECK(synonyms_of(r) == std::vector<std::pair<std::string, std::string>>{{"gpus", "gpu"}});
    CHECK(ids(d.query("gpu")) == Ids{"single", "plural"});
}

TEST_CASE("acronyms defined in the papers' text are mined at index time", "[quality]") {
    const std::vector<Paper> papers = {
        make_paper("defines", "Routing Tokens Between Accelerator Pools",
              "We propose Zonal Quota Routing (ZQR), which sends tokens to the pool with spare quota."),
        make_paper("acronym", "ZQR at Scale: Lessons from Production", "Two years of running the router on a fleet."),
        make_paper("spelled", "Zonal Quota Routing for Sparse Models", "Budgets per zone keep hot pools from overflowing."),
        make_paper("other", "Checkpoint Compression for Recommendation", "Delta encoding of embedding tables."),
    };
    {
        const PaperIndex d(papers);
        auto r = d.query("zonal quota routing");
        CHECK(ids(r) == Ids{"defines", "acronym", "spelled"});
        CHECK(synonyms_of(r) == std::vector<std::pair<std::string, std::string>>{{"zonal quota routing", "zqr"}});
        r = d.query("zqr");
        CHECK(ids(r) == Ids{"defines", "acronym", "spelled"});
    }
    {
        const PaperIndex d(papers, false);
        auto r = d.query("zonal quota routing");
        CHECK(ids(r).count("acronym") == 0);
        CHECK(r.synonyms.empty());
        CHECK(ids(d.query("zqr")) == Ids{"defines", "acronym"});
    }
}

TEST_CASE("papers with every query word rank first, a title phrase above them", "[quality]") {
    const PaperIndex d(rank_papers());
    const auto r = d.query("elastic sharding", true);
    CHECK(ids(r) == Ids{"phrase", "both-often", "both-once", "one-word"});
    const auto order = ranked(r);
    REQUIRE_FALSE(order.empty());
    // The title phrase first, though "both-often" has both words more often.
    CHECK(order.front() == "phrase");
    // Both words once beat one word many times.
    CHECK(position(r, "both-once") < position(r, "one-word"));
    CHECK(position(r, "both-often") < position(r, "one-word"));
    CHECK(order.back() == "one-word");
    // The words alone weigh the other way: the ranks, not BM25, decided.
    CHECK(hit_of(r, "both-often").explanation->relevance > hit_of(r, "phrase").explanation->relevance);
    CHECK(hit_of(r, "one-word").explanation->relevance > hit_of(r, "both-once").explanation->relevance);

    const auto& top = *hit_of(r, "phrase").explanation;
    CHECK(top.all_terms);
    CHECK(top.title_phrase);
    CHECK(top.relevance > 0);
    const auto title = explained(hit_of(r, "phrase"), "title");
    CHECK(std::count(title.begin(), title.end(), "elastic") == 1);
    CHECK(std::count(title.begin(), title.end(), "sharding") == 1);

    const auto& both = *hit_of(r, "both-once").explanation;
    CHECK(both.all_terms);
    CHECK_FALSE(both.title_phrase);
    CHECK(explained_starts(hit_of(r, "both-once"), "abstract", "shard"));

    const auto& one = *hit_of(r, "one-word").explanation;
    CHECK_FALSE(one.all_terms);
    CHECK_FALSE(one.title_phrase);
    CHECK(explained_starts(hit_of(r, "one-word"), "title", "elastic"));
    CHECK(explained_starts(hit_of(r, "one-word"), "abstract", "elast"));
    for (const auto& [field, words] : one.fields)
        for (const auto& w : words) CHECK(w.find("shard") == std::string::npos);

    // "shards" is not in any title as written: the title matched its stem,
    // which --explain shows as the query's word.
    const auto stems = d.query("elastic shards", true);
    const auto words = explained(hit_of(stems, "phrase"), "title");
    CHECK(std::count(words.begin(), words.end(), "shards") == 1);
    CHECK(std::count(words.begin(), words.end(), "shard~") == 0);
    CHECK(std::count(words.begin(), words.end(), "elastic") == 1);
    CHECK_FALSE(hit_of(stems, "phrase").explanation->title_phrase);
}

TEST_CASE("cli: --explain and --exact", "[quality]") {
    const PaperIndex d(rank_papers());
    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--db", d.db()});
        return test::run_cli(args);
    };

    auto r = run({"elastic sharding", "--json", "--explain"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto j = json::parse(r.out);
    std::size_t matches = 0;
    for (const auto& res : j.at("results")) {
        if (res.at("related").get<bool>()) continue;
        ++matches;
        INFO(res.dump());
        REQUIRE(res.contains("explain"));
        const auto& e = res.at("explain");
        CHECK(e.at("fields").is_object());
        CHECK(e.at("all_terms").is_boolean());
        CHECK(e.at("title_phrase").is_boolean());
        CHECK(e.at("relevance").is_number());
        const bool first = res.at("id") == "phrase";
        CHECK(e.at("title_phrase").get<bool>() == first);
        CHECK(e.at("all_terms").get<bool>() == (res.at("id") != "one-word"));
        CHECK(e.at("fields").contains(res.at("id") == "both-once" ? "abstract" : "title"));
    }
    CHECK(matches == 4);
    CHECK(j.at("results").at(0).at("id") == "phrase");
    CHECK_FALSE(json::parse(run({"elastic sharding", "--json"}).out).at("results").at(0).contains("explain"));

    r = run({"elastic sharding", "--explain"});
    REQUIRE(r.exit_code == 0);
    CHECK(r.out.find("\n    matched: title elastic, sharding") != std::string::npos);
    CHECK(r.out.find("\n    rank: title phrase, all terms · relevance ") != std::string::npos);
    CHECK(r.out.find("\n    rank: some terms · relevance ") != std::string::npos);
    CHECK(run({"elastic sharding"}).out.find("matched:") == std::string::npos);

    // "elastik" is in no paper: as typed it finds nothing...
    r = run({"elastik", "--exact", "--json"});
    REQUIRE(r.exit_code == 1);
    j = json::parse(r.out);
    CHECK(j.at("total") == 0);
    CHECK(j.at("results").empty());
    CHECK(j.at("did_you_mean") == json{{"query", "elastic"}, {"total", 4}, {"applied", false}});
    // ...corrected, it finds the papers with "elastic".
    r = run({"elastik", "--json"});
    REQUIRE(r.exit_code == 0);
    j = json::parse(r.out);
    CHECK(j.at("total") == 4);
    CHECK(j.at("did_you_mean") == json{{"query", "elastic"}, {"total", 4}, {"applied", true}});
    std::set<std::string> found;
    for (const auto& res : j.at("results"))
        if (!res.at("related").get<bool>()) found.insert(res.at("id").get<std::string>());
    CHECK(found == std::set<std::string>{"phrase", "both-often", "both-once", "one-word"});
}

TEST_CASE("a short first page is filled with related papers", "[quality]") {
    const PaperIndex d({
        make_paper("quokka", "Quokka: Tiered Checkpointing for Pipeline Training",
              "Quokka writes pipeline stage checkpoints to local flash first and to remote storage later."),
        make_paper("async", "Asynchronous Checkpointing of Pipeline Stages",
              "Stages of a training pipeline save checkpoints without stalling the next micro-batch."),
        make_paper("recovery", "Fast Recovery from Checkpoints in Pipeline Training",
              "Restarting a failed pipeline stage from a peer's checkpoint instead of remote storage."),
        make_paper("compress", "Checkpoint Compression for Large Training Jobs",
              "Delta encoding shrinks checkpoints of long training runs."),
        make_paper("stencil", "Compiling Stencils for Vector Units", "Loop tiling for climate codes."),
        make_paper("search", "Vector Search over Compressed Embeddings", "Product quantisation for nearest neighbours."),
    });

    SearchRequest req;
    req.query = "quokka";
    req.limit = 5;
    auto r = d.run(req);
    CHECK(r.total == 1);
    REQUIRE(r.hits.size() >= 2);
    CHECK(r.hits[0].paper.id == "quokka");
    CHECK_FALSE(r.hits[0].related);
    CHECK(r.hits.size() <= req.limit);
    Ids related;
    for (std::size_t i = 1; i < r.hits.size(); ++i) {
        INFO(r.hits[i].paper.id);
        CHECK(r.hits[i].related);
        CHECK_FALSE(contains_word(r.hits[i].paper, "quokka"));
        CHECK(r.hits[i].rank == i + 1);
        related.insert(r.hits[i].paper.id);
    }
    // The checkpointing papers are the ones like it.
    CHECK(Ids{"async", "recovery", "compress"}.count(r.hits[1].paper.id) == 1);
    CHECK(related.count("quokka") == 0);

    req.related = false;
    r = d.run(req);
    CHECK(r.total == 1);
    REQUIRE(r.hits.size() == 1);
    CHECK(r.hits[0].paper.id == "quokka");

    // A page the matches fill has no related papers; the total counts matches only.
    req.related = true;
    req.query = "checkpointing";
    for (const std::size_t limit : {std::size_t{2}, std::size_t{4}}) {
        req.limit = limit;
        r = d.run(req);
        CHECK(r.total == 4);
        CHECK(r.hits.size() == limit);
        CHECK(std::none_of(r.hits.begin(), r.hits.end(), [](const Hit& h) { return h.related; }));
    }
    req.limit = 10;
    r = d.run(req);
    CHECK(r.total == 4);
    CHECK(ids(r) == Ids{"quokka", "async", "recovery", "compress"});
    CHECK(r.hits.size() > 4);

    const auto run = [&](std::vector<std::string> args) {
        args.insert(args.end(), {"--db", d.db()});
        return test::run_cli(args);
    };
    auto out = run({"quokka", "--json"});
    REQUIRE(out.exit_code == 0);
    auto j = json::parse(out.out);
    CHECK(j.at("total") == 1);
    // Related papers stay out of "results" (issue 14 point 4): their own array.
    REQUIRE(j.at("results").size() == 1);
    CHECK(j.at("results")[0].at("related") == false);
    REQUIRE_FALSE(j.at("related").empty());
    CHECK(j.at("related")[0].at("related") == true);
    out = run({"quokka"});
    CHECK(out.out.find("\nRelated papers") != std::string::npos);
    out = run({"quokka", "--no-related", "--json"});
    j = json::parse(out.out);
    REQUIRE(j.at("results").size() == 1);
    CHECK(j.at("results")[0].at("id") == "quokka");
    CHECK(j.at("related").empty());
    CHECK(run({"quokka", "--no-related"}).out.find("Related papers") == std::string::npos);
}

TEST_CASE("the parts of CamelCase names are searchable, two-letter parts are not split off", "[quality]") {
    const PaperIndex d({
        make_paper("beams", "Memory Management for Beam Decoding",
              "We extend PagedAttention with a copy-on-write pool shared by beams."),
        make_paper("bursty", "Profiling vLLM Under Bursty Load", "We profile the vLLM engine under bursty request traffic."),
        make_paper("batching", "Batching Requests for LLM Inference", "Continuous batching admits requests every step."),
        make_paper("ticket", "Admission Tickets for Shared Clusters", "The InFlight queue holds admitted jobs."),
        make_paper("recorder", "A Flight Recorder for Training Jobs", "Ring buffers of events dumped on failure."),
    });
    CHECK(ids(d.query("paged attention")) == Ids{"beams"});
    CHECK(ids(d.query("pagedattention")) == Ids{"beams"});
    CHECK(ids(d.query("llm")) == Ids{"batching"});
    CHECK(ids(d.query("vllm")) == Ids{"bursty"});
    // "In" is too short a part: "InFlight" stays one word.
    CHECK(ids(d.query("flight")) == Ids{"recorder"});
    CHECK(ids(d.query("inflight")) == Ids{"ticket"});
}

TEST_CASE("snippets come from the text that has the query's words", "[quality]") {
    // Multi-byte text around the word, so the 200-byte cut falls among it.
    std::string accents;
    for (int i = 0; i < 30; ++i) accents += "naïve café ≤ “ü” ";
    const PaperIndex d({
        make_paper("readme-only", "Replicated Logs Across Racks", "We copy every log entry to three racks before acknowledging.",
              "Install with make. " + accents + "The quorum daemon listens on port 7000. " + accents),
        make_paper("both", "Leaderless Replication", "A quorum of replicas accepts each write " + accents,
              "Run the quorum tool from the build folder."),
        make_paper("title-only", "Quorum Reads for Edge Stores", ""),
        make_paper("other", "Compiling Stencils for Vector Units", "Loop tiling for climate codes."),
    });
    const auto r = d.query("quorum");
    CHECK(ids(r) == Ids{"readme-only", "both", "title-only"});
    check_snippets(r);

    {
        const auto& readme = hit_of(r, "readme-only");
        INFO(readme.snippet);
        CHECK(readme.snippet.find("daemon") != std::string::npos);
        CHECK(readme.snippet.find("racks") == std::string::npos);
        REQUIRE(readme.highlights.size() == 1);
        CHECK(highlighted(readme, 0) == "quorum");
    }
    {
        const auto& both = hit_of(r, "both");
        INFO(both.snippet);
        CHECK(both.snippet.find("replicas") != std::string::npos);
        CHECK(both.snippet.find("tool") == std::string::npos);
        REQUIRE_FALSE(both.highlights.empty());
        CHECK(highlighted(both, 0) == "quorum");
    }
    {
        const auto& title = hit_of(r, "title-only");
        CHECK(title.snippet == "Quorum Reads for Edge Stores");
        REQUIRE(title.highlights.size() == 1);
        CHECK(highlighted(title, 0) == "quorum");
    }

    check_snippets(d.query("naïve café"));
    check_snippets(d.query("replication racks"));
}

TEST_CASE("did you mean: only typos, only when the correction finds something", "[quality]") {
    const PaperIndex d({
        make_paper("router", "An Expert Router for Sparse Layers", "Each token picks one expert by score.", "", "NSDI", 2023),
        make_paper("elastic", "Elastic Training on Spot Instances", "Jobs shrink when instances are reclaimed.", "", "NSDI",
              2022),
        make_paper("kernels", "Tiling Attention Kernels", "Shared memory reuse in fused kernels.", "", "OSDI", 2022),
    });
    // A form of a known word is no typo.
    auto r = d.query("experts");
    CHECK_FALSE(r.did_you_mean);
    CHECK(ids(r) == Ids{"router"});
    // Nothing near enough.
    r = d.query("xqzvbnw");
    CHECK_FALSE(r.did_you_mean);
    CHECK(r.total == 0);
    // A typo corrected...
    r = d.query("elastik");
    REQUIRE(r.did_you_mean);
    CHECK(r.did_you_mean->query == "elastic");
    CHECK(r.did_you_mean->total == 1);
    CHECK(ids(r) == Ids{"elastic"});
    // ...but not when the filters leave the correction nothing to find.
    SearchRequest filtered;
    filtered.query = "elastik";
    filtered.filters["venue"] = {"OSDI"};
    r = d.run(filtered);
    CHECK_FALSE(r.did_you_mean);
    CHECK(r.total == 0);
    filtered.filters["venue"] = {"NSDI"};
    r = d.run(filtered);
    REQUIRE(r.did_you_mean);
    CHECK(r.did_you_mean->total == 1);
    filtered.filters = {{"year", {"2023"}}};
    r = d.run(filtered);
    CHECK_FALSE(r.did_you_mean);
    CHECK(r.total == 0);
}

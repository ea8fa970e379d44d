// Index: opening a built index and answering searches, lookups and stats.

#include <aisys/error.hpp>
#include <aisys/search.hpp>
#include <aisys/text.hpp>

#include "index/schema.hpp"
#include "index/store.hpp"
#include "search/facets.hpp"
#include "search/matcher.hpp"
#include "search/query.hpp"
#include "search/rewrite.hpp"

#include <aisys/synonyms.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <future>
#include <memory>
#include <mutex>
#include <system_error>

namespace fs = std::filesystem;

namespace aisys {

namespace {

// Snippet highlight markers: control characters that strip_control removed
// from the text beforehand, so they cannot occur in it.
constexpr const char* k_hi_start = "\x01";
constexpr const char* k_hi_end = "\x02";
constexpr std::size_t k_snippet_bytes = 200;

std::string unescape_html(const std::string& s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '&') {
            bool replaced = false;
            for (auto [entity, ch] : {std::pair{"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}}) {
                const std::string_view e(entity);
                if (s.compare(i, e.size(), e) == 0) {
                    out += ch;
                    i += e.size() - 1;
                    replaced = true;
                    break;
                }
            }
            if (replaced) continue;
        }
        out += s[i];
    }
    return out;
}

/// Facet counts and totals are exact for up to this many matches. Counting
/// past it is what makes a query on common words slow: on 63,666 papers,
/// "python library" (30,000 matches) takes 28 ms as a whole process counting
/// 20,000, 19 ms counting 5,000 and 18 ms counting none.
constexpr Xapian::doccount k_facet_matches = 5000;

/// How many matches get_mset checks to count them and their facets: up to
/// k_facet_matches. (Counting every document once crashed Xapian 1.4.22 when
/// a word was in every one: "alpha" over 300 papers that all say it. That was
/// the matcher bug search::guarded() keeps every query from, see matcher.hpp.)
Xapian::doccount matches_to_check(const Xapian::Database& db) {
    return std::min(k_facet_matches, db.get_doccount());
}

// Damage (a table cut short or overwritten) shows only when that part of the
// index is read, so searches, lookups and stats all say what to do about it.
[[noreturn]] void throw_read_error(const std::string& path, const std::string& doing, const Xapian::Error& e) {
    if (std::string_view(e.get_type()).rfind("Network", 0) == 0)  // NetworkError, NetworkTimeoutError
        throw Error(doing + " failed on " + path + ": a shard server did not answer (" + e.get_msg() + ")",
                    ErrorKind::network, path);
    if (std::string_view(e.get_type()).rfind("Database", 0) == 0)  // Xapian::Error has no vtable for dynamic_cast
        throw Error("the index at " + path + " is damaged (" + e.get_msg() + ")", ErrorKind::damaged_index, path);
    throw Error(doing + " failed on " + path + ": " + e.get_description(), ErrorKind::io);
}

/// `similar`: a paper is alike when it scores at least this share of the
/// best match's score. Every paper sharing one of the paper's words matches
/// (171 of 192 for vLLM before); the cut is what the count and the page
/// keep. Chosen on the judged `similar` evaluation (benchmarks/RESULTS.md).
constexpr double k_alike_share = 0.4;

/// `query` kept to the papers alike (k_alike_share of the best score): a
/// filter on their id terms, which leaves every score as it was. Not
/// Enquire::set_cutoff: Xapian 1.4's matcher crashes with a weight cutoff
/// over several databases (shards), and a filter works on remote ones too.
Xapian::Query alike_only(const Xapian::Database& db, const Xapian::Query& query) {
    const Xapian::MSet all = search::enquire(db, query).get_mset(0, db.get_doccount(), db.get_doccount());
    if (all.empty()) return query;
    const double cut = k_alike_share * all.begin().get_weight();
    std::vector<Xapian::Query> ids;
    for (auto it = all.begin(); it != all.end() && it.get_weight() >= cut; ++it) {
        const Xapian::Document doc = it.get_document();
        auto term = doc.termlist_begin();
        term.skip_to(std::string(schema::k_id));
        if (term != doc.termlist_end() && (*term).rfind(schema::k_id, 0) == 0) ids.emplace_back(*term);
    }
    return Xapian::Query(Xapian::Query::OP_FILTER, query, Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end()));
}

/// How many of the top matches seed the related papers.
constexpr std::size_t k_related_seeds = 3;

// Splits Xapian's marked-up snippet into plain text and highlight ranges.
void split_highlights(const std::string& marked, Hit& hit) {
    std::size_t start = 0;
    for (char c : marked) {
        if (c == k_hi_start[0]) {
            start = hit.snippet.size();
        } else if (c == k_hi_end[0]) {
            hit.highlights.emplace_back(start, hit.snippet.size() - start);
        } else {
            hit.snippet += c;
        }
    }
}

// The field a query term was found in, and the term as the user would read
// it: "ZSschedul" -> ("title", "schedul~"), "Sgpu" -> ("title", "gpu").
std::optional<std::pair<std::string, std::string>> field_of(const std::string& term) {
    const bool stemmed = term.size() > 1 && term[0] == 'Z';
    const std::string_view rest = std::string_view(term).substr(stemmed ? 1 : 0);
    const schema::TextField* best = nullptr;
    for (const auto& field : schema::k_text_fields)
        if (rest.substr(0, field.prefix.size()) == field.prefix && (!best || field.prefix.size() > best->prefix.size()))
            best = &field;
    if (!best || rest.size() == best->prefix.size()) return std::nullopt;
    return std::pair{std::string(best->name), std::string(rest.substr(best->prefix.size())) + (stemmed ? "~" : "")};
}

// Fields match stems ("schedul~"); the query word whose stem it is reads
// better ("scheduling"), so stems are shown as the query's words where one
// has that stem, or as the synonym term that put them there.
Explanation explain(const Xapian::Enquire& enquire, const Xapian::MSetIterator& it, const search::QueryBuilder& builder,
                    const std::string& query) {
    thread_local const Xapian::Stem stem = schema::stemmer();
    std::map<std::string, std::string> word_of;  // stem -> the query's word
    for (const auto& w : words_of(query)) word_of.emplace(stem(w), w);
    for (const auto& s : builder.synonyms_used()) word_of.emplace(stem(s.term), s.term);
    Explanation e;
    for (auto t = enquire.get_matching_terms_begin(it); t != enquire.get_matching_terms_end(it); ++t) {
        auto found = field_of(*t);
        if (!found || search::is_stopword(found->second)) continue;
        std::string shown = found->second;
        if (shown.back() == '~')
            if (const auto w = word_of.find(shown.substr(0, shown.size() - 1)); w != word_of.end()) shown = w->second;
        auto& words = e.fields[found->first];
        if (std::find(words.begin(), words.end(), shown) == words.end()) words.push_back(shown);
    }
    double weight = it.get_weight();
    const double rank = builder.rank_weight();
    const int ranks = rank > 0 ? static_cast<int>(weight / rank) : 0;
    if (builder.ranks_all_terms() && builder.ranks_title_phrase()) {
        e.all_terms = ranks >= 1;
        e.title_phrase = ranks >= 2;
    } else {
        // Without an all-terms rank the query is one term (or a phrase): a match matches all of it.
        e.all_terms = !builder.ranks_all_terms() || ranks >= 1;
        e.title_phrase = builder.ranks_title_phrase() && ranks >= 1;
    }
    e.relevance = weight - ranks * rank;
    return e;
}

// An empty page of `words` to make snippets with. Xapian weighs a snippet's
// words by their weights' bounds in the databases searched, summed: the same
// paper's snippet would be another window over shards than in one database.
// Weighed against a database of one empty document, every word counts alike,
// in any layout; and the words are the query's as the parser gave them,
// which the index has in its fields' terms only (phrases, unstemmed words).
Xapian::MSet highlighter(const Xapian::Query& words) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"  // Xapian 1.4's in-memory backend, for one empty document
    thread_local Xapian::WritableDatabase none = [] {
        Xapian::WritableDatabase db = Xapian::InMemory::open();
        db.add_document(Xapian::Document());
        return db;
    }();
#pragma GCC diagnostic pop
    Xapian::Enquire enquire(none);
    enquire.set_query(words);
    return enquire.get_mset(0, 0);
}

// The snippet from the text that best shows why the paper matched: the
// abstract when the query's words are in it, else the README when they are
// there, else whichever text the paper has. Without Xapian's background
// model, which weighs every other word of the text by its frequency in the
// index (a term lookup a word: 0.4 ms a hit at 60,000 papers, two thirds of
// a page's snippets), the window is chosen by the query's words alone.
void snippet(const Xapian::MSet& mset, Hit& hit) {
    thread_local const Xapian::Stem stem = schema::stemmer();
    const Paper& p = hit.paper;
    std::string fallback;
    for (const std::string* source : {&p.abstract, &p.readme, &p.title}) {
        if (source->empty()) continue;
        const std::string marked = unescape_html(mset.snippet(text::strip_control(*source), k_snippet_bytes, stem,
                                                              Xapian::MSet::SNIPPET_EXHAUSTIVE,
                                                              k_hi_start, k_hi_end, "…"));
        if (marked.find(k_hi_start[0]) != std::string::npos) return split_highlights(marked, hit);
        if (fallback.empty()) fallback = marked;
    }
    split_highlights(fallback, hit);
}

std::vector<std::string> json_list(const std::string& s) {
    if (s.empty()) return {};
    return nlohmann::json::parse(s).get<std::vector<std::string>>();
}

} // namespace

struct Index::Impl {
    std::string path;
    Xapian::Database db;
    search::Vocabulary vocabulary;

    std::string generation;  // the folder db was opened from
    bool remote = false;        // some shards are served by xapian-tcpsrv
    bool xapian_spies = false;  // shards, local or remote: facets counted by Xapian's MatchSpy, not ours
    std::vector<std::string> missing;  // shards left out (OpenOptions::allow_partial)

    // The facet values decoded once, into arrays, for an Index that answers
    // more than one faceted query: the second starts reading them on a
    // thread of its own (its own handle on the generation: a Database is not
    // shared between threads), and the queries that come before it is done
    // read the values of their matches as streams. A process that asks once
    // never pays for reading every value (about 10 ms at 60,000 papers, 200 ms
    // at a million); one that asks again never waits for it.
    std::atomic<unsigned> faceted{0};
    std::once_flag facets_started;
    std::future<void> facets_reading;
    std::unique_ptr<const search::FacetTable> facets;
    std::atomic<const search::FacetTable*> facets_ready{nullptr};

    const search::FacetTable* facet_table() {
        if (const auto* table = facets_ready.load(std::memory_order_acquire)) return table;
        if (xapian_spies) return nullptr;
        if (faceted.fetch_add(1, std::memory_order_relaxed) == 0) return nullptr;
        std::call_once(facets_started, [&] {
            const Xapian::docid last = db.get_lastdocid();
            try {
                facets_reading = std::async(std::launch::async, [this, last] {
                    try {
                        const Xapian::Database own = store::open_folder(generation).db;
                        // Whole only if still there after opening (see Index::open) and the same index.
                        if (!fs::is_directory(generation) || own.get_lastdocid() != last) return;
                        facets = std::make_unique<const search::FacetTable>(search::FacetTable::read(own));
                        facets_ready.store(facets.get(), std::memory_order_release);
                    } catch (...) {
                        // A generation retired meanwhile, or damage the queries
                        // report themselves: they go on reading streams.
                    }
                });
            } catch (const std::system_error&) {
                // No thread to be had: streams it is.
            }
        });
        return nullptr;
    }

    // The thread writes `facets` and `facets_ready`, which go before
    // `facets_reading` (members go in reverse order), so its own waiting
    // destructor would come too late.
    ~Impl() {
        if (facets_reading.valid()) facets_reading.wait();
    }
};

Index::Index(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
Index::Index(Index&&) noexcept = default;
Index& Index::operator=(Index&&) noexcept = default;
Index::~Index() = default;

Index Index::open(const std::string& db_dir) { return open(db_dir, OpenOptions{}); }

Index Index::open(const std::string& db_dir, const OpenOptions& options) {
    auto damaged = [&](const std::string& what) { return Error("the index at " + db_dir + " " + what, ErrorKind::damaged_index, db_dir); };
    auto impl = std::make_unique<Impl>();
    impl->path = db_dir;
    store::Generation current =
        store::open_current(db_dir, shards::RemoteOptions{options.connect_timeout_ms, options.timeout_ms, options.allow_partial});
    impl->db = std::move(current.db);
    impl->generation = std::move(current.folder);
    // Documents of several databases tell their number in their own database
    // (Xapian 1.4's Document::get_docid), which the facet table and streams
    // are indexed by: Xapian's own spies count shards, and remote ones too.
    impl->remote = current.remote;
    impl->xapian_spies = current.remote || current.databases > 1;
    impl->missing = std::move(current.missing);
    try {
        const auto version = impl->db.get_metadata(schema::k_meta_schema);
        if (version.empty()) throw Error(db_dir + " is not an aisys-search index", ErrorKind::damaged_index, db_dir);
        if (version != std::to_string(schema::k_version))
            throw damaged("has schema version " + version + ", this aisys-search reads " + std::to_string(schema::k_version));
        const auto aliases = impl->db.get_metadata(schema::k_meta_venue_aliases);
        if (!aliases.empty())
            impl->vocabulary.venue_aliases = nlohmann::json::parse(aliases).get<std::map<std::string, std::string>>();
        impl->vocabulary.known_venues = json_list(impl->db.get_metadata(schema::k_meta_known_venues));
        for (const auto& f : schema::k_filters)
            if (!f.meta.empty()) impl->vocabulary.values[std::string(f.name)] = json_list(impl->db.get_metadata(std::string(f.meta)));
    } catch (const Xapian::Error& e) {
        throw damaged("is damaged (" + e.get_msg() + ")");
    } catch (const nlohmann::json::exception&) {
        throw damaged("has damaged metadata");
    }
    return Index(std::move(impl));
}

SearchResult Index::search(const SearchRequest& request) const {
    try {
        auto builder = std::make_unique<search::QueryBuilder>(m_impl->db, m_impl->vocabulary);
        Xapian::Query query = builder->build(request);
        std::optional<Suggestion> suggestion;
        if (const std::string corrected = builder->corrected(); !corrected.empty()) {
            // Only a correction that finds something is worth offering; a
            // word the index has in no form finds nothing, so searching the
            // correction instead loses nothing.
            SearchRequest retry = request;
            retry.query = corrected;
            auto retry_builder = std::make_unique<search::QueryBuilder>(m_impl->db, m_impl->vocabulary);
            const Xapian::Query retry_query = retry_builder->build(retry);
            // Searched instead, it needs only one match found here (its total
            // is the search's own, below); offered, it is counted as far as a
            // search counts, never over the whole index.
            Xapian::Enquire count = search::enquire(m_impl->db, retry_query);
            const Xapian::MSet counted = count.get_mset(
                0, 0, search::check_at_least(m_impl->db, request.correct ? 1 : matches_to_check(m_impl->db)));
            if (counted.get_matches_lower_bound() > 0) {
                suggestion = Suggestion{corrected, counted.get_matches_estimated(), request.correct};
                if (request.correct) {
                    builder = std::move(retry_builder);
                    query = retry_query;
                }
            }
        }

        if (request.alike_only && !request.like.empty() && text::trim(request.query).empty()) query = alike_only(m_impl->db, query);
        Xapian::Enquire enquire = search::enquire(m_impl->db, query);
        if (request.sort != SortOrder::relevance) {
            // Newest first: papers without a year (an empty value) last. Oldest
            // first: a slot of its own, where they have a value sorting last.
            const bool newest = request.sort == SortOrder::year;
            const auto year = newest ? schema::filter("year").slot : schema::k_slot_year_oldest_first;
            // A match weighs its rank alone (weighs_ranks_only), so relevance
            // then year is year within each rank; without ranks, year then relevance.
            if (builder->weighs_ranks_only()) enquire.set_sort_by_relevance_then_value(year, newest);
            else enquire.set_sort_by_value_then_relevance(year, newest);
        }
        // Facets count every match up to k_facet_matches, and the total is
        // exact that far; past it both are estimates from that many matches
        // (counting facets over every one of a million matches is what makes
        // a query slow). Without facets only the page is looked for.
        const Xapian::doccount check = request.facets ? matches_to_check(m_impl->db) : 0;
        search::FacetSpies spies(m_impl->db, request.facets ? m_impl->facet_table() : nullptr, m_impl->xapian_spies);
        // Sorted by year over remote shards, Xapian counts some matches twice
        // (FacetSpies::count_alone says why): the facets get a match of their own.
        if (request.facets && m_impl->remote && request.sort != SortOrder::relevance)
            spies.count_alone(m_impl->db, query, search::check_at_least(m_impl->db, check));
        else if (request.facets)
            spies.attach(enquire);
        const Xapian::MSet mset =
            enquire.get_mset(static_cast<Xapian::doccount>(request.offset), static_cast<Xapian::doccount>(request.limit),
                             search::check_at_least(m_impl->db, check));

        SearchResult result;
        result.missing_shards = m_impl->missing;
        result.query = request.query;
        result.did_you_mean = suggestion;
        if (suggestion && suggestion->applied) result.did_you_mean->total = mset.get_matches_estimated();
        result.synonyms = builder->synonyms_used();
        result.total = mset.get_matches_estimated();
        result.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
        if (request.facets) {
            result.facets = spies.counts();
            // A spy that saw fewer documents than match counts part of them.
            result.exact = result.exact && spies.seen() == result.total;
        }
        auto add_hits = [&](const Xapian::MSet& found, const Xapian::Enquire& from, bool related) {
            const Xapian::MSet words = request.snippets ? highlighter(builder->words()) : Xapian::MSet();
            for (auto it = found.begin(); it != found.end(); ++it) {
                Hit hit;
                hit.rank = related ? result.hits.size() + 1 + request.offset : it.get_rank() + 1;  // get_rank() counts the offset
                hit.score = it.get_weight();
                hit.related = related;
                hit.paper = paper_from_json(it.get_document().get_data());
                if (request.explain && !related) hit.explanation =
                    explain(from, it, *builder, suggestion && suggestion->applied ? suggestion->query : request.query);
                if (request.snippets) snippet(words, hit);
                result.hits.push_back(std::move(hit));
            }
        };
        add_hits(mset, enquire, false);
        // A first page the matches leave short is filled with papers like the
        // top matches: "pipedream" finds PipeDream, then other pipeline-parallel work.
        if (request.related && !request.query.empty() && request.like.empty() && request.offset == 0 && !builder->excludes() &&
            !mset.empty() && mset.size() < request.limit && request.sort == SortOrder::relevance) {
            std::vector<Xapian::docid> top;
            for (auto it = mset.begin(); it != mset.end() && top.size() < k_related_seeds; ++it) top.push_back(*it);
            if (const Xapian::Query related = builder->related_query(top, query); !related.empty()) {
                Xapian::Enquire more = search::enquire(m_impl->db, related);
                add_hits(more.get_mset(0, static_cast<Xapian::doccount>(request.limit - mset.size()),
                                       search::check_at_least(m_impl->db, 0)),
                         more, true);
            }
        }
        return result;
    } catch (const Xapian::Error& e) {
        throw_read_error(m_impl->path, "search", e);
    }
}

std::optional<Paper> Index::find(const std::string& id) const {
    try {
        // Ids are written in lower case (slugs, arXiv ids): "Gavel" is gavel.
        for (const std::string& key : {id, text::to_lower(id)}) {
            const std::string term = std::string(schema::k_id) + key;
            auto it = m_impl->db.postlist_begin(term);
            if (it != m_impl->db.postlist_end(term)) return paper_from_json(m_impl->db.get_document(*it).get_data());
        }
        return std::nullopt;
    } catch (const Xapian::Error& e) {
        throw_read_error(m_impl->path, "lookup", e);
    }
}

std::vector<std::string> Index::nearest_ids(const std::string& id, std::size_t count) const {
    const std::string wanted = text::to_lower(id);
    std::vector<std::pair<std::size_t, std::string>> near;  // (distance, id)
    try {
        const std::string prefix(schema::k_id);
        for (auto t = m_impl->db.allterms_begin(prefix); t != m_impl->db.allterms_end(prefix); ++t) {
            const std::string candidate = (*t).substr(prefix.size());
            const std::size_t distance = text::edit_distance(wanted, candidate);
            if (distance * 3 <= std::max(wanted.size(), candidate.size())) near.emplace_back(distance, candidate);
        }
    } catch (const Xapian::Error& e) {
        throw_read_error(m_impl->path, "lookup", e);
    }
    std::sort(near.begin(), near.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < near.size() && i < count; ++i) out.push_back(near[i].second);
    return out;
}

void Index::for_each_paper(const std::function<void(const Paper&)>& visit) const {
    std::vector<Xapian::docid> docs;  // read first: visit may take its time, the walk holds no iterator meanwhile
    try {
        for (auto it = m_impl->db.postlist_begin(""); it != m_impl->db.postlist_end(""); ++it) docs.push_back(*it);
    } catch (const Xapian::Error& e) {
        throw_read_error(m_impl->path, "reading", e);
    }
    for (const auto doc : docs) {
        Paper paper;
        try {
            paper = paper_from_json(m_impl->db.get_document(doc).get_data());
        } catch (const Xapian::Error& e) {
            throw_read_error(m_impl->path, "reading", e);
        }
        visit(paper);
    }
}

IndexStats Index::stats() const {
    try {
        IndexStats stats;
        stats.path = m_impl->path;
        stats.papers = m_impl->db.get_doccount();
        for (auto it = m_impl->db.metadata_keys_begin("aisys."); it != m_impl->db.metadata_keys_end("aisys."); ++it) {
            const std::string key = *it;
            if (key == schema::k_meta_venue_aliases || key == schema::k_meta_known_venues) continue;  // tables, not facts about this index
            stats.metadata[key.substr(6)] = m_impl->db.get_metadata(key);
        }
        Xapian::Enquire enquire = search::enquire(m_impl->db, search::match_all());
        search::FacetSpies spies(m_impl->db, nullptr, m_impl->xapian_spies);  // every document: the streams read once anyway
        spies.attach(enquire);
        enquire.get_mset(0, 0, m_impl->db.get_doccount());
        stats.facets = spies.counts();
        return stats;
    } catch (const Xapian::Error& e) {
        throw_read_error(m_impl->path, "reading", e);
    }
}

} // namespace aisys

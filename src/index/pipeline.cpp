#include "index/pipeline.hpp"

#include "index/shards.hpp"
#include "index/store.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace fs = std::filesystem;

namespace aisys::build {

namespace {

/// Documents a worker may run ahead of the writers.
constexpr std::size_t k_queue_depth = 512;

/// Distinct words gathered for the spelling table before they are written:
/// bounds the memory a huge vocabulary takes.
constexpr std::size_t k_spelling_batch = 1u << 20;

// The words of a document that feed "did you mean": its exact fields' words
// as written (titles, categories, authors, abstracts; READMEs are not kept as written).
std::vector<std::pair<std::string, Xapian::termcount>> spelling_words(const Xapian::Document& doc) {
    std::map<std::string, Xapian::termcount> words;  // a word in two fields is one word
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        const std::string_view word = schema::written_word(term);
        if (word.empty()) continue;
        const unsigned char first = static_cast<unsigned char>(word[0]);
        if (word.size() >= 3 && word.size() <= 32 && (std::islower(first) || first >= 0x80))
            words[std::string(word)] += t.get_wdf();
    }
    return {words.begin(), words.end()};
}

} // namespace

std::string fnv_hex(std::string_view data, std::uint64_t h) {
    for (const unsigned char c : data) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

void Facts::add(const Paper& p) {
    for (const auto& f : schema::k_filters)
        if (!f.meta.empty())
            for (const auto& value : f.values(p)) add(f.name, value);
    if (p.venue_known && !p.venue.empty()) add(k_known_venues, p.venue);
    readmes += !p.readme.empty();
    abstracts += !p.abstract.empty();
}

Pipeline::Pipeline(Xapian::WritableDatabase& meta, std::vector<Xapian::WritableDatabase>& shards,
                   const synonyms::PhraseMatcher* matcher, unsigned threads, std::vector<fs::path> previous)
    : m_meta(meta), m_shards(shards), m_matcher(matcher), m_previous(std::move(previous)), m_jobs(k_queue_depth),
      m_built(k_queue_depth) {
    for (const auto& p : m_previous) m_next_docid = std::max(m_next_docid, Xapian::Database(p.string()).get_lastdocid() + 1);
    m_kept.assign(m_next_docid, false);
    if (m_shards.size() > 1)
        for (unsigned k = 0; k < m_shards.size(); ++k) m_writes.push_back(std::make_unique<BoundedQueue<Write>>(k_queue_depth));
    for (unsigned i = 0; i < threads; ++i) m_workers.emplace_back([this] { work(); });
    m_orderer = std::thread([this] { order(); });
    for (unsigned k = 0; k < m_writes.size(); ++k) m_writers.emplace_back([this, k] { write_shard(k); });
}

Pipeline::~Pipeline() { stop(); }

void Pipeline::add(Paper paper) {
    check_failed();
    m_facts.add(paper);
    m_jobs.push(Job{m_next_seq++, std::move(paper)});
}

void Pipeline::finish() {
    m_jobs.close();
    for (auto& w : m_workers) w.join();
    m_workers.clear();
    m_built.close();
    m_orderer.join();
    for (auto& q : m_writes) q->close();
    for (auto& w : m_writers) w.join();
    m_writers.clear();
    check_failed();
    flush_spelling();
    remove_vanished();
}

void Pipeline::stop() {
    m_jobs.close();
    m_built.close();
    for (auto& q : m_writes) q->close();
    for (auto& w : m_workers)
        if (w.joinable()) w.join();
    if (m_orderer.joinable()) m_orderer.join();
    for (auto& w : m_writers)
        if (w.joinable()) w.join();
}

void Pipeline::fail(std::exception_ptr e) {
    std::lock_guard lock(m_error_mutex);
    if (!m_error) m_error = e;
    m_jobs.close();
    m_built.close();
    for (auto& q : m_writes) q->close();
}

void Pipeline::check_failed() {
    std::lock_guard lock(m_error_mutex);
    if (m_error) std::rethrow_exception(m_error);
}

// A worker: unchanged papers are only looked up; the rest are built.
void Pipeline::work() {
    try {
        Xapian::TermGenerator generator;
        generator.set_stemmer(schema::cached_stemmer());
        // Handles of its own: Xapian objects are not shared between threads.
        std::vector<Xapian::Database> previous;
        for (const auto& p : m_previous) previous.emplace_back(p.string());
        const unsigned count = static_cast<unsigned>(m_shards.size());
        while (auto job = m_jobs.pop()) {
            Built b;
            b.seq = job->seq;
            b.shard = shards::route(job->paper.id, count);
            b.id_term = std::string(schema::k_id) + job->paper.id;
            const std::string signature = fnv_hex(paper_to_json(job->paper));
            if (!previous.empty()) {
                const Xapian::Database& old = previous[b.shard];
                auto posting = old.postlist_begin(b.id_term);
                if (posting != old.postlist_end(b.id_term)) {
                    if (old.get_document(*posting, Xapian::DOC_ASSUME_VALID).get_value(schema::k_slot_signature) == signature)
                        b.unchanged = *posting;
                    else
                        b.previous = *posting;
                }
            }
            if (!b.unchanged) {
                b.doc = schema::make_document(job->paper, generator, m_matcher);
                b.doc.add_value(schema::k_slot_signature, signature);
                b.spellings = spelling_words(b.doc);
            }
            if (!m_built.push(std::move(b))) return;
        }
    } catch (...) {
        fail(std::current_exception());
    }
}

// Documents in input order, whichever worker built them, so that papers are
// numbered in that order, however many shards they go to.
void Pipeline::order() {
    try {
        std::map<std::size_t, Built> waiting;
        std::size_t next = 0;
        while (auto b = m_built.pop()) {
            waiting.emplace(b->seq, std::move(*b));
            for (auto it = waiting.find(next); it != waiting.end(); it = waiting.find(next)) {
                store(it->second);
                waiting.erase(it);
                ++next;
            }
        }
    } catch (...) {
        fail(std::current_exception());
    }
}

void Pipeline::store(Built& b) {
    if (b.unchanged) {
        m_kept[b.unchanged] = true;
        ++m_report.unchanged;
    } else {
        // A paper keeps its number: the previous index's, else the one this
        // build gave an earlier paper of the same id, else the next one.
        const auto [seen, first] = m_ids.try_emplace(b.id_term, b.previous);
        if (first && !seen->second) seen->second = m_next_docid++;
        const Xapian::docid docid = seen->second;
        if (b.previous && b.previous < m_kept.size()) m_kept[b.previous] = true;
        if (first) ++(b.previous ? m_report.changed : m_report.added);
        if (m_writes.empty()) m_shards[0].replace_document(docid, b.doc);
        else if (!m_writes[b.shard]->push(Write{docid, std::move(b.doc)})) return;
        // The spelling table gets each word once, with its total, not once a document.
        for (auto& [word, freq] : b.spellings) m_spelling[std::move(word)] += freq;
        if (m_spelling.size() >= k_spelling_batch) flush_spelling();
    }
    store::fault_point("after-docs", ++m_written);
}

void Pipeline::write_shard(unsigned k) {
    try {
        while (auto w = m_writes[k]->pop()) m_shards[k].replace_document(w->docid, w->doc);
    } catch (...) {
        fail(std::current_exception());
    }
}

void Pipeline::flush_spelling() {
    for (const auto& [word, freq] : m_spelling) m_meta.add_spelling(word, freq);
    m_spelling.clear();
}

// Papers of the previous index that this build was not given.
void Pipeline::remove_vanished() {
    for (std::size_t k = 0; k < m_previous.size(); ++k) {
        const Xapian::Database old(m_previous[k].string());
        for (auto it = old.postlist_begin(""); it != old.postlist_end(""); ++it) {
            if (*it < m_kept.size() && m_kept[*it]) continue;
            m_shards[k].delete_document(*it);
            ++m_report.removed;
        }
    }
}

} // namespace aisys::build

#include "index/schema.hpp"

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/synonyms.hpp>
#include <aisys/text.hpp>

#include <algorithm>
#include <unordered_map>
#include <cctype>

namespace aisys::schema {

Xapian::Stem stemmer() { return Xapian::Stem("english"); }

namespace {

// Words repeat (Zipf): most of a corpus's word occurrences are a few
// thousand words, so each is stemmed once and looked up after. Not
// thread-safe: one per thread.
class CachedStem : public Xapian::StemImplementation {
public:
    std::string operator()(const std::string& word) override {
        if (auto it = m_cache.find(word); it != m_cache.end()) return it->second;
        if (m_cache.size() >= k_max_words) m_cache.clear();  // bounded memory on endless vocabularies
        return m_cache.emplace(word, m_stem(word)).first->second;
    }
    std::string get_description() const override { return "cached " + m_stem.get_description(); }

private:
    static constexpr std::size_t k_max_words = 1u << 20;
    Xapian::Stem m_stem{"english"};
    std::unordered_map<std::string, std::string> m_cache;
};

} // namespace

Xapian::Stem cached_stemmer() { return Xapian::Stem(new CachedStem); }

std::string filter_term(std::string_view prefix, std::string_view value) {
    // Xapian refuses terms over 245 bytes; a heading can be longer. Cut the
    // same way here for the document and the query, it still filters.
    std::string term = std::string(prefix) + text::to_lower(value);
    if (term.size() > k_max_term_bytes) {
        std::size_t end = k_max_term_bytes;
        while (end > 0 && (static_cast<unsigned char>(term[end]) & 0xC0) == 0x80) --end;
        term.resize(end);
    }
    return term;
}

std::string field_term(const TextField& field, const std::string& term) {
    thread_local const Xapian::Stem stem = stemmer();
    if (term.size() > 1 && term[0] == 'Z') return "Z" + std::string(field.prefix) + term.substr(1);
    return "Z" + std::string(field.prefix) + stem(term);
}

std::string_view written_word(std::string_view term) {
    for (const auto& f : k_text_fields)
        if (f.exact && term.size() > f.prefix.size() && term.substr(0, f.prefix.size()) == f.prefix) {
            const unsigned char first = static_cast<unsigned char>(term[f.prefix.size()]);
            if (std::islower(first) || std::isdigit(first) || first >= 0x80) return term.substr(f.prefix.size());
        }
    return {};
}

std::string list_name(std::string_view list) {
    std::string_view name = list;
    while (!name.empty() && name.back() == '/') name.remove_suffix(1);
    if (const auto slash = name.find_last_of('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
    return std::string(name);
}

const FilterField& filter(std::string_view name) {
    for (const auto& f : k_filters)
        if (f.name == name) return f;
    throw std::logic_error("no filter " + std::string(name));
}

std::array<const FilterField*, k_facet_count> facets() {
    std::array<const FilterField*, k_facet_count> out{};
    std::size_t n = 0;
    for (const auto& f : k_filters)
        if (f.facet) out[n++] = &f;
    return out;
}

namespace {

const TextField& field(std::string_view name) {
    for (const auto& f : k_text_fields)
        if (f.name == name) return f;
    throw std::logic_error("no text field " + std::string(name));
}

// The parts of the CamelCase names in `text`, each at least three letters:
// "PagedAttention" -> paged, attention; "MegaBlocks" -> mega, blocks. Names
// of systems and techniques are written this way, and people search their
// parts ("paged attention"). "vLLM" and "GPUs" are not split.
std::vector<std::string> camel_case_parts(const std::string& text) {
    std::vector<std::string> parts;
    auto flush = [&](std::size_t begin, std::size_t end) {
        std::vector<std::string> pieces;
        std::size_t start = begin;
        for (std::size_t i = begin + 1; i < end; ++i)
            if (std::islower(static_cast<unsigned char>(text[i - 1])) && std::isupper(static_cast<unsigned char>(text[i]))) {
                pieces.push_back(text.substr(start, i - start));
                start = i;
            }
        pieces.push_back(text.substr(start, end - start));
        if (pieces.size() < 2) return;
        for (const auto& piece : pieces)
            if (piece.size() < 3 || !std::all_of(piece.begin(), piece.end(), [](unsigned char c) { return std::isalpha(c); }))
                return;
        for (const auto& piece : pieces) parts.push_back(text::to_lower(piece));
    };
    std::size_t begin = 0;
    for (std::size_t i = 0; i <= text.size(); ++i)
        if (i == text.size() || !std::isalnum(static_cast<unsigned char>(text[i]))) {
            if (i > begin) flush(begin, i);
            begin = i + 1;
        }
    return parts;
}

// A word as the term generator would have indexed it in the field (without a position).
void add_terms(Xapian::Document& doc, const TextField& field, const std::string& word, Xapian::termcount wdf) {
    if (word.size() > k_max_word_bytes) return;  // as the term generator skips them
    thread_local const Xapian::Stem stem = stemmer();
    const std::string stemmed = stem(word);
    doc.add_term("Z" + stemmed, wdf);
    doc.add_term("Z" + std::string(field.prefix) + stemmed, wdf);
    if (field.exact) doc.add_term(std::string(field.prefix) + word, wdf);
}

// The synonym terms of the phrases in `text`, in the field, the way the term
// generator writes words.
void add_synonym_terms(Xapian::Document& doc, const TextField& field, const std::string& text,
                       const synonyms::PhraseMatcher& matcher) {
    for (const auto& [term, count] : matcher.find(words_of(text))) add_terms(doc, field, term, count);
}

// Indexes `text` into the field (its stems, and for an exact field its words
// with positions) and into the text's stems ("Zschedul": "anywhere").
void index_field(Xapian::TermGenerator& generator, std::string_view name, const std::string& text,
                 const synonyms::PhraseMatcher* matcher) {
    if (text.empty()) return;
    const TextField& f = field(name);
    const std::string prefix(f.prefix);
    if (f.exact) generator.index_text(text, 1, prefix);
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    if (!f.exact) generator.index_text_without_positions(text, 1, prefix);
    generator.index_text_without_positions(text);
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
    Xapian::Document doc = generator.get_document();  // a handle on the document being built
    if (matcher) add_synonym_terms(doc, f, text, *matcher);
    if (name != "author")
        for (const auto& part : camel_case_parts(text)) add_terms(doc, f, part, 1);
    // A gap so that phrases never match across two fields.
    generator.increase_termpos(100);
}

} // namespace

Xapian::Document make_document(const Paper& paper, Xapian::TermGenerator& generator,
                               const synonyms::PhraseMatcher* matcher) {
    if (paper.id.empty() || paper.id.size() > k_max_id_bytes)
        throw Error("paper id '" + text::truncate(paper.id, 80) + "' is empty or longer than " +
                    std::to_string(k_max_id_bytes) + " bytes");
    Xapian::Document doc;
    generator.set_document(doc);

    index_field(generator, "title", paper.title, matcher);
    for (const auto& category : paper.categories) index_field(generator, "category", category, matcher);
    for (const auto& author : paper.authors) index_field(generator, "author", author, nullptr);
    index_field(generator, "abstract", paper.abstract, matcher);
    index_field(generator, "readme", paper.readme, matcher);
    const std::string venue = paper.venue + (paper.year ? " " + std::to_string(*paper.year) : "");
    index_field(generator, "venue", text::trim(venue), nullptr);
    // The repository's name, not its owner (often a fork's): "FlexGen", "vllm".
    std::vector<std::string> repos{paper.repo};
    repos.insert(repos.end(), paper.other_repos.begin(), paper.other_repos.end());
    for (const auto& repo : repos)
        if (const auto full = github_repo(repo)) index_field(generator, "repo", full->substr(full->find('/') + 1), nullptr);

    doc.add_boolean_term(std::string(k_id) + paper.id);
    for (const auto& f : k_filters) {
        const std::vector<std::string> values = f.values(paper);
        std::string slot;
        for (const auto& value : values) {
            doc.add_boolean_term(filter_term(f.prefix, value));
            if (!slot.empty()) slot += k_value_separator;
            slot += value;
        }
        if (f.slot == Xapian::BAD_VALUENO || values.empty()) continue;
        if (f.numeric) doc.add_value(f.slot, Xapian::sortable_serialise(std::stod(values.front())));
        else doc.add_value(f.slot, slot);
    }

    doc.add_value(k_slot_year_oldest_first, paper.year ? Xapian::sortable_serialise(*paper.year) : k_no_year);

    doc.set_data(paper_to_json(paper));
    // The generator keeps a handle on the document it was given. Handles
    // count their references without atomics, so a handle left here would
    // race with the writer thread's copies of this document once the worker
    // moves on to the next paper (CI's AddressSanitizer caught the early free).
    generator.set_document(Xapian::Document());
    return doc;
}

} // namespace aisys::schema

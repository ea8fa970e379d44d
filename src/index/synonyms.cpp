// The synonym table, the acronym definitions mined from text, and the phrase
// matcher that gives every paper the terms of the phrases it contains.

#include <aisys/error.hpp>
#include <aisys/synonyms.hpp>
#include <aisys/text.hpp>

#include "index/synonyms.hpp"
#include "util/file.hpp"
#include "util/tsv.hpp"

#include <xapian.h>

#include <algorithm>
#include <cctype>

namespace aisys {

namespace {

std::string join_words(const std::vector<std::string>& words, std::size_t from = 0,
                       std::size_t to = std::string::npos) {
    std::string out;
    for (std::size_t i = from; i < std::min(to, words.size()); ++i) out += (out.empty() ? "" : " ") + words[i];
    return out;
}

bool is_term(const std::string& term) {
    return !term.empty() && std::all_of(term.begin(), term.end(), [](unsigned char c) {
        return std::islower(c) || std::isdigit(c);
    });
}

} // namespace

std::vector<std::string> words_of(std::string_view text) {
    std::vector<std::string> words;
    std::string word;
    for (Xapian::Utf8Iterator it(text.data(), text.size()); it != Xapian::Utf8Iterator(); ++it) {
        const unsigned ch = *it;
        if (Xapian::Unicode::is_wordchar(ch) && ch != '_') {
            Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
        } else if (!word.empty()) {
            words.push_back(std::move(word));
            word.clear();
        }
    }
    if (!word.empty()) words.push_back(std::move(word));
    return words;
}

SynonymTable SynonymTable::parse(std::string_view tsv) {
    SynonymTable table;
    for_each_tsv_row(tsv, [&](int number, const std::vector<std::string>& cols) {
        auto bad = [&](const std::string& why) {
            return Error("synonym table line " + std::to_string(number) + ": " + why);
        };
        if (cols.size() < 2) throw bad("expected a term and its variants separated by a tab");
        SynonymGroup group{text::trim(cols[0]), {}, "table"};
        if (!is_term(group.term)) throw bad("the term '" + group.term + "' is not one lower-case word");
        for (const auto& variant : split(cols[1], '|')) {
            const std::string phrase = join_words(words_of(variant));
            if (phrase.empty()) throw bad("an empty variant");
            if (phrase != group.term) group.variants.push_back(phrase);
        }
        for (const auto& other : table.m_groups)
            if (other.term == group.term) throw bad("the term '" + group.term + "' is already defined");
        table.m_groups.push_back(std::move(group));
    });
    return table;
}

SynonymTable SynonymTable::load(const std::string& path) { return parse(read_file(path, 1u << 20)); }

bool SynonymTable::add_definition(const AcronymDefinition& definition) {
    const std::string term = text::to_lower(definition.acronym);
    if (!is_term(term) || definition.long_form.empty()) return false;
    for (const auto& group : m_groups)
        for (const auto& variant : group.variants)
            if (variant == definition.long_form) return false;  // the table (or an earlier text) said it first
    for (auto& group : m_groups)
        if (group.term == term) {
            group.variants.push_back(definition.long_form);
            return true;
        }
    m_groups.push_back({term, {definition.long_form}, "mined"});
    return true;
}

namespace {

// Schwartz and Hearst (2003): match the acronym's letters right to left in
// the candidate words; the first letter must start a word. Returns how many
// trailing words form the long form, or 0.
std::size_t long_form_words(const std::string& acronym, const std::vector<std::string>& words) {
    const std::string text = join_words(words);
    long s = static_cast<long>(acronym.size()) - 1;
    long l = static_cast<long>(text.size()) - 1;
    for (; s >= 0; --s) {
        const char c = static_cast<char>(std::tolower(static_cast<unsigned char>(acronym[s])));
        if (!std::isalnum(static_cast<unsigned char>(c))) continue;
        while (l >= 0 && (text[l] != c || (s == 0 && l > 0 && text[l - 1] != ' '))) --l;
        if (l < 0) return 0;
        --l;
    }
    const std::size_t start = static_cast<std::size_t>(l + 1);
    return static_cast<std::size_t>(std::count(text.begin() + static_cast<long>(start), text.end(), ' ')) + 1;
}

// "MoE", "LLMs", "SpMM", "KV": 2 to 10 letters or digits with at least two
// capitals, starting with a letter; a trailing plural s is dropped.
std::string acronym_in(std::string_view inner) {
    std::string a = text::trim(inner);
    if (a.size() > 2 && a.back() == 's' && std::isupper(static_cast<unsigned char>(a[a.size() - 2]))) a.pop_back();
    if (a.size() < 2 || a.size() > 10 || !std::isalpha(static_cast<unsigned char>(a[0]))) return "";
    int capitals = 0;
    for (const char c : a) {
        if (!std::isalnum(static_cast<unsigned char>(c))) return "";
        capitals += std::isupper(static_cast<unsigned char>(c)) ? 1 : 0;
    }
    return capitals >= 2 ? a : "";
}

} // namespace

std::vector<AcronymDefinition> find_acronym_definitions(std::string_view text) {
    std::vector<AcronymDefinition> found;
    const std::string_view stops = ".;:!?()[]{}|\"`*\n";
    for (std::size_t open = text.find('('); open != std::string_view::npos; open = text.find('(', open + 1)) {
        const std::size_t close = text.find(')', open);
        if (close == std::string_view::npos) break;
        if (close - open > 12) continue;
        const std::string acronym = acronym_in(text.substr(open + 1, close - open - 1));
        if (acronym.empty()) continue;
        std::size_t begin = open;
        while (begin > 0 && stops.find(text[begin - 1]) == std::string_view::npos && open - begin < 200) --begin;
        auto words = words_of(text.substr(begin, open - begin));
        const std::size_t window = std::min(acronym.size() + 5, acronym.size() * 2);
        if (words.size() > window) words.erase(words.begin(), words.end() - static_cast<long>(window));
        const std::size_t n = long_form_words(acronym, words);
        if (n < 2 || n > acronym.size() + 3) continue;
        const std::vector<std::string> long_form(words.end() - static_cast<long>(n), words.end());
        if (std::find(long_form.begin(), long_form.end(), text::to_lower(acronym)) != long_form.end()) continue;
        found.push_back({acronym, join_words(long_form)});
    }
    return found;
}

namespace synonyms {

namespace {

std::string plural(const std::string& phrase) { return phrase.back() == 's' ? phrase : phrase + "s"; }

} // namespace

PhraseMatcher::PhraseMatcher(const SynonymTable& table) {
    for (const auto& group : table.groups()) {
        std::vector<std::string> forms = group.variants;
        for (const auto& variant : group.variants) forms.push_back(plural(variant));
        forms.push_back(plural(group.term));
        for (const auto& form : forms) {
            if (form == group.term) continue;
            auto words = words_of(form);
            if (words.empty() || m_keys.count(form)) continue;
            m_keys.emplace(form, group.term);
            m_by_first[words.front()].push_back({std::move(words), group.term});
        }
    }
    for (auto& [first, phrases] : m_by_first)
        std::stable_sort(phrases.begin(), phrases.end(),
                         [](const Phrase& a, const Phrase& b) { return a.words.size() > b.words.size(); });
}

std::map<std::string, Xapian::termcount> PhraseMatcher::find(const std::vector<std::string>& words) const {
    std::map<std::string, Xapian::termcount> counts;
    for (std::size_t i = 0; i < words.size();) {
        std::size_t advance = 1;
        if (auto it = m_by_first.find(words[i]); it != m_by_first.end())
            for (const auto& phrase : it->second)
                if (i + phrase.words.size() <= words.size() &&
                    std::equal(phrase.words.begin(), phrase.words.end(), words.begin() + static_cast<long>(i))) {
                    ++counts[phrase.term];
                    advance = phrase.words.size();
                    break;
                }
        i += advance;
    }
    return counts;
}

void PhraseMatcher::write_synonyms(Xapian::WritableDatabase& db) const {
    for (const auto& [key, term] : m_keys) db.add_synonym(key, term);
}

} // namespace synonyms

} // namespace aisys

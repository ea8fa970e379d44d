// Rewriting the query's text before it is parsed: synonym phrases searched
// as their terms, and words the index does not know corrected.

#include "search/rewrite.hpp"

#include <aisys/synonyms.hpp>

#include "index/schema.hpp"
#include "index/synonyms.hpp"
#include "search/anywhere.hpp"

#include <algorithm>
#include <cctype>

namespace aisys::search {

bool is_stopword(const std::string& word) {
    return std::find_if(std::begin(k_stopwords), std::end(k_stopwords), [&](const char* s) { return word == s; }) !=
           std::end(k_stopwords);
}

namespace {

bool is_operator(const std::string& token) {
    return token == "AND" || token == "OR" || token == "NOT" || token == "XOR" || token == "NEAR" || token == "ADJ";
}

std::string join_with(const std::vector<std::string>& items, const char* sep) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : sep) + item;
    return out;
}


// A word the index has in no form: not as written, not stemmed, not as a synonym phrase.
bool unknown_word(const Xapian::Database& db, const std::string& word) {
    if (word.size() < 3 || is_stopword(word) || std::all_of(word.begin(), word.end(), ::isdigit)) return false;
    return unknown_anywhere(db, word) && db.synonyms_begin(word) == db.synonyms_end(word);
}

} // namespace

// A token of plain words (letters, digits, hyphens, apostrophes) and no
// query syntax: what synonyms and spelling corrections may rewrite.
bool is_plain_token(const std::string& token) {
    if (token.empty() || is_operator(token) || token[0] == '-' || token[0] == '+') return false;
    return std::all_of(token.begin(), token.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '-' || c == '\'' || c >= 0x80;
    });
}

// The query split at spaces outside double quotes: `title:"gpu sharing"` is one token.
std::vector<std::string> query_tokens(const std::string& text) {
    std::vector<std::string> tokens;
    std::string token;
    bool quoted = false;
    for (const char c : text) {
        if (c == '"') quoted = !quoted;
        if (!quoted && std::isspace(static_cast<unsigned char>(c))) {
            if (!token.empty()) tokens.push_back(std::move(token));
            token.clear();
        } else {
            token += c;
        }
    }
    if (!token.empty()) tokens.push_back(std::move(token));
    return tokens;
}

// Runs of plain words that spell a phrase of the index's synonym table
// ("mixture of experts", "KV-cache", "LLMs") are replaced by its term, which
// every paper containing any of the phrases was given at index time.
std::string apply_synonyms(const Xapian::Database& db, const std::string& text, std::vector<SynonymUse>& searched) {
    const std::vector<std::string> tokens = query_tokens(text);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < tokens.size();) {
        std::size_t used = 0;
        for (std::size_t end = std::min(tokens.size(), i + synonyms::k_max_phrase_words); end > i && used == 0; --end) {
            std::vector<std::string> words;
            bool plain = true;
            for (std::size_t k = i; k < end && plain; ++k) {
                plain = is_plain_token(tokens[k]);
                const auto w = words_of(tokens[k]);
                words.insert(words.end(), w.begin(), w.end());
            }
            if (!plain || words.empty() || words.size() > synonyms::k_max_phrase_words) continue;
            const std::string key = join_with(words, " ");
            if (auto syn = db.synonyms_begin(key); syn != db.synonyms_end(key)) {
                searched.push_back({key, *syn});
                out.push_back(*syn);
                used = end - i;
            }
        }
        if (used == 0) out.push_back(tokens[i]);
        i += std::max<std::size_t>(used, 1);
    }
    return join_with(out, " ");
}

// Each unknown word of a plain token replaced by the index's nearest
// spelling; "" when nothing changed.
std::string correct_spelling(const Xapian::Database& db, const std::string& text) {
    std::vector<std::string> tokens = query_tokens(text);
    bool changed = false;
    for (auto& token : tokens) {
        if (!is_plain_token(token)) continue;
        std::vector<std::string> words = words_of(token);
        bool token_changed = false;
        for (auto& word : words)
            if (unknown_word(db, word))
                if (std::string s = db.get_spelling_suggestion(word); !s.empty() && s != word) {
                    word = std::move(s);
                    token_changed = true;
                }
        if (token_changed) {
            token = join_with(words, "-");
            changed = true;
        }
    }
    return changed ? join_with(tokens, " ") : "";
}

} // namespace aisys::search

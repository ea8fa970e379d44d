#pragma once
// The query's text as the user typed it, rewritten before it is parsed.

#include <aisys/search.hpp>

#include <xapian.h>

#include <string>
#include <vector>

namespace aisys::search {

/// Words too common to help a ranking; they still count inside "phrases".
inline constexpr const char* k_stopwords[] = {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from",
                                              "in", "into", "is", "it", "of", "on", "or", "the", "to", "via",
                                              "with", "without"};

/// A word too common to rank by ("of", "the"); it still counts inside phrases.
bool is_stopword(const std::string& word);

/// The query split at spaces outside double quotes: `title:"gpu sharing"` is one token.
std::vector<std::string> query_tokens(const std::string& text);

/// A token of plain words (letters, digits, hyphens, apostrophes) and no
/// query syntax: what synonyms and spelling corrections may rewrite.
bool is_plain_token(const std::string& token);

/// Runs of plain tokens that spell a phrase of the database's synonym table
/// replaced by its term; each replacement is appended to `searched`.
std::string apply_synonyms(const Xapian::Database& db, const std::string& text, std::vector<SynonymUse>& searched);

/// Each word of a plain token that the database has in no form replaced by
/// its nearest spelling; "" when nothing changed.
std::string correct_spelling(const Xapian::Database& db, const std::string& text);

} // namespace aisys::search

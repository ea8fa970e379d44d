#pragma once
// A plain query word matches "anywhere", as the text's stem: the index keeps
// no unstemmed copy of the whole text and positions only in some fields
// (index/schema.hpp), so the parser's unprefixed terms, phrases and
// wildcards are rewritten into the terms the index has here.

#include <xapian.h>

#include <string>

namespace aisys::search {

/// Unprefixed terms: plain ("gpu") or stemmed ("Zschedul"). Prefixed ones
/// start with a capital after the optional Z.
bool is_unprefixed(const std::string& term);

/// `query` with its unprefixed terms as the index has them: a word as the
/// text's stem ("GPU" -> "Zgpu": the index keeps no unstemmed copy of the
/// whole text), phrases and NEAR in each field that keeps positions, and
/// wildcards expanded over the whole index in `db` into the text's stems.
/// Prefixed terms, filters and other leaves stay as they are.
Xapian::Query anywhere(const Xapian::Database& db, const Xapian::Query& query);

/// How many papers have the word anywhere in their text.
Xapian::doccount anywhere_termfreq(const Xapian::Database& db, const std::string& term);

/// True when the index has `word` nowhere, stemmed or as written.
bool unknown_anywhere(const Xapian::Database& db, const std::string& word);

} // namespace aisys::search

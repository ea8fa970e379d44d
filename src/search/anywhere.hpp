#pragma once
// A plain query word matches "anywhere": the index has no unprefixed copy of
// the text (one term stream per word, index/schema.hpp), so the parser's
// unprefixed terms are rewritten into the fields' terms here.

#include <xapian.h>

#include <string>

namespace aisys::search {

/// Unprefixed terms: plain ("gpu") or stemmed ("Zschedul"). Prefixed ones
/// start with a capital after the optional Z.
bool is_unprefixed(const std::string& term);

/// `query` with every unprefixed term searched in every field as one term
/// (OP_SYNONYM of "ZSschedul", "ZXABschedul", ...: the sum of its
/// frequencies in the fields, which is its frequency in the whole text),
/// phrases and NEAR in the fields that keep positions, and wildcards
/// expanded in every field. Prefixed terms, filters and other leaves stay.
Xapian::Query anywhere(const Xapian::Query& query);

/// How many papers have the word anywhere, estimated as the sum over the
/// fields, at most every paper: exact would be a union of posting lists, and
/// over the estimate the likeness evaluation chose this one against the
/// largest field's count (MAP@50 0.520 against 0.514).
Xapian::doccount anywhere_termfreq(const Xapian::Database& db, const std::string& term);

/// True when no field of the index has `word`, stemmed or as written.
bool unknown_anywhere(const Xapian::Database& db, const std::string& word);

} // namespace aisys::search

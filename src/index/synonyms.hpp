#pragma once
// Applying the synonym table: the indexer gives a paper the term of every
// phrase of the table it contains, and stores each phrase as a key of
// Xapian's synonym table, which the query side looks phrases up in.

#include <aisys/synonyms.hpp>

#include <xapian.h>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace aisys::synonyms {

class PhraseMatcher {
public:
    /// Every variant of every group, and the plural of each and of the term.
    explicit PhraseMatcher(const SynonymTable& table);

    /// Term -> how often one of its phrases occurs in `words` (longest match
    /// first, no overlaps). The term itself is not counted: it is indexed as it is.
    std::map<std::string, Xapian::termcount> find(const std::vector<std::string>& words) const;

    /// Stores phrase -> term in the database's synonym table.
    void write_synonyms(Xapian::WritableDatabase& db) const;

    bool empty() const { return m_keys.empty(); }

private:
    struct Phrase {
        std::vector<std::string> words;
        std::string term;
    };
    std::unordered_map<std::string, std::vector<Phrase>> m_by_first;
    std::map<std::string, std::string> m_keys;  ///< phrase -> term
};

/// The longest phrase a query looks up in the synonym table, in words.
inline constexpr std::size_t k_max_phrase_words = 6;

} // namespace aisys::synonyms

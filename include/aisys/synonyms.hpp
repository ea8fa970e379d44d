#pragma once
// The acronym and synonym table (index/synonyms.tsv) and the acronym
// definitions ("Mixture-of-Experts (MoE)") mined from the indexed text.

#include <string>
#include <string_view>
#include <vector>

namespace aisys {

/// Phrases that mean one thing, all indexed and searched as one term.
struct SynonymGroup {
    std::string term;                   ///< one lower-case word, e.g. "moe"
    std::vector<std::string> variants;  ///< lower-case phrases, words separated by one space: "mixture of experts"
    std::string source;                 ///< "table", or "mined" for definitions found in the indexed text
};

/// "Long Form (LF)" found in a text.
struct AcronymDefinition {
    std::string acronym;    ///< as written, without a plural s: "MoE", "LLM"
    std::string long_form;  ///< lower-case words separated by one space: "mixture of experts"
};

class SynonymTable {
public:
    /// Parses the TSV text: term, '|'-separated variants, an optional note;
    /// '#' comments and blank lines ignored. Throws aisys::Error on a bad row.
    static SynonymTable parse(std::string_view tsv);

    /// Loads the table from a file. Throws aisys::Error when unreadable or malformed.
    static SynonymTable load(const std::string& path);

    /// Adds a definition found in the text: a new long form of a known term,
    /// or a new group marked "mined". Returns false when it adds nothing.
    bool add_definition(const AcronymDefinition& definition);

    const std::vector<SynonymGroup>& groups() const { return m_groups; }

private:
    std::vector<SynonymGroup> m_groups;
};

/// Lower-case words of `text` the way the indexer splits them: runs of
/// letters and digits; hyphens, spaces and punctuation separate.
std::vector<std::string> words_of(std::string_view text);

/// Acronym definitions in `text`: a parenthesised acronym right after words
/// whose letters spell it (Schwartz and Hearst's rule: each letter of the
/// acronym, right to left, found in the long form, the first at a word start).
std::vector<AcronymDefinition> find_acronym_definitions(std::string_view text);

} // namespace aisys

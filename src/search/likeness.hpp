#pragma once
// What papers are about, as weighted words: the expansion behind `similar`
// and the related papers that fill a short first page.

#include <xapian.h>

#include <string>
#include <vector>

namespace aisys::search {

/// An unprefixed stemmed term ("Zschedul") and how much it says about the papers.
struct LikeTerm {
    std::string term;
    double weight = 0;
};

/// The `count` terms that best say what the papers `docs` are about.
///
/// Why not Xapian's expansion set over the whole document: a README is mostly
/// about building, running and the project's community (install, license,
/// citation, slides, meetup, blog), and those words, rare across papers,
/// look specific; two papers sharing them are not alike. So the candidates
/// are the words of the title, the abstract and the README's description
/// (its first k_description_words words), weighted by how specific they are
/// (inverse document frequency); and a word the corpus uses much more in
/// READMEs than in titles and abstracts (readme_talk()) is left out: that
/// is learned from the index, no word list. Throws Xapian::Error on a damaged index.
std::vector<LikeTerm> like_terms(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                                 std::size_t count);

/// Whether the stem (unprefixed, "Zinstal") is README talk: its share of
/// READMEs is more than k_readme_talk_ratio times its share of titles and
/// abstracts (the counts of papers with a README and an abstract come from
/// the index's metadata). Throws Xapian::Error on a damaged index.
bool readme_talk(const Xapian::Database& db, const std::string& term);

/// How much more often, per paper, a word appears in READMEs than in titles
/// and abstracts before it counts as README talk. Chosen on the judged
/// `similar` evaluation (benchmarks/RESULTS.md).
inline constexpr double k_readme_talk_ratio = 8.0;

/// How many words of a README's beginning describe the project.
inline constexpr std::size_t k_description_words = 60;

} // namespace aisys::search

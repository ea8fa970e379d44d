#pragma once
// Citations of papers: the BibTeX entry and CSL-JSON item of a paper, and the
// citation keys they share. What the citation printers (--bibtex, export) write.

#include <aisys/paper.hpp>
#include <aisys/venue.hpp>

#include <nlohmann/json.hpp>

#include <map>
#include <set>
#include <string>

namespace aisys::cli {

/// A paper's key before clashes are settled: the first author's surname,
/// lower-case ASCII, the year and the first significant word of the title
/// ("narayanan2020heterogeneity"). Without authors the surname's place is
/// taken by the name a title opens with ("Gavel: ..."), else the paper's id
/// when it is a word, else the title's first word. Never empty.
std::string citation_key_base(const Paper& paper);

/// Keys unique within one output. Every paper is first counted, then keyed:
/// a base key one paper has is its key; papers sharing a base get it with
/// "a", "b", "c", ... in the order of their ids, so that a key does not depend
/// on the order papers are printed in. Not thread-safe.
class CitationKeys {
public:
    void count(const Paper& paper);
    /// The key of a counted paper (an uncounted one gets its base key).
    std::string key(const Paper& paper) const;

private:
    std::map<std::string, std::set<std::string>> m_ids;  // base key -> ids of the papers with it
};

/// What a paper is cited as, from its venue: "inproceedings" (a conference
/// or workshop), "article" (a journal) or "misc" (a preprint, or no venue or
/// one of unknown kind). The venue's version wins over an arXiv one.
std::string bibtex_type(const Paper& paper);

/// The venue's full name from `venues`, else the venue as the paper gives it.
std::string venue_full_name(const Paper& paper, const VenueTable& venues);

/// `s` with the TeX specials escaped (& % $ # _ { } ~ ^ \) and control
/// characters dropped; other UTF-8 kept as it is.
std::string tex_escape(const std::string& s);

/// The link a citation gives: the paper's link, else its arXiv page, else its DOI's.
std::string citation_url(const Paper& paper);

/// One BibTeX entry (ending in a newline) with the key given.
std::string bibtex_entry(const Paper& paper, const std::string& key, const VenueTable& venues);

/// One CSL-JSON item with the key given as its id.
nlohmann::json csl_item(const Paper& paper, const std::string& key, const VenueTable& venues);

} // namespace aisys::cli

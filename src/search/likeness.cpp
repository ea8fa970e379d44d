#include "search/likeness.hpp"

#include <aisys/paper.hpp>

#include "index/schema.hpp"
#include "search/anywhere.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>

namespace aisys::search {

namespace {

/// Title words say most about a paper: each counts as this many abstract words.
constexpr double k_title_tf = 2.0;

// Papers with a README and with an abstract, as the index counted them;
// every paper when an older index did not.
std::pair<double, double> field_docs(const Xapian::Database& db) {
    const double all = std::max<double>(db.get_doccount(), 1);
    try {
        const auto j = nlohmann::json::parse(db.get_metadata(schema::k_meta_field_docs));
        return {std::max(j.at("readme").get<double>(), 1.0), std::max(j.at("abstract").get<double>(), 1.0)};
    } catch (const nlohmann::json::exception&) {
        return {all, all};
    }
}

bool is_stem_after(const std::string& term, std::size_t prefix) {
    return term.size() > prefix + 2 && std::islower(static_cast<unsigned char>(term[prefix]));
}

// The first `words` words of `text`.
std::string beginning(const std::string& text, std::size_t words) {
    std::size_t seen = 0;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const bool space = std::isspace(static_cast<unsigned char>(text[i])) != 0;
        if (!space && !in_word && ++seen > words) return text.substr(0, i);
        in_word = !space;
    }
    return text;
}

// Stem -> how often the paper says it in its title (counted k_title_tf
// times), abstract and README description.
void add_candidates(const Xapian::Database& db, Xapian::docid docid, std::map<std::string, double>& tf) {
    const Xapian::Document doc = db.get_document(docid);
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.rfind("ZS", 0) == 0 && is_stem_after(term, 2)) tf[term.substr(2)] += k_title_tf * t.get_wdf();
        else if (term.rfind("ZXAB", 0) == 0 && is_stem_after(term, 4)) tf[term.substr(4)] += t.get_wdf();
    }
    const std::string readme = paper_from_json(doc.get_data()).readme;
    if (readme.empty()) return;
    Xapian::TermGenerator generator;
    generator.set_stemmer(schema::stemmer());
    generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    Xapian::Document description;
    generator.set_document(description);
    generator.index_text_without_positions(beginning(readme, k_description_words));
    for (auto t = description.termlist_begin(); t != description.termlist_end(); ++t) {
        const std::string term = *t;
        if (term.rfind('Z', 0) == 0 && is_stem_after(term, 1)) tf[term.substr(1)] += t.get_wdf();
    }
}

} // namespace

bool readme_talk(const Xapian::Database& db, const std::string& term) {
    const auto [readmes, abstracts] = field_docs(db);
    const std::string stem = term.substr(1);
    const double all = std::max<double>(db.get_doccount(), 1);
    const double in_readmes = (db.get_termfreq("ZXRD" + stem) + 0.5) / (readmes + 1);
    const double in_text =
        (db.get_termfreq("ZXAB" + stem) + db.get_termfreq("ZS" + stem) + 0.5) / (abstracts + all + 1);
    return in_readmes > k_readme_talk_ratio * in_text;
}

std::vector<LikeTerm> like_terms(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                                 std::size_t count) {
    std::map<std::string, double> tf;
    for (const auto doc : docs) add_candidates(db, doc, tf);
    const double all = std::max<double>(db.get_doccount(), 1);
    std::vector<LikeTerm> terms;
    for (const auto& [stem, f] : tf) {
        const std::string term = "Z" + stem;
        const double n = anywhere_termfreq(db, term);
        // A word only these papers have finds nothing; one in most papers says nothing.
        if (n < 2 || n > all / 2 || readme_talk(db, term)) continue;
        terms.push_back({term, (1 + std::log(f)) * std::log(all / n)});
    }
    std::sort(terms.begin(), terms.end(), [](const LikeTerm& a, const LikeTerm& b) {
        return a.weight != b.weight ? a.weight > b.weight : a.term < b.term;
    });
    if (terms.size() > count) terms.resize(count);
    return terms;
}

} // namespace aisys::search

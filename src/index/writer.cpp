// build_index: papers -> a new generation of the index, swapped in atomically.

#include <aisys/error.hpp>
#include <aisys/index.hpp>

#include "index/schema.hpp"
#include "index/store.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <map>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;

namespace aisys {

namespace {

std::string utc_now() {
    const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return buf;
}

void write_metadata(Xapian::WritableDatabase& db, const std::vector<Paper>& papers, const BuildOptions& options,
                    const nlohmann::json& venue_aliases) {

    std::set<std::string> venues, categories;
    for (const auto& p : papers) {
        if (!p.venue.empty()) venues.insert(p.venue);
        categories.insert(p.categories.begin(), p.categories.end());
    }
    // Category names in the order the lists first give them, which is how people read them.
    std::vector<std::string> ordered;
    for (const auto& p : papers)
        for (const auto& c : p.categories)
            if (std::find(ordered.begin(), ordered.end(), c) == ordered.end()) ordered.push_back(c);

    db.set_metadata(schema::k_meta_schema, std::to_string(schema::k_version));
    db.set_metadata(schema::k_meta_built_at, utc_now());
    db.set_metadata(schema::k_meta_sources, nlohmann::json(options.sources).dump());
    db.set_metadata(schema::k_meta_papers, std::to_string(papers.size()));
    db.set_metadata(schema::k_meta_tool, AISYS_VERSION);
    db.set_metadata(schema::k_meta_venue_aliases, venue_aliases.dump());
    db.set_metadata(schema::k_meta_venues, nlohmann::json(venues).dump());
    db.set_metadata(schema::k_meta_categories, nlohmann::json(ordered).dump());
    std::vector<std::string> lists;
    for (const auto& source : options.sources) lists.push_back(schema::list_name(source));
    db.set_metadata(schema::k_meta_lists, nlohmann::json(lists).dump());
}

// The table plus the definitions the papers give themselves.
SynonymTable synonyms_for(const std::vector<Paper>& papers, const BuildOptions& options) {
    SynonymTable table = options.synonyms ? *options.synonyms : SynonymTable{};
    if (!options.mine_acronyms) return table;
    for (const auto& paper : papers)
        for (const std::string* text : {&paper.title, &paper.abstract, &paper.readme})
            for (const auto& definition : find_acronym_definitions(*text)) table.add_definition(definition);
    return table;
}

nlohmann::json synonym_metadata(const SynonymTable& table) {
    nlohmann::json mined = nlohmann::json::array();
    std::size_t from_table = 0;
    for (const auto& group : table.groups()) {
        if (group.source == "table") ++from_table;
        else mined.push_back({{"term", group.term}, {"variants", group.variants}});
    }
    return {{"table", from_table}, {"mined", mined}};
}

} // namespace

BuildReport build_index(const std::string& db_dir, const std::vector<Paper>& papers, const BuildOptions& options) {
    const fs::path dir(db_dir);
    store::prepare_folder(dir);
    store::BuildLock lock(dir);
    store::remove_stale(dir);

    std::set<std::string> ids;
    for (const auto& p : papers)
        if (!ids.insert(p.id).second) throw Error("two papers share the id '" + p.id + "'");

    const fs::path building = dir / (".tmp-" + std::to_string(::getpid()));
    BuildReport report{db_dir, "", papers.size()};
    try {
        {
            Xapian::WritableDatabase db(building.string(), Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_BACKEND_GLASS);
            Xapian::TermGenerator generator;
            generator.set_stemmer(schema::stemmer());
            // Every indexed word feeds the spelling table behind "did you mean".
            generator.set_database(db);
            generator.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
            const SynonymTable synonyms = synonyms_for(papers, options);
            const synonyms::PhraseMatcher matcher(synonyms);
            matcher.write_synonyms(db);
            db.set_metadata(schema::k_meta_synonyms, synonym_metadata(synonyms).dump());
            std::size_t done = 0;
            for (const auto& paper : papers) {
                db.replace_document(std::string(schema::k_id) + paper.id,
                                    schema::make_document(paper, generator, matcher.empty() ? nullptr : &matcher));
                store::fault_point("kill-after-docs", ++done);
            }
            nlohmann::json aliases = nlohmann::json::object();
            if (options.venues)
                for (const auto& venue : options.venues->venues())
                    for (const auto& alias : venue.aliases) aliases[alias] = venue.name;
            write_metadata(db, papers, options, aliases);
            db.commit();
            db.close();
        }
        report.generation = store::publish(dir, building);
    } catch (const Xapian::Error& e) {
        std::error_code ec;
        fs::remove_all(building, ec);
        throw Error("building the index in " + db_dir + " failed: " + e.get_description() +
                    "; the previous index is unchanged");
    } catch (const fs::filesystem_error& e) {
        std::error_code ec;
        fs::remove_all(building, ec);
        throw Error("building the index in " + db_dir + " failed: " + e.what() + "; the previous index is unchanged");
    }
    return report;
}

} // namespace aisys

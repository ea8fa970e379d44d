#pragma once
// Where things live on disk.

#include <string>

namespace aisys {

/// The database folder: `explicit_path` when non-empty, else $AISYS_DB, else
/// $XDG_DATA_HOME/aisys-search/index, else ~/.local/share/aisys-search/index.
/// Throws aisys::Error when none of these can be determined (no HOME).
std::string resolve_db_path(const std::string& explicit_path);

/// The fetch cache folder: `explicit_path` when non-empty, else
/// $XDG_CACHE_HOME/aisys-search, else ~/.cache/aisys-search.
std::string resolve_cache_dir(const std::string& explicit_path);

/// The folder holding the default list and the venue table: $AISYS_DATA_DIR,
/// else <prefix>/share/aisys-search beside an installed binary, else the
/// source tree's index/ folder. Throws aisys::Error when none has the files.
std::string data_dir();

/// data_dir() + "/awesome-ai-system.md".
std::string default_list_path();

/// data_dir() + "/venues.tsv".
std::string venue_table_path();

/// data_dir() + "/synonyms.tsv".
std::string synonym_table_path();

} // namespace aisys

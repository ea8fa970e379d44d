#pragma once
// The data tables in index/ (venues.tsv, synonyms.tsv): tab-separated rows,
// '#' comments and blank lines skipped, CRLF tolerated.

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace aisys {

/// Calls `row` with each data row's 1-based line number and its columns.
void for_each_tsv_row(std::string_view tsv, const std::function<void(int line, const std::vector<std::string>& cols)>& row);

/// `s` split at every `sep` (a trailing separator gives a last empty item).
std::vector<std::string> split(const std::string& s, char sep);

} // namespace aisys

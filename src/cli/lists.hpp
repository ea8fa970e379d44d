#pragma once
// The --list arguments of `index` and `catalog`: files, URLs and github:OWNER/REPO.

#include <aisys/catalog.hpp>
#include <aisys/fetch.hpp>

#include <string>
#include <vector>

namespace aisys::cli {

/// The markdown of each list spec, in order (the default list when `specs`
/// is empty). Remote lists are fetched through the cache with `fetch`.
/// Throws aisys::Error naming the list that cannot be had.
std::vector<ListText> load_lists(const std::vector<std::string>& specs, const FetchOptions& fetch);

/// Fetch options from the environment with the cache folder and the
/// AISYS_OFFLINE setting applied.
FetchOptions fetch_options(const std::string& cache, bool offline, bool refresh);

} // namespace aisys::cli

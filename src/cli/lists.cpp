#include "cli/lists.hpp"

#include <aisys/paths.hpp>

#include "util/file.hpp"

#include <cstdlib>

namespace aisys::cli {

std::vector<ListText> load_lists(const std::vector<std::string>& specs, const FetchOptions& fetch) {
    const std::vector<std::string> names = specs.empty() ? std::vector<std::string>{default_list_path()} : specs;
    std::vector<ListText> lists;
    for (const auto& name : names)
        lists.push_back({name, is_remote_list(name) ? fetch_list(name, fetch) : read_file(name, k_max_list_bytes)});
    return lists;
}

FetchOptions fetch_options(const std::string& cache, bool offline, bool refresh) {
    FetchOptions o = FetchOptions::from_environment();
    o.cache_dir = resolve_cache_dir(cache);
    const char* offline_env = std::getenv("AISYS_OFFLINE");
    o.offline = offline || (offline_env && std::string(offline_env) == "1");
    o.refresh = refresh;
    return o;
}

} // namespace aisys::cli

#include "fetch/curl_api.hpp"

#include <aisys/error.hpp>

#include <dlfcn.h>

namespace aisys::fetch {

namespace {

CurlApi load() {
    void* lib = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (!lib) throw Error(std::string("cannot load libcurl: ") + ::dlerror() + "; run ./setup.sh", ErrorKind::network);
    auto sym = [lib](auto& fn, const char* name) {
        fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(::dlsym(lib, name));
        if (!fn) throw Error(std::string("libcurl has no ") + name + "; it is older than aisys-search needs", ErrorKind::network);
    };
    CurlApi api{};
    sym(api.global_init, "curl_global_init");
    sym(api.easy_init, "curl_easy_init");
    sym(api.easy_cleanup, "curl_easy_cleanup");
    sym(api.easy_setopt, "curl_easy_setopt");
    sym(api.easy_getinfo, "curl_easy_getinfo");
    sym(api.easy_strerror, "curl_easy_strerror");
    sym(api.easy_escape, "curl_easy_escape");
    sym(api.free, "curl_free");
    sym(api.getdate, "curl_getdate");
    sym(api.multi_init, "curl_multi_init");
    sym(api.multi_cleanup, "curl_multi_cleanup");
    sym(api.multi_setopt, "curl_multi_setopt");
    sym(api.multi_add_handle, "curl_multi_add_handle");
    sym(api.multi_remove_handle, "curl_multi_remove_handle");
    sym(api.multi_perform, "curl_multi_perform");
    sym(api.multi_poll, "curl_multi_poll");
    sym(api.multi_info_read, "curl_multi_info_read");
    sym(api.slist_append, "curl_slist_append");
    sym(api.slist_free_all, "curl_slist_free_all");
    return api;
}

} // namespace

const CurlApi& curl() {
    static const CurlApi api = load();  // a throw leaves it to be tried again
    return api;
}

} // namespace aisys::fetch

#pragma once
// libcurl, loaded when the first fetch needs it rather than when the program
// starts: libcurl and the TLS, HTTP/2, LDAP and Kerberos libraries it pulls
// in cost every run of aisys-search 12 ms of dynamic loading, and a search
// never fetches (benchmarks/RESULTS.md).

#include <curl/curl.h>

namespace aisys::fetch {

struct CurlApi {
    decltype(&::curl_global_init) global_init;
    decltype(&::curl_easy_init) easy_init;
    decltype(&::curl_easy_cleanup) easy_cleanup;
    decltype(&::curl_easy_setopt) easy_setopt;
    decltype(&::curl_easy_getinfo) easy_getinfo;
    decltype(&::curl_easy_strerror) easy_strerror;
    decltype(&::curl_easy_escape) easy_escape;
    decltype(&::curl_free) free;
    decltype(&::curl_getdate) getdate;
    decltype(&::curl_multi_init) multi_init;
    decltype(&::curl_multi_cleanup) multi_cleanup;
    decltype(&::curl_multi_setopt) multi_setopt;
    decltype(&::curl_multi_add_handle) multi_add_handle;
    decltype(&::curl_multi_remove_handle) multi_remove_handle;
    decltype(&::curl_multi_perform) multi_perform;
    decltype(&::curl_multi_poll) multi_poll;
    decltype(&::curl_multi_info_read) multi_info_read;
    decltype(&::curl_slist_append) slist_append;
    decltype(&::curl_slist_free_all) slist_free_all;
};

/// libcurl's functions, loaded on first use (thread-safe). Throws
/// aisys::Error when libcurl cannot be loaded.
const CurlApi& curl();

} // namespace aisys::fetch

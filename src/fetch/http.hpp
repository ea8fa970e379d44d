#pragma once
// The HTTP seam: a batch of GET requests in, one response each out. The real
// implementation is libcurl's multi interface; tests point it at a loopback
// server rather than replacing it.

#include <aisys/fetch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace aisys::fetch {

struct HttpRequest {
    std::string url;
    std::vector<std::string> headers;  ///< "Name: value"
};

struct HttpResponse {
    long status = 0;                             ///< final HTTP status; 0 when the transfer failed
    std::map<std::string, std::string> headers;  ///< of the final response, names lower-cased
    std::string body;
    std::string error;                           ///< why the transfer failed, when it did
    bool retryable = false;                      ///< a failure worth another try (timeout, reset, cut short)
    bool unreachable = false;                    ///< name not resolved or connection refused

    std::string header(const std::string& lower_name) const {
        const auto it = headers.find(lower_name);
        return it == headers.end() ? std::string() : it->second;
    }
};

class HttpClient {
public:
    virtual ~HttpClient() = default;
    /// Performs every request, concurrently where the client allows, and
    /// returns the responses in the same order. Never throws for a failed
    /// transfer: that is a response with status 0 and an error.
    virtual std::vector<HttpResponse> perform(const std::vector<HttpRequest>& requests) = 0;
};

/// libcurl: http(s) only (redirects too, at most 5), gzip, the options'
/// timeouts, low-speed cut-off, body cap and connection limits.
std::unique_ptr<HttpClient> make_curl_client(const FetchOptions& options);

/// The User-Agent every request sends.
std::string user_agent();

/// Percent-encodes a query parameter value.
std::string url_escape(const std::string& s);

} // namespace aisys::fetch

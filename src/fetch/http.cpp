#include "fetch/http.hpp"

#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include "fetch/curl_api.hpp"

#include <mutex>

namespace aisys::fetch {

namespace {

void global_init() {
    static std::once_flag once;
    std::call_once(once, [] { fetch::curl().global_init(CURL_GLOBAL_DEFAULT); });
}

struct Transfer {
    HttpResponse response;
    std::size_t max_body = 0;
    bool too_big = false;
    curl_slist* headers = nullptr;
    CURL* easy = nullptr;
};

std::size_t on_body(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    if (t->response.body.size() + n > t->max_body) {
        t->too_big = true;
        return 0;  // aborts the transfer with CURLE_WRITE_ERROR
    }
    t->response.body.append(data, n);
    return n;
}

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* t = static_cast<Transfer*>(user);
    const std::size_t n = size * count;
    const std::string line(data, n);
    if (line.rfind("HTTP/", 0) == 0) {
        t->response.headers.clear();  // a new response of a redirect chain
    } else if (const auto colon = line.find(':'); colon != std::string::npos) {
        t->response.headers[text::to_lower(text::trim(line.substr(0, colon)))] = text::trim(line.substr(colon + 1));
    }
    return n;
}

class CurlClient : public HttpClient {
public:
    explicit CurlClient(const FetchOptions& options) : m_options(options) {
        global_init();
        m_multi = fetch::curl().multi_init();
        if (!m_multi) throw Error("cannot initialise libcurl", ErrorKind::network);
        fetch::curl().multi_setopt(m_multi, CURLMOPT_MAX_TOTAL_CONNECTIONS, static_cast<long>(options.concurrency));
        fetch::curl().multi_setopt(m_multi, CURLMOPT_MAX_HOST_CONNECTIONS, static_cast<long>(options.per_host_connections));
    }
    ~CurlClient() override { fetch::curl().multi_cleanup(m_multi); }

    std::vector<HttpResponse> perform(const std::vector<HttpRequest>& requests) override {
        std::vector<Transfer> transfers(requests.size());
        for (std::size_t i = 0; i < requests.size(); ++i) start(requests[i], transfers[i]);

        int running = 0;
        do {
            fetch::curl().multi_perform(m_multi, &running);
            if (running > 0) fetch::curl().multi_poll(m_multi, nullptr, 0, 1000, nullptr);
        } while (running > 0);

        int left = 0;
        while (CURLMsg* msg = fetch::curl().multi_info_read(m_multi, &left)) {
            if (msg->msg != CURLMSG_DONE) continue;
            Transfer* t = nullptr;
            fetch::curl().easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &t);
            finish(*t, msg->data.result);
        }
        std::vector<HttpResponse> out;
        for (auto& t : transfers) {
            fetch::curl().multi_remove_handle(m_multi, t.easy);
            fetch::curl().easy_cleanup(t.easy);
            fetch::curl().slist_free_all(t.headers);
            out.push_back(std::move(t.response));
        }
        return out;
    }

private:
    void start(const HttpRequest& request, Transfer& t) {
        t.max_body = m_options.max_body_bytes;
        t.easy = fetch::curl().easy_init();
        if (!t.easy) throw Error("cannot initialise libcurl", ErrorKind::network);
        CURL* e = t.easy;
        fetch::curl().easy_setopt(e, CURLOPT_URL, request.url.c_str());
        fetch::curl().easy_setopt(e, CURLOPT_PRIVATE, &t);
        fetch::curl().easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
        fetch::curl().easy_setopt(e, CURLOPT_WRITEDATA, &t);
        fetch::curl().easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
        fetch::curl().easy_setopt(e, CURLOPT_HEADERDATA, &t);
        fetch::curl().easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
        fetch::curl().easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
        fetch::curl().easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
        fetch::curl().easy_setopt(e, CURLOPT_MAXREDIRS, 5L);
        fetch::curl().easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");  // whatever curl can decode: gzip, deflate...
        fetch::curl().easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, m_options.connect_timeout_ms);
        fetch::curl().easy_setopt(e, CURLOPT_TIMEOUT_MS, m_options.total_timeout_ms);
        fetch::curl().easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, m_options.low_speed_bytes);
        fetch::curl().easy_setopt(e, CURLOPT_LOW_SPEED_TIME, m_options.low_speed_seconds);
        fetch::curl().easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, static_cast<curl_off_t>(m_options.max_body_bytes));
        fetch::curl().easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        fetch::curl().easy_setopt(e, CURLOPT_USERAGENT, user_agent().c_str());
        for (const auto& h : request.headers) t.headers = fetch::curl().slist_append(t.headers, h.c_str());
        fetch::curl().easy_setopt(e, CURLOPT_HTTPHEADER, t.headers);
        fetch::curl().multi_add_handle(m_multi, e);
    }

    void finish(Transfer& t, CURLcode result) {
        HttpResponse& r = t.response;
        if (result == CURLE_OK) {
            fetch::curl().easy_getinfo(t.easy, CURLINFO_RESPONSE_CODE, &r.status);
            return;
        }
        r.status = 0;
        r.body.clear();
        switch (result) {
        case CURLE_OPERATION_TIMEDOUT:
            r.error = "timeout";
            r.retryable = true;
            break;
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_RESOLVE_PROXY:
        case CURLE_COULDNT_CONNECT:
            r.error = fetch::curl().easy_strerror(result);
            r.unreachable = true;
            break;
        case CURLE_FILESIZE_EXCEEDED:
            r.error = "answer larger than " + std::to_string(m_options.max_body_bytes) + " bytes";
            break;
        case CURLE_WRITE_ERROR:
            r.error = t.too_big ? "answer larger than " + std::to_string(m_options.max_body_bytes) + " bytes"
                                : "write error";
            break;
        case CURLE_TOO_MANY_REDIRECTS:
            r.error = "too many redirects";
            break;
        case CURLE_UNSUPPORTED_PROTOCOL:
            r.error = "redirected to a scheme other than http(s)";
            break;
        case CURLE_PARTIAL_FILE:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
        case CURLE_BAD_CONTENT_ENCODING:
        case CURLE_SSL_CONNECT_ERROR:
            r.error = std::string("connection failed (") + fetch::curl().easy_strerror(result) + ")";
            r.retryable = true;
            break;
        default:
            r.error = fetch::curl().easy_strerror(result);
        }
    }

    const FetchOptions& m_options;
    CURLM* m_multi = nullptr;
};

} // namespace

std::unique_ptr<HttpClient> make_curl_client(const FetchOptions& options) { return std::make_unique<CurlClient>(options); }

std::string user_agent() { return std::string("aisys-search/") + AISYS_VERSION; }

std::string url_escape(const std::string& s) {
    global_init();
    char* escaped = fetch::curl().easy_escape(nullptr, s.c_str(), static_cast<int>(s.size()));
    if (!escaped) throw Error("cannot encode a URL", ErrorKind::network);
    std::string out(escaped);
    fetch::curl().free(escaped);
    return out;
}

} // namespace aisys::fetch

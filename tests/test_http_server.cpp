#include "http_server.hpp"
#include <catch2/catch.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

using aisys::test::HttpReply;
using aisys::test::HttpRequest;
using aisys::test::HttpServer;

namespace {

void ensure_curl_global() {
    static const bool ok = [] { return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK; }();
    REQUIRE(ok);
}

struct Response {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string body;
    std::vector<std::string> header_lines;  ///< raw lines, CRLF stripped, all responses (redirects too)
    std::string effective_url;

    /// Value of the last header named `name` (case-insensitive), or "" if absent.
    std::string header(const std::string& name) const {
        std::string found;
        for (const auto& line : header_lines) {
            const auto colon = line.find(':');
            if (colon == std::string::npos || colon != name.size()) continue;
            bool same = true;
            for (std::size_t i = 0; i < colon; ++i)
                if (std::tolower(static_cast<unsigned char>(line[i])) != std::tolower(static_cast<unsigned char>(name[i])))
                    same = false;
            if (!same) continue;
            auto value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            found = value;
        }
        return found;
    }
    bool has_header(const std::string& name) const {
        return std::any_of(header_lines.begin(), header_lines.end(), [&](const std::string& line) {
            if (line.size() <= name.size() || line[name.size()] != ':') return false;
            for (std::size_t i = 0; i < name.size(); ++i)
                if (std::tolower(static_cast<unsigned char>(line[i])) != std::tolower(static_cast<unsigned char>(name[i])))
                    return false;
            return true;
        });
    }
};

size_t write_cb(char* data, size_t size, size_t n, void* user) {
    static_cast<Response*>(user)->body.append(data, size * n);
    return size * n;
}

size_t header_cb(char* data, size_t size, size_t n, void* user) {
    std::string line(data, size * n);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (!line.empty()) static_cast<Response*>(user)->header_lines.push_back(line);
    return size * n;
}

struct EasyDeleter {
    void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;

struct SlistDeleter {
    void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
using Slist = std::unique_ptr<curl_slist, SlistDeleter>;

/// A configured easy handle writing into `out`; the caller adds options.
Easy make_easy(const std::string& url, Response& out) {
    ensure_curl_global();
    Easy e(curl_easy_init());
    REQUIRE(e);
    curl_easy_setopt(e.get(), CURLOPT_URL, url.c_str());
    curl_easy_setopt(e.get(), CURLOPT_WRITEFUNCTION, write_cb);
    curl_easy_setopt(e.get(), CURLOPT_WRITEDATA, &out);
    curl_easy_setopt(e.get(), CURLOPT_HEADERFUNCTION, header_cb);
    curl_easy_setopt(e.get(), CURLOPT_HEADERDATA, &out);
    curl_easy_setopt(e.get(), CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e.get(), CURLOPT_NOPROXY, "*");
    // A safety net so a broken server fails the test instead of hanging it.
    curl_easy_setopt(e.get(), CURLOPT_TIMEOUT_MS, 30000L);
    return e;
}

void finish(CURL* e, Response& out) {
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &out.status);
    char* eff = nullptr;
    if (curl_easy_getinfo(e, CURLINFO_EFFECTIVE_URL, &eff) == CURLE_OK && eff) out.effective_url = eff;
}

Response perform(Easy& e, Response& out) {
    out.code = curl_easy_perform(e.get());
    finish(e.get(), out);
    return out;
}

Response get(const std::string& url) {
    Response r;
    auto e = make_easy(url, r);
    return perform(e, r);
}

HttpReply reply(int status, std::string body = {}) {
    HttpReply r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

std::string status_line(const Response& r) {
    for (const auto& l : r.header_lines)
        if (l.rfind("HTTP/", 0) == 0) return l;
    return {};
}

} // namespace

TEST_CASE("http server answers 200 with the handler's headers and body", "[http_server]") {
    HttpServer server([](const HttpRequest&) {
        HttpReply r = reply(200, "hello world");
        r.headers = {{"Content-Type", "text/plain"}, {"X-Test", "yes"}, {"ETag", "\"v1\""}};
        return r;
    });
    REQUIRE(server.url().rfind("http://127.0.0.1:", 0) == 0);

    const Response r = get(server.url() + "/hello");
    REQUIRE(r.code == CURLE_OK);
    CHECK(r.status == 200);
    CHECK(status_line(r) == "HTTP/1.1 200 OK");
    CHECK(r.body == "hello world");
    CHECK(r.header("Content-Type") == "text/plain");
    CHECK(r.header("X-Test") == "yes");
    CHECK(r.header("ETag") == "\"v1\"");
    CHECK(r.header("Content-Length") == "11");
    CHECK(r.header("Connection") == "close");
}

TEST_CASE("http server records method, target, decoded path and query, lower-cased headers", "[http_server]") {
    HttpServer server([](const HttpRequest&) { return reply(200, "ok"); });
    CHECK(server.requests().empty());

    Response r;
    auto e = make_easy(server.url() + "/repos/o%20w/r%2Bx/readme?x=1&name=hello+world&enc=%2Fslash%26amp&flag", r);
    Slist headers(curl_slist_append(nullptr, "X-Custom-Thing: Some Value"));
    headers.reset(curl_slist_append(headers.release(), "If-None-Match: \"abc123\""));
    curl_easy_setopt(e.get(), CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(e.get(), CURLOPT_USERAGENT, "aisys-test/1.0");
    perform(e, r);
    REQUIRE(r.code == CURLE_OK);
    REQUIRE(r.status == 200);

    const auto reqs = server.requests();
    REQUIRE(reqs.size() == 1);
    const HttpRequest& q = reqs[0];
    CHECK(q.method == "GET");
    CHECK(q.target == "/repos/o%20w/r%2Bx/readme?x=1&name=hello+world&enc=%2Fslash%26amp&flag");
    CHECK(q.path == "/repos/o w/r+x/readme");
    CHECK(q.query.size() == 4);
    CHECK(q.query.at("x") == "1");
    CHECK(q.query.at("name") == "hello world");
    CHECK(q.query.at("enc") == "/slash&amp");
    CHECK(q.query.at("flag").empty());
    CHECK(q.headers.at("x-custom-thing") == "Some Value");
    CHECK(q.headers.at("if-none-match") == "\"abc123\"");
    CHECK(q.headers.at("user-agent") == "aisys-test/1.0");
    CHECK(q.headers.count("host") == 1);
    for (const auto& [name, value] : q.headers) {
        CHECK(name == [&] {
            std::string l = name;
            for (char& c : l) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            return l;
        }());
    }

    // Arrival order is kept, and clear_requests forgets everything.
    get(server.url() + "/second");
    get(server.url() + "/third");
    const auto all = server.requests();
    REQUIRE(all.size() == 3);
    CHECK(all[1].path == "/second");
    CHECK(all[2].path == "/third");
    CHECK(all[1].query.empty());
    server.clear_requests();
    CHECK(server.requests().empty());
    get(server.url() + "/fourth");
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0].path == "/fourth");
}

TEST_CASE("http server answers 404 and other statuses with reason phrases", "[http_server]") {
    HttpServer server([](const HttpRequest& req) {
        if (req.path == "/403") return reply(403, "forbidden");
        if (req.path == "/429") {
            HttpReply r = reply(429, "slow down");
            r.headers = {{"Retry-After", "7"}};
            return r;
        }
        if (req.path == "/503") return reply(503, "later");
        if (req.path == "/418") return reply(418, "teapot");
        return reply(404, "not here");
    });

    const Response nf = get(server.url() + "/missing");
    REQUIRE(nf.code == CURLE_OK);
    CHECK(nf.status == 404);
    CHECK(status_line(nf) == "HTTP/1.1 404 Not Found");
    CHECK(nf.body == "not here");

    const Response fb = get(server.url() + "/403");
    CHECK(fb.status == 403);
    CHECK(status_line(fb) == "HTTP/1.1 403 Forbidden");

    const Response tm = get(server.url() + "/429");
    CHECK(tm.status == 429);
    CHECK(status_line(tm) == "HTTP/1.1 429 Too Many Requests");
    CHECK(tm.header("Retry-After") == "7");
    CHECK(tm.body == "slow down");

    const Response su = get(server.url() + "/503");
    CHECK(su.status == 503);
    CHECK(status_line(su) == "HTTP/1.1 503 Service Unavailable");

    const Response other = get(server.url() + "/418");
    CHECK(other.status == 418);
    CHECK(status_line(other) == "HTTP/1.1 418 Status");
    CHECK(other.body == "teapot");
}

TEST_CASE("http server 304 carries no body and no Content-Length", "[http_server]") {
    HttpServer server([](const HttpRequest&) {
        HttpReply r = reply(304, "ignored body");
        r.headers = {{"ETag", "\"v1\""}};
        return r;
    });
    Response r;
    auto e = make_easy(server.url() + "/cached", r);
    Slist headers(curl_slist_append(nullptr, "If-None-Match: \"v1\""));
    curl_easy_setopt(e.get(), CURLOPT_HTTPHEADER, headers.get());
    perform(e, r);
    REQUIRE(r.code == CURLE_OK);
    CHECK(r.status == 304);
    CHECK(status_line(r) == "HTTP/1.1 304 Not Modified");
    CHECK(r.body.empty());
    CHECK_FALSE(r.has_header("Content-Length"));
    CHECK(r.header("ETag") == "\"v1\"");
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0].headers.at("if-none-match") == "\"v1\"");
}

TEST_CASE("http server 301 with Location is followed by curl", "[http_server]") {
    std::string base;
    HttpServer server([&base](const HttpRequest& req) {
        if (req.path == "/old") {
            HttpReply r = reply(301, "moved");
            r.headers = {{"Location", base + "/new?from=old"}};
            return r;
        }
        if (req.path == "/relative") {
            HttpReply r = reply(301);
            r.headers = {{"Location", "/new?from=relative"}};
            return r;
        }
        return reply(200, "new place");
    });
    base = server.url();  // set before any request, so the handler reads a stable value

    Response r;
    auto e = make_easy(server.url() + "/old", r);
    curl_easy_setopt(e.get(), CURLOPT_FOLLOWLOCATION, 1L);
    perform(e, r);
    REQUIRE(r.code == CURLE_OK);
    CHECK(r.status == 200);
    CHECK(r.body == "new place");
    CHECK(r.effective_url == server.url() + "/new?from=old");
    CHECK(status_line(r) == "HTTP/1.1 301 Moved Permanently");

    Response rel;
    auto e2 = make_easy(server.url() + "/relative", rel);
    curl_easy_setopt(e2.get(), CURLOPT_FOLLOWLOCATION, 1L);
    perform(e2, rel);
    REQUIRE(rel.code == CURLE_OK);
    CHECK(rel.status == 200);
    CHECK(rel.body == "new place");

    const auto reqs = server.requests();
    REQUIRE(reqs.size() == 4);
    CHECK(reqs[0].path == "/old");
    CHECK(reqs[1].path == "/new");
    CHECK(reqs[1].query.at("from") == "old");
    CHECK(reqs[2].path == "/relative");
    CHECK(reqs[3].query.at("from") == "relative");

    // Without FOLLOWLOCATION curl reports the 301 itself.
    const Response plain = get(server.url() + "/old");
    REQUIRE(plain.code == CURLE_OK);
    CHECK(plain.status == 301);
    CHECK(plain.header("Location") == server.url() + "/new?from=old");
    CHECK(plain.body == "moved");
}

TEST_CASE("http server gzips bodies that curl decodes", "[http_server]") {
    std::string text;
    for (int i = 0; i < 500; ++i) text += "line " + std::to_string(i % 7) + " of a very repetitive body\n";
    HttpServer server([&text](const HttpRequest&) {
        HttpReply r = reply(200, text);
        r.gzip = true;
        return r;
    });

    Response r;
    auto e = make_easy(server.url() + "/gz", r);
    curl_easy_setopt(e.get(), CURLOPT_ACCEPT_ENCODING, "");
    perform(e, r);
    REQUIRE(r.code == CURLE_OK);
    CHECK(r.status == 200);
    CHECK(r.body == text);
    CHECK(r.header("Content-Encoding") == "gzip");
    const auto announced = std::stoul(r.header("Content-Length"));
    CHECK(announced < text.size());  // Content-Length is that of the compressed body
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0].headers.count("accept-encoding") == 1);

    // With decoding off, the raw bytes are a gzip stream of the announced size.
    Response raw;
    auto e2 = make_easy(server.url() + "/gz", raw);
    curl_easy_setopt(e2.get(), CURLOPT_HTTP_CONTENT_DECODING, 0L);
    perform(e2, raw);
    REQUIRE(raw.code == CURLE_OK);
    REQUIRE(raw.body.size() == announced);
    CHECK(static_cast<unsigned char>(raw.body[0]) == 0x1f);
    CHECK(static_cast<unsigned char>(raw.body[1]) == 0x8b);
}

TEST_CASE("http server truncated reply makes curl fail", "[http_server]") {
    const std::string body(1000, 'x');
    HttpServer server([&body](const HttpRequest&) {
        HttpReply r = reply(200, body);
        r.truncate = true;
        return r;
    });
    const Response r = get(server.url() + "/cut");
    CHECK(r.code == CURLE_PARTIAL_FILE);
    CHECK(r.header("Content-Length") == "1000");
    CHECK(r.body == std::string(500, 'x'));
}

TEST_CASE("http server delay beyond the client's timeout times out", "[http_server]") {
    std::atomic<int> calls{0};
    auto server = std::make_unique<HttpServer>([&calls](const HttpRequest&) {
        ++calls;
        HttpReply r = reply(200, "too late");
        r.delay_ms = 60000;
        return r;
    });
    Response r;
    auto e = make_easy(server->url() + "/slow", r);
    curl_easy_setopt(e.get(), CURLOPT_TIMEOUT_MS, 300L);
    perform(e, r);
    CHECK(r.code == CURLE_OPERATION_TIMEDOUT);
    CHECK(r.body.empty());
    CHECK(calls == 1);
    // The connection thread is still waiting out its 60 s delay: destruction
    // must cut it short (a hang here would show up as a test-suite timeout).
    server.reset();
    SUCCEED("server destroyed while a delayed reply was pending");
}

TEST_CASE("http server short delay still answers", "[http_server]") {
    HttpServer server([](const HttpRequest&) {
        HttpReply r = reply(200, "eventually");
        r.delay_ms = 50;
        return r;
    });
    const Response r = get(server.url() + "/slowish");
    REQUIRE(r.code == CURLE_OK);
    CHECK(r.body == "eventually");
}

TEST_CASE("http server trickles bodies byte by byte", "[http_server]") {
    SECTION("a short trickle arrives whole") {
        HttpServer server([](const HttpRequest&) {
            HttpReply r = reply(200, "abcdef");
            r.trickle_ms = 5;
            return r;
        });
        const Response r = get(server.url() + "/drip");
        REQUIRE(r.code == CURLE_OK);
        CHECK(r.body == "abcdef");
    }
    SECTION("a low-speed limit cuts a long trickle off") {
        HttpServer server([](const HttpRequest&) {
            HttpReply r = reply(200, std::string(10000, 'z'));
            r.trickle_ms = 100;  // 10 bytes/s against a 1000 bytes/s floor
            return r;
        });
        Response r;
        auto e = make_easy(server.url() + "/drip", r);
        curl_easy_setopt(e.get(), CURLOPT_LOW_SPEED_LIMIT, 1000L);
        curl_easy_setopt(e.get(), CURLOPT_LOW_SPEED_TIME, 1L);
        perform(e, r);
        CHECK(r.code == CURLE_OPERATION_TIMEDOUT);
        CHECK(r.body.size() < 10000);
        // The server may still be trickling into the closed connection; the
        // destructor at the end of this scope must not wait for it.
    }
}

TEST_CASE("http server destruction cuts a client mid-trickle short", "[http_server]") {
    auto server = std::make_unique<HttpServer>([](const HttpRequest&) {
        HttpReply r = reply(200, std::string(100000, 'q'));
        r.trickle_ms = 50;  // ~80 minutes if nobody intervenes
        return r;
    });

    struct Shared {
        std::promise<void> first_byte;
        std::atomic<bool> signalled{false};
        std::string body;
    } shared;
    auto first = shared.first_byte.get_future();

    auto on_data = +[](char* data, size_t size, size_t n, void* user) -> size_t {
        auto* s = static_cast<Shared*>(user);
        s->body.append(data, size * n);
        if (!s->signalled.exchange(true)) s->first_byte.set_value();
        return size * n;
    };

    const std::string url = server->url() + "/forever";
    std::promise<CURLcode> result;
    auto result_future = result.get_future();
    ensure_curl_global();
    std::thread client([&] {
        CURL* e = curl_easy_init();
        curl_easy_setopt(e, CURLOPT_URL, url.c_str());
        curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_data);
        curl_easy_setopt(e, CURLOPT_WRITEDATA, &shared);
        curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(e, CURLOPT_NOPROXY, "*");
        curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, 60000L);  // safety net only
        result.set_value(curl_easy_perform(e));
        curl_easy_cleanup(e);
    });

    // Generous bound: only guards against a broken server hanging the suite.
    const bool started = first.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
    if (!started) {
        server.reset();
        client.join();
        FAIL("no body byte arrived");
    }
    server.reset();  // must return although the reply is far from complete
    const CURLcode code = result_future.get();
    client.join();
    CHECK(code != CURLE_OK);
    CHECK(code != CURLE_OPERATION_TIMEDOUT);  // cut by the server, not by the safety net
    CHECK(shared.body.size() < 100000);
}

TEST_CASE("http server answers 500 when the handler throws", "[http_server]") {
    HttpServer server([](const HttpRequest& req) -> HttpReply {
        if (req.path == "/boom") throw std::runtime_error("handler failure");
        return reply(200, "fine");
    });
    const Response r = get(server.url() + "/boom");
    REQUIRE(r.code == CURLE_OK);
    CHECK(r.status == 500);
    CHECK(status_line(r) == "HTTP/1.1 500 Internal Server Error");
    // The request was recorded before the handler ran, and the server keeps serving.
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0].path == "/boom");
    const Response ok = get(server.url() + "/fine");
    REQUIRE(ok.code == CURLE_OK);
    CHECK(ok.body == "fine");
    CHECK(server.requests().size() == 2);
}

TEST_CASE("http server tolerates a request body", "[http_server]") {
    HttpServer server([](const HttpRequest& req) { return reply(200, "got " + req.method); });
    Response r;
    auto e = make_easy(server.url() + "/submit?a=1", r);
    const std::string payload(20000, 'p');
    curl_easy_setopt(e.get(), CURLOPT_POSTFIELDS, payload.c_str());
    curl_easy_setopt(e.get(), CURLOPT_POSTFIELDSIZE, static_cast<long>(payload.size()));
    Slist headers(curl_slist_append(nullptr, "Expect:"));  // send the body at once
    curl_easy_setopt(e.get(), CURLOPT_HTTPHEADER, headers.get());
    perform(e, r);
    REQUIRE(r.code == CURLE_OK);
    CHECK(r.status == 200);
    CHECK(r.body == "got POST");
    REQUIRE(server.requests().size() == 1);
    CHECK(server.requests()[0].headers.at("content-length") == "20000");
    CHECK(server.requests()[0].query.at("a") == "1");
}

TEST_CASE("http server serves many concurrent requests", "[http_server]") {
    HttpServer server([](const HttpRequest& req) {
        HttpReply r = reply(200, "body of " + req.path);
        r.delay_ms = 20;  // keeps connections open at the same time
        return r;
    });
    constexpr int kCount = 20;
    ensure_curl_global();

    struct MultiDeleter {
        void operator()(CURLM* m) const { curl_multi_cleanup(m); }
    };
    std::unique_ptr<CURLM, MultiDeleter> multi(curl_multi_init());
    REQUIRE(multi);
    std::vector<Response> responses(kCount);
    std::vector<Easy> easies;
    for (int i = 0; i < kCount; ++i) {
        easies.push_back(make_easy(server.url() + "/c/" + std::to_string(i) + "?i=" + std::to_string(i), responses[i]));
        REQUIRE(curl_multi_add_handle(multi.get(), easies.back().get()) == CURLM_OK);
    }

    int running = 0;
    do {
        REQUIRE(curl_multi_perform(multi.get(), &running) == CURLM_OK);
        if (running > 0) REQUIRE(curl_multi_poll(multi.get(), nullptr, 0, 1000, nullptr) == CURLM_OK);
    } while (running > 0);

    int msgs = 0;
    while (CURLMsg* msg = curl_multi_info_read(multi.get(), &msgs)) {
        if (msg->msg != CURLMSG_DONE) continue;
        for (int i = 0; i < kCount; ++i)
            if (easies[i].get() == msg->easy_handle) responses[i].code = msg->data.result;
    }
    for (int i = 0; i < kCount; ++i) {
        finish(easies[i].get(), responses[i]);
        curl_multi_remove_handle(multi.get(), easies[i].get());
    }

    for (int i = 0; i < kCount; ++i) {
        INFO("request " << i);
        CHECK(responses[i].code == CURLE_OK);
        CHECK(responses[i].status == 200);
        CHECK(responses[i].body == "body of /c/" + std::to_string(i));
    }
    const auto reqs = server.requests();
    REQUIRE(reqs.size() == kCount);
    std::set<std::string> paths;
    for (const auto& q : reqs) {
        paths.insert(q.path);
        CHECK(q.query.at("i") == q.path.substr(3));
    }
    CHECK(paths.size() == static_cast<std::size_t>(kCount));
}

TEST_CASE("http servers get distinct ports and can be created and destroyed repeatedly", "[http_server]") {
    for (int round = 0; round < 5; ++round) {
        HttpServer a([](const HttpRequest&) { return reply(200, "a"); });
        HttpServer b([](const HttpRequest&) { return reply(200, "b"); });
        CHECK(a.url() != b.url());
        CHECK(get(a.url() + "/").body == "a");
        CHECK(get(b.url() + "/").body == "b");
    }
    // A server nobody talks to shuts down cleanly too.
    { HttpServer idle([](const HttpRequest&) { return reply(200); }); }
    SUCCEED();
}

namespace {
std::size_t open_fd_count() {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator("/proc/self/fd")) ++n;
    return n;
}
} // namespace

TEST_CASE("http server leaves no file descriptors behind", "[http_server]") {
    get("http://127.0.0.1:1/");  // warm curl up (lazy global state), refused connection
    const std::size_t before = open_fd_count();
    {
        HttpServer server([](const HttpRequest& req) {
            HttpReply r = reply(200, std::string(2000, 'f'));
            if (req.path == "/cut") r.truncate = true;
            if (req.path == "/gz") r.gzip = true;
            if (req.path == "/slow") r.delay_ms = 60000;
            return r;
        });
        for (int i = 0; i < 30; ++i) CHECK(get(server.url() + "/plain").code == CURLE_OK);
        CHECK(get(server.url() + "/cut").code == CURLE_PARTIAL_FILE);
        CHECK(get(server.url() + "/gz").code == CURLE_OK);
        Response r;
        auto e = make_easy(server.url() + "/slow", r);
        curl_easy_setopt(e.get(), CURLOPT_TIMEOUT_MS, 100L);
        perform(e, r);
        CHECK(r.code == CURLE_OPERATION_TIMEDOUT);
    }
    CHECK(open_fd_count() == before);
}

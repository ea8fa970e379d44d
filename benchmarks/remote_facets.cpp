// Facets of a search sorted by value over remote shards: the cause, with no
// aisys code, and what counting them in a match of their own costs.
//
// Part 1: two databases of 150 documents served by xapian-tcpsrv, one
// ValueCountMatchSpy, each sort order, pages of 0, 25 and 300. Xapian
// 1.4.22's client counts again, on its own side, the page candidates the
// servers send that sort below the page's last (multimatch.cc), so the spy
// sees more documents than match for a page of 25 sorted by value.
// Part 2: `--papers N` generated papers in two shards served by
// xapian-tcpsrv, the index's commonest words searched through aisys
// (Index::search) sorted by year with facets, without them, and by relevance
// with facets; the median and p95 ms of each, and whether every facet counts
// as many papers as match.
//
//   remote_facets [--papers 10000] [--rounds 5]

#include <aisys/index.hpp>
#include <aisys/search.hpp>

#include "corpora.hpp"
#include "fixtures.hpp"
#include "support.hpp"

#include <CLI/CLI.hpp>
#include <xapian.h>

#include <arpa/inet.h>
#include <csignal>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace aisys;

namespace {

bool accepts(unsigned port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
    ::close(fd);
    return ok;
}

unsigned free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0)
        throw std::runtime_error("no free port on 127.0.0.1");
    ::close(fd);
    return ntohs(addr.sin_port);
}

// xapian-tcpsrv serving `database` on 127.0.0.1 while it lives.
class Server {
public:
    explicit Server(const fs::path& database) : m_port(free_port()) {
        m_pid = ::fork();
        if (m_pid == 0) {
            const int null = ::open("/dev/null", O_WRONLY);  // its note on each connection closed
            ::dup2(null, 1);
            ::dup2(null, 2);
            const std::string port = std::to_string(m_port);
            ::execlp("xapian-tcpsrv", "xapian-tcpsrv", "--interface", "127.0.0.1", "--port", port.c_str(), "--quiet",
                     database.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        while (!accepts(m_port)) {
            if (::waitpid(m_pid, nullptr, WNOHANG) == m_pid) throw std::runtime_error("xapian-tcpsrv did not start");
            ::usleep(10000);  // polling the connect
        }
    }
    ~Server() {
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;
    unsigned port() const { return m_port; }

private:
    unsigned m_port;
    pid_t m_pid = 0;
};

void bare_xapian() {
    test::TempDir dir;
    for (int d = 0; d < 2; ++d) {
        Xapian::WritableDatabase db((dir.path() / ("db" + std::to_string(d))).string(), Xapian::DB_CREATE_OR_OVERWRITE);
        for (int i = 0; i < 150; ++i) {
            Xapian::Document doc;
            doc.add_term("word", static_cast<Xapian::termcount>(1 + (i * 7 + d) % 5));
            doc.add_value(0, Xapian::sortable_serialise(2000 + (i * 13 + d) % 15));
            db.add_document(doc);
        }
        db.commit();
    }
    const Server a(dir.path() / "db0"), b(dir.path() / "db1");
    Xapian::Database db;
    db.add_database(Xapian::Remote::open("127.0.0.1", a.port()));
    db.add_database(Xapian::Remote::open("127.0.0.1", b.port()));
    std::printf("bare Xapian %s, two remote databases, 300 matches:\n", Xapian::version_string());
    for (const char* sort : {"relevance", "value then relevance", "relevance then value", "value"}) {
        std::printf("  %-21s", sort);
        for (const Xapian::doccount page : {0u, 25u, 300u}) {
            Xapian::Enquire enquire(db);
            enquire.set_query(Xapian::Query("word"));
            const std::string s = sort;
            if (s == "value then relevance") enquire.set_sort_by_value_then_relevance(0, true);
            if (s == "relevance then value") enquire.set_sort_by_relevance_then_value(0, true);
            if (s == "value") enquire.set_sort_by_value(0, true);
            Xapian::ValueCountMatchSpy spy(0);
            enquire.add_matchspy(&spy);
            const Xapian::MSet mset = enquire.get_mset(0, page, db.get_doccount());
            std::printf("  page %3u: spy saw %zu of %u", page, static_cast<std::size_t>(spy.get_total()), mset.get_matches_estimated());
        }
        std::printf("\n");
    }
}

std::string generation_of(const fs::path& db) {
    std::ifstream stub(db / "XAPIANDB");
    std::string backend, generation;
    stub >> backend >> generation;
    return generation;
}

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

void through_aisys(std::size_t papers, unsigned rounds) {
    test::TempDir built, reader;
    test::build_test_index(built.str(), test::generated_corpus(papers, 16), {.mine_acronyms = true, .sources = {}, .threads = 0, .shards = 2});
    const fs::path generation = built.path() / generation_of(built.path());
    const Server a(generation / "shard-0"), b(generation / "shard-1");
    std::ofstream(reader.path() / "XAPIANDB") << "# aisys-search shards\nglass " << (generation / "meta").string()
                                              << "\nremote 127.0.0.1:" << a.port() << "\nremote 127.0.0.1:" << b.port() << "\n";
    const Index index = Index::open(reader.str());
    std::vector<std::string> words;
    for (const auto& [word, count] : test::index_words(built.str()))
        if (words.size() < 20) words.push_back(word);
    struct Way {
        const char* name;
        SortOrder sort;
        bool facets;
    };
    std::printf("aisys, %zu generated papers in 2 shards served by xapian-tcpsrv, %zu words x %u rounds:\n", papers,
                words.size(), rounds);
    for (const Way way : {Way{"year, facets", SortOrder::year, true}, Way{"year, no facets", SortOrder::year, false},
                          Way{"relevance, facets", SortOrder::relevance, true}}) {
        std::vector<double> ms;
        std::size_t wrong = 0;
        for (unsigned round = 0; round < rounds; ++round)
            for (const auto& word : words) {
                SearchRequest r;
                r.query = word;
                r.sort = way.sort;
                r.facets = way.facets;
                r.snippets = false;
                const auto start = std::chrono::steady_clock::now();
                const SearchResult result = index.search(r);
                ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
                if (way.facets) {
                    std::size_t counted = 0;
                    for (const auto& [kind, n] : result.facets.at("kind")) counted += n;
                    if (counted != result.total) ++wrong;
                }
            }
        std::printf("  %-18s p50 %7.2f ms  p95 %7.2f ms  facets counting other than the total: %zu\n", way.name,
                    percentile(ms, 0.5), percentile(ms, 0.95), wrong);
    }
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app("Facets of a search sorted by value over remote shards");
    std::size_t papers = 10000;
    unsigned rounds = 5;
    app.add_option("--papers", papers, "generated papers, in two shards")->check(CLI::Range(1, 1000000));
    app.add_option("--rounds", rounds, "times each word is searched")->check(CLI::Range(1, 1000));
    CLI11_PARSE(app, argc, argv);
    try {
        bare_xapian();
        through_aisys(papers, rounds);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "remote_facets: %s\n", e.what());
        return 1;
    }
}

// Issue 12's reduction: the smallest index and query tree that crash Xapian
// 1.4.22's matcher, with no aisys code, and the guard that avoids it.
//
// Two documents, each with the terms a, b and c; the query `c OR (a MAX b)`;
// the best match asked for. Each run is a child process, so the program
// prints what happened instead of dying. Under valgrind, the unguarded run is
// an invalid read in MaxPostList::recalc_maxweight of a GlassPostList (or
// InMemoryPostList) that MaxPostList::erase_sublist deleted earlier in the
// same get_mset (benchmarks/RESULTS.md says why).
//
//   matcher_crash            prints one line per shape: "ok" or the signal

#include <xapian.h>

#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace {

using Q = Xapian::Query;

// What the run of `query` for the top `limit` matches did, in a child.
std::string outcome(const Xapian::Database& db, const Q& query, unsigned limit) {
    const pid_t pid = fork();
    if (pid == 0) {
        Xapian::Enquire enquire(db);
        enquire.set_query(query);
        const Xapian::MSet mset = enquire.get_mset(0, limit);
        std::printf("    top document %u, weight %.6f\n", *mset.begin(), mset.begin().get_weight());
        std::fflush(stdout);
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    if (WIFSIGNALED(status)) return std::string("killed by ") + strsignal(WTERMSIG(status));
    return WEXITSTATUS(status) == 0 ? "ok" : "exit " + std::to_string(WEXITSTATUS(status));
}

} // namespace

int main() {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const auto& [a, b] : {std::pair{1u, 2u}, {2u, 1u}}) {
        Xapian::Document doc;
        doc.add_term("a", a);
        doc.add_term("b", b);
        doc.add_term("c", 2);
        db.add_document(doc);
    }
    const Q reduced(Q::OP_OR, Q("c"), Q(Q::OP_MAX, Q("a"), Q("b")));
    // search::guarded(): a MultiAndPostList root (which never replaces itself),
    // with an OR between it and the query so that Xapian does not hoist an
    // AND_MAYBE or AND_NOT out of the AND.
    const Q guarded(Q::OP_FILTER, Q(Q::OP_OR, reduced, Q("\x01")), Q::MatchAll);
    const struct {
        const char* name;
        Q query;
        unsigned limit;
    } runs[] = {
        {"c OR (a MAX b), top 1", reduced, 1},
        {"c OR (a MAX b), top 2 (every match: the bound never rises)", reduced, 2},
        {"c OR (a OR b), top 1 (no MAX)", Q(Q::OP_OR, Q("c"), Q(Q::OP_OR, Q("a"), Q("b"))), 1},
        {"guarded: (c OR (a MAX b) OR <no term>) FILTER <all documents>, top 1", guarded, 1},
    };
    std::printf("Xapian %s\n", Xapian::version_string());
    for (const auto& run : runs) {
        std::printf("%s\n", run.name);
        std::fflush(stdout);
        std::printf("    %s\n", outcome(db, run.query, run.limit).c_str());
    }
}

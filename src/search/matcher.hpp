#pragma once
// The one way a query reaches Xapian's matcher: every Enquire of the search
// stage is made here, so no query shape the builder makes can crash it.

#include <xapian.h>

namespace aisys::search {

/// `query` in the shape the matcher is given it: the same matches and the same
/// weights, with a root that Xapian 1.4.22's matcher never replaces.
///
/// Why: a MaxPostList (OP_MAX) whose sub-lists all end in one step keeps a
/// dangling pointer to its first one (maxpostlist.cc erase_sublist), and
/// asks it for its weight bound when the matcher recalculates bounds. The
/// matcher does that after the root of the postlist tree is replaced by a
/// decayed subtree (an OR becoming AND_MAYBE or AND, multimatch.cc) and
/// before it checks whether the new root is at its end: a use-after-free,
/// a crash in a release build ("energy efficient dnn training", issue 12).
/// A MultiAndPostList never replaces itself, so as the root it lets the
/// matcher see the end first; the OR around `query` keeps Xapian from
/// hoisting an AND_MAYBE or AND_NOT out of the AND (which would put them
/// back at the root). benchmarks/RESULTS.md has the reduction.
Xapian::Query guarded(const Xapian::Query& query);

/// How many matches a get_mset over `db` must check, when `wanted` would do
/// for one database: over several (shards), every match. Xapian 1.4.22's
/// matcher, pruning over several databases, asks a finished sub-database's
/// postlist tree for its bounds (the dangling MaxPostList above, which the
/// guard protects only at the root): SIGSEGV in scale_bench at 10,000
/// papers in two shards. Checking every match never prunes.
Xapian::doccount check_at_least(const Xapian::Database& db, Xapian::doccount wanted);
/// A query matching every document, made anew at each call. Never use
/// Xapian::Query::MatchAll: it is one static object whose reference count is
/// not atomic, so copying it in two threads at once (two Index handles
/// searching in parallel, as the web front's workers do) corrupts the count
/// and frees it while in use: a crash under load.
Xapian::Query match_all();

/// An Enquire over `db` for guarded(`query`), weighted as the schema says.
/// Not thread-safe, as no Enquire is.
Xapian::Enquire enquire(const Xapian::Database& db, const Xapian::Query& query);

} // namespace aisys::search

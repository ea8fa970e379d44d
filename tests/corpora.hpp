#pragma once
// Real and generated indexes for the query soak and the query fuzzer: the
// built-in list with the text a fetch of ../shared/corpus gives, the upstream
// list with the READMEs of ../shared/corpus-upstream, and invented papers
// whose vocabulary makes many words common to most of them. No Catch2 here,
// so the fuzzers link it too.

#include <aisys/paper.hpp>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace aisys::test {

/// The built-in list (index/awesome-ai-system.md) with each paper's README
/// from `shared`/corpus as plain text and the summary of papers.tsv as its
/// abstract, with its authors: what `index` stores after fetching from the
/// loopback stand-in of the APIs. Empty when `shared` lacks the corpus.
std::vector<Paper> builtin_corpus(const std::string& shared);

/// Gives each paper the README of the first of its repositories found under
/// one of `roots` (folders of owner/name/README*, searched in order), as the
/// document stage converts it. Returns how many papers got one.
std::size_t attach_readmes(std::vector<Paper>& papers, const std::vector<std::filesystem::path>& roots);

/// Gives the papers of `corpus`/papers.tsv (matched by title, any case and
/// spacing) its summary as their abstract, and its authors. Returns how many
/// got one; the titles of rows that matched no paper go to `unmatched`.
std::size_t attach_abstracts(std::vector<Paper>& papers, const std::filesystem::path& corpus,
                             std::vector<std::string>* unmatched = nullptr);

/// The upstream list at HEAD (`shared`/corpus-upstream/lists) with the READMEs
/// of corpus-upstream/github. Empty when `shared` lacks it.
std::vector<Paper> upstream_corpus(const std::string& shared);

/// `count` invented papers from `seed`: titles, abstracts and READMEs drawn
/// from a vocabulary where a few dozen words are in most papers and the rest
/// follow a long tail, venues from the venue table, categories, years.
/// The same arguments give the same papers.
std::vector<Paper> generated_corpus(std::size_t count, std::uint32_t seed);

/// Builds an index of `papers` at `dir` as `aisys-search index` would, with
/// the project's venue and synonym tables (acronyms mined). Single-threaded.
void build_corpus_index(const std::string& dir, const std::vector<Paper>& papers, const std::string& source);

/// The words of the index at `dir` (what a user could type: as written, and
/// README stems) and
/// how many papers have each, most common first.
std::vector<std::pair<std::string, unsigned>> index_words(const std::string& dir);

} // namespace aisys::test

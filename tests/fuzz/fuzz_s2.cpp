// The Semantic Scholar answers, /paper/search/match and /paper/DOI:...: JSON
// from the network -> the paper's title, abstract, authors, year, venue and ids.

#include "fuzz_support.hpp"

#include "fetch/sources.hpp"

#include <aisys/error.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(aisys::fuzz::as_text(data, size));
    try {
        aisys::fetch::parse_s2_match(text);
    } catch (const aisys::Error&) {
        // Not such an answer (bad JSON, no data): parse_s2_match's contract.
    }
    try {
        aisys::fetch::parse_s2_paper(text);
    } catch (const aisys::Error&) {
        // Not a paper object: parse_s2_paper's contract.
    }
    return 0;
}

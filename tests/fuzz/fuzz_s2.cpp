// The Semantic Scholar /paper/search/match answer: JSON from the network ->
// the best match's title, abstract, authors, year and arXiv id.

#include "fuzz_support.hpp"

#include "fetch/sources.hpp"

#include <aisys/error.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        aisys::fetch::parse_s2_match(std::string(aisys::fuzz::as_text(data, size)));
    } catch (const aisys::Error&) {
        // Not such an answer (bad JSON, no data): parse_s2_match's contract.
    }
    return 0;
}

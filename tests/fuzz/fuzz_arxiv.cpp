// The arXiv API answer: an Atom feed from the network -> title, abstract,
// authors, year and id of each entry.

#include "fuzz_support.hpp"

#include "fetch/sources.hpp"

#include <aisys/error.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    try {
        const auto matches = aisys::fetch::parse_arxiv_feed(std::string(aisys::fuzz::as_text(data, size)));
        for (const auto& m : matches)
            if (m.title.empty()) aisys::fuzz::contract_broken("an entry without a title was returned");
    } catch (const aisys::Error&) {
        // Not an Atom feed: parse_arxiv_feed's contract.
    }
    return 0;
}

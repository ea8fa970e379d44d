// The awesome-list parser: markdown from any list a user points us at (a file
// or a URL) -> paper records. Inputs are list markdown; a form feed splits
// one input into several lists so that merging across lists is fuzzed too.

#include "fuzz_support.hpp"

#include <aisys/catalog.hpp>
#include <aisys/error.hpp>
#include <aisys/paper.hpp>
#include <aisys/text.hpp>

#include <set>
#include <vector>

namespace {

// Paper's promise: text fields are valid UTF-8.
void check_utf8(const char* field, const std::string& s) {
    if (!aisys::text::is_valid_utf8(s)) aisys::fuzz::contract_broken(field, s);
}

void check_paper(const aisys::Paper& p) {
    check_utf8("title is not UTF-8", p.title);
    check_utf8("venue is not UTF-8", p.venue);
    for (const auto& c : p.categories) check_utf8("category is not UTF-8", c);
    for (const auto& l : p.listings)
        for (const auto& s : l.section) check_utf8("section is not UTF-8", s);
    // What the index stores must read back as the same paper.
    const std::string json = aisys::paper_to_json(p);
    if (aisys::paper_to_json(aisys::paper_from_json(json)) != json) aisys::fuzz::contract_broken("JSON round trip", json);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = aisys::fuzz::as_text(data, size);
    std::vector<aisys::ListText> lists;
    std::size_t start = 0;
    while (start <= input.size()) {
        const auto end = std::min(input.find('\f', start), input.size());
        lists.push_back({"list" + std::to_string(lists.size()) + ".md", std::string(input.substr(start, end - start))});
        start = end + 1;
    }
    try {
        const aisys::Catalog catalog = aisys::parse_lists(lists, aisys::test::venues());
        std::set<std::string> ids;
        for (const auto& p : catalog.papers) {
            if (p.id.empty() || !ids.insert(p.id).second) aisys::fuzz::contract_broken("ids are not unique", p.id);
            check_paper(p);
        }
    } catch (const aisys::Error&) {
        // Not a list at all (invalid UTF-8, a NUL byte): parse_list's contract.
    }
    return 0;
}

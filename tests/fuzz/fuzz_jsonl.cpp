// The arXiv metadata snapshot: JSON lines -> paper records, both one line at
// a time (paper_from_arxiv_json) and as a stream (JsonlReader).

#include "fuzz_support.hpp"

#include <aisys/jsonl.hpp>
#include <aisys/text.hpp>

#include <sstream>

namespace {

// Paper's promise: text fields are valid UTF-8; an id and a title always.
void check_paper(const aisys::Paper& p) {
    if (p.id.empty() || p.title.empty()) aisys::fuzz::contract_broken("a paper without id or title", p.id);
    for (const auto* s : {&p.id, &p.title, &p.venue, &p.abstract, &p.arxiv_id})
        if (!aisys::text::is_valid_utf8(*s)) aisys::fuzz::contract_broken("a text field is not UTF-8", *s);
    for (const auto& a : p.authors)
        if (!aisys::text::is_valid_utf8(a)) aisys::fuzz::contract_broken("an author is not UTF-8", a);
    for (const auto& c : p.categories)
        if (!aisys::text::is_valid_utf8(c)) aisys::fuzz::contract_broken("a category is not UTF-8", c);
}

} // namespace

// Neither function documents an exception: any that escapes is a bug.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = aisys::fuzz::as_text(data, size);

    std::string error;
    const auto first_line = input.substr(0, input.find('\n'));
    if (const auto p = aisys::paper_from_arxiv_json(first_line, aisys::test::venues(), error))
        check_paper(*p);
    else if (error.empty())
        aisys::fuzz::contract_broken("no paper and no error", first_line);

    std::istringstream stream{std::string(input)};
    aisys::JsonlReader reader(stream, "fuzz.jsonl", aisys::test::venues());
    std::size_t papers = 0;
    while (const auto p = reader.next()) {
        check_paper(*p);
        ++papers;
    }
    if (papers + reader.problem_count() > reader.lines())
        aisys::fuzz::contract_broken("more papers and problems than lines");
    if (reader.problems().size() > aisys::JsonlReader::k_max_problems)
        aisys::fuzz::contract_broken("more problems kept than k_max_problems");
    return 0;
}

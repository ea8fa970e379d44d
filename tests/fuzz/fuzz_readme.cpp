// README -> text: any repository's README bytes, in markdown, reStructuredText
// or plain text. The input's first line is the file name (the format hint,
// so the format choice is fuzzed too: "README.rst", "README", "" ...), the
// rest the README's bytes.

#include "fuzz_support.hpp"

#include <aisys/document.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input = aisys::fuzz::as_text(data, size);
    const auto newline = input.find('\n');
    const std::string_view file_name = newline == std::string_view::npos ? std::string_view() : input.substr(0, newline);
    const std::string_view readme = newline == std::string_view::npos ? input : input.substr(newline + 1);
    std::string text;
    try {
        text = aisys::readme_to_text(readme, file_name);
    } catch (const aisys::Error&) {
        // Binary bytes (a NUL) or a cmark failure: readme_to_text's contract.
        return 0;
    }
    // The contract: bad UTF-8 repaired and control characters removed, so the
    // text is safe to index, cut snippets from and print.
    if (!aisys::text::is_valid_utf8(text)) aisys::fuzz::contract_broken("README text is not UTF-8", text);
    if (aisys::text::strip_control(text, /*keep_newlines=*/true) != text)
        aisys::fuzz::contract_broken("README text has control characters", text);
    return 0;
}

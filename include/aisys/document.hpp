#pragma once
// Stage 3, document: README bytes -> the plain text that is indexed and that
// snippets are cut from.

#include <string>
#include <string_view>

namespace aisys {

/// Converts a repository README to plain text, paragraphs separated by blank
/// lines. `file_name` (e.g. "README.rst", may be empty) hints at the format;
/// without a hint the format is guessed from the text.
/// - Markdown goes through cmark-gfm: headings, paragraphs, list items, table
///   cells and link text are kept; images and badges, raw HTML tags and code
///   blocks (shell commands, BibTeX) are dropped.
/// - reStructuredText and plain text are kept as text with their markup
///   lightly stripped (directives, roles, heading underlines).
/// Invalid UTF-8 is repaired (each bad byte becomes U+FFFD) and control
/// characters are removed. Throws aisys::Error when the bytes are binary
/// (contain a NUL byte).
std::string readme_to_text(std::string_view raw, std::string_view file_name = "");

} // namespace aisys

#pragma once
// Small text helpers shared by the stages. All take and return UTF-8.

#include <string>
#include <string_view>

namespace aisys::text {

/// Removes leading and trailing ASCII whitespace.
std::string trim(std::string_view s);

/// Trims and turns every run of whitespace into one space.
std::string collapse_whitespace(std::string_view s);

/// ASCII lower-casing; other bytes are left alone.
std::string to_lower(std::string_view s);

/// True when `s` is well-formed UTF-8 (no overlongs, surrogates or values past U+10FFFF).
bool is_valid_utf8(std::string_view s);

/// Offset of the first byte that makes `s` invalid UTF-8, or npos when it is valid.
std::size_t invalid_utf8_offset(std::string_view s);

/// Repairs text that was UTF-8, decoded as Latin-1/Windows-1252 and encoded
/// again ("Î»DNN" -> "λDNN"). Text that does not decode that way is returned as is.
std::string repair_mojibake(std::string_view s);

/// Drops the braces BibTeX uses to protect capitals ("{GPU}" -> "GPU").
std::string strip_bibtex_braces(std::string_view s);

/// Removes terminal escape sequences whole (colours, cursor moves, OSC titles
/// and hyperlinks), C0/C1 control characters and the bidirectional overrides
/// that reorder displayed text, keeping tab and newline only when
/// `keep_newlines` is true (else they become spaces). Invalid UTF-8 becomes
/// U+FFFD. For anything printed to a terminal: the result cannot move the
/// cursor, change colours, set titles or make links.
std::string strip_control(std::string_view s, bool keep_newlines = false);

/// At most `max_bytes` bytes of `s`, cut at a character boundary, with "…"
/// appended when anything was cut.
std::string truncate(std::string_view s, std::size_t max_bytes);

/// Levenshtein distance between two byte strings (insertions, deletions and
/// substitutions of one byte each). O(|a| * |b|) time, O(|b|) memory.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// A lower-case ASCII slug of at most `max_words` words: "λDNN: Achieving..." ->
/// "lambdadnn". Greek letters are spelled out; other non-ASCII is dropped.
std::string slugify(std::string_view s, std::size_t max_words = 6);

} // namespace aisys::text

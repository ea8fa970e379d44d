#include <catch2/catch.hpp>

#include <aisys/text.hpp>

#include <string>

using namespace std::string_literals;
namespace text = aisys::text;

TEST_CASE("trim removes only leading and trailing ASCII whitespace", "[text]") {
    CHECK(text::trim("  hello world \t\r\n") == "hello world");
    CHECK(text::trim("\f\vx\v\f") == "x");
    CHECK(text::trim("") == "");
    CHECK(text::trim(" \t \n ") == "");
    CHECK(text::trim("no-space") == "no-space");
    CHECK(text::trim("  inner   spaces  ") == "inner   spaces");
    // Non-ASCII text is not whitespace to trim.
    CHECK(text::trim(" λ ") == "λ");
    CHECK(text::trim("\xC2\xA0x\xC2\xA0") == "\xC2\xA0x\xC2\xA0");
}

TEST_CASE("collapse_whitespace trims and turns runs into one space", "[text]") {
    CHECK(text::collapse_whitespace("  a \t\n b   c  ") == "a b c");
    CHECK(text::collapse_whitespace("one") == "one");
    CHECK(text::collapse_whitespace("") == "");
    CHECK(text::collapse_whitespace(" \n\t ") == "");
    CHECK(text::collapse_whitespace("λ  DNN\r\nx") == "λ DNN x");
}

TEST_CASE("to_lower lowers ASCII only", "[text]") {
    CHECK(text::to_lower("NSDI'23 Best PAPER") == "nsdi'23 best paper");
    CHECK(text::to_lower("ÉCOLE λ Λ") == "École λ Λ");  // É and Λ stay upper-case
    CHECK(text::to_lower("ÀΛ") == "ÀΛ");
    CHECK(text::to_lower("") == "");
    CHECK(text::to_lower("@[`{") == "@[`{");
}

TEST_CASE("is_valid_utf8 accepts well-formed UTF-8", "[text]") {
    CHECK(text::is_valid_utf8(""));
    CHECK(text::is_valid_utf8("plain ASCII"));
    CHECK(text::is_valid_utf8("café λDNN €"));
    CHECK(text::is_valid_utf8("\xF0\x9F\x98\x80"));       // U+1F600
    CHECK(text::is_valid_utf8("\xF4\x8F\xBF\xBF"));       // U+10FFFF, the last code point
    CHECK(text::is_valid_utf8("\xED\x9F\xBF"));           // U+D7FF, just below the surrogates
    CHECK(text::is_valid_utf8("\xEE\x80\x80"));           // U+E000, just above them
    CHECK(text::is_valid_utf8("\xC2\x80"));               // U+0080, smallest two-byte
    CHECK(text::is_valid_utf8("\xE0\xA0\x80"));           // U+0800, smallest three-byte
    CHECK(text::is_valid_utf8("\xF0\x90\x80\x80"));       // U+10000, smallest four-byte
    CHECK(text::is_valid_utf8("a\0b"s));                  // NUL is valid UTF-8
    CHECK(text::invalid_utf8_offset("café λDNN") == std::string::npos);
}

TEST_CASE("is_valid_utf8 rejects malformed UTF-8", "[text]") {
    CHECK_FALSE(text::is_valid_utf8("\xC0\x80"));          // overlong NUL
    CHECK_FALSE(text::is_valid_utf8("\xC1\xBF"));          // overlong '\x7F'
    CHECK_FALSE(text::is_valid_utf8("\xE0\x80\xAF"));      // overlong '/'
    CHECK_FALSE(text::is_valid_utf8("\xF0\x80\x80\xAF"));  // overlong '/'
    CHECK_FALSE(text::is_valid_utf8("\xED\xA0\x80"));      // U+D800, a surrogate
    CHECK_FALSE(text::is_valid_utf8("\xED\xBF\xBF"));      // U+DFFF, a surrogate
    CHECK_FALSE(text::is_valid_utf8("\xF4\x90\x80\x80"));  // U+110000, past the end
    CHECK_FALSE(text::is_valid_utf8("\xF5\x80\x80\x80"));
    CHECK_FALSE(text::is_valid_utf8("\xF8\x88\x80\x80\x80"));  // five-byte form
    CHECK_FALSE(text::is_valid_utf8("\xFF"));
    CHECK_FALSE(text::is_valid_utf8("\xFE"));
    CHECK_FALSE(text::is_valid_utf8("\x80"));               // lone continuation byte
    CHECK_FALSE(text::is_valid_utf8("abc\xBF"));
    CHECK_FALSE(text::is_valid_utf8("\xCE"));               // truncated two-byte
    CHECK_FALSE(text::is_valid_utf8("\xE2\x82"));           // truncated three-byte (€ is E2 82 AC)
    CHECK_FALSE(text::is_valid_utf8("\xF0\x9F\x98"));       // truncated four-byte
    CHECK_FALSE(text::is_valid_utf8("\xE2\x82x"));          // continuation replaced by ASCII
    CHECK_FALSE(text::is_valid_utf8("caf\xE9"));            // Latin-1 é
}

TEST_CASE("invalid_utf8_offset points at the first bad byte", "[text]") {
    CHECK(text::invalid_utf8_offset("") == std::string::npos);
    CHECK(text::invalid_utf8_offset("\xC0\x80") == 0);
    CHECK(text::invalid_utf8_offset("ab\xC0\x80") == 2);
    CHECK(text::invalid_utf8_offset("λ\xED\xA0\x80") == 2);      // λ is two bytes
    CHECK(text::invalid_utf8_offset("€€\xE2\x82") == 6);          // truncated at the end
    CHECK(text::invalid_utf8_offset("abc\xF0\x9F\x98") == 3);
    CHECK(text::invalid_utf8_offset("ok\x80 then \xC0\x80") == 2);  // the first of two
    CHECK(text::invalid_utf8_offset("caf\xE9 au lait") == 3);
    CHECK(text::invalid_utf8_offset("x\xF4\x90\x80\x80") == 1);
    CHECK(text::invalid_utf8_offset("\xE2\x82x") == 0);
}

TEST_CASE("repair_mojibake undoes UTF-8 read as Latin-1/Windows-1252", "[text]") {
    CHECK(text::repair_mojibake("Î»DNN: x") == "λDNN: x");
    CHECK(text::repair_mojibake("Î»DNN: Achieving Predictable Distributed DNN Training") ==
          "λDNN: Achieving Predictable Distributed DNN Training");
    CHECK(text::repair_mojibake("cafÃ©") == "café");
    // "€" is E2 82 AC; 0x82 reads as U+201A and 0xAC as U+00AC in Windows-1252.
    CHECK(text::repair_mojibake("price: â‚¬5") == "price: €5");
    // Two mis-decoded characters separated by ASCII are each repaired.
    CHECK(text::repair_mojibake("Î» and Ã©") == "λ and é");
    CHECK(text::repair_mojibake("") == "");
}

TEST_CASE("repair_mojibake leaves legitimate text alone", "[text]") {
    CHECK(text::repair_mojibake("café") == "café");
    CHECK(text::repair_mojibake("é") == "é");
    CHECK(text::repair_mojibake("naïve résumé") == "naïve résumé");
    CHECK(text::repair_mojibake("λDNN: x") == "λDNN: x");
    CHECK(text::repair_mojibake("Zeus: Understanding and Optimizing GPU Energy") ==
          "Zeus: Understanding and Optimizing GPU Energy");
    CHECK(text::repair_mojibake("ASCII only, 100% {braces} 'quotes'") == "ASCII only, 100% {braces} 'quotes'");
    CHECK(text::repair_mojibake("数据 日本語") == "数据 日本語");
    CHECK(text::repair_mojibake("€ and — dashes") == "€ and — dashes");
}

TEST_CASE("strip_bibtex_braces drops protecting braces", "[text]") {
    CHECK(text::strip_bibtex_braces("{GPU}") == "GPU");
    CHECK(text::strip_bibtex_braces("Optimizing {GPU} Energy of {DNN} Training") ==
          "Optimizing GPU Energy of DNN Training");
    CHECK(text::strip_bibtex_braces("{{Nested}}") == "Nested");
    CHECK(text::strip_bibtex_braces("no braces") == "no braces");
    CHECK(text::strip_bibtex_braces("{λ}DNN") == "λDNN");
    CHECK(text::strip_bibtex_braces("") == "");
}

TEST_CASE("strip_control removes C0 and C1 controls", "[text]") {
    // ESC of an ANSI sequence goes; the printable rest of it stays.
    CHECK(text::strip_control("\x1b[31mred\x1b[0m") == "red");
    CHECK(text::strip_control("a\x1b" "b") == "a");  // ESC b is a two-character escape
    CHECK(text::strip_control("bell\x07 back\x08 del\x7F nul"s + '\0' + "!") == "bell back del nul!");
    // C1 controls U+0080-U+009F (two bytes each in UTF-8), including CSI U+009B.
    CHECK(text::strip_control("a\xC2\x80" "b\xC2\x9B" "c\xC2\x9F" "d") == "abcd");
    // U+00A0 is not a control and stays.
    CHECK(text::strip_control("x\xC2\xA0y") == "x\xC2\xA0y");
    // Normal text and UTF-8 are kept byte for byte.
    CHECK(text::strip_control("λDNN: café €5 😀 [ok] 'q'") == "λDNN: café €5 😀 [ok] 'q'");
    CHECK(text::strip_control("") == "");
}

TEST_CASE("strip_control removes whole escape sequences and bidirectional overrides", "[text]") {
    // CSI: colours, clearing the screen, moving the cursor.
    CHECK(text::strip_control("a\x1b[2J\x1b[1;1Hb\x1b[?25lc") == "abc");
    // OSC: a window title, a hyperlink ended by BEL or by ST (ESC \).
    CHECK(text::strip_control("x\x1b]0;pwned\x07y") == "xy");
    CHECK(text::strip_control("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\") == "click");
    // DCS and two-character escapes (reset, charset).
    CHECK(text::strip_control("1\x1bPq#0\x1b\\2\x1b" "c3\x1b(B4") == "1234");
    // Cut short: only the ESC goes, the rest is inert text.
    CHECK(text::strip_control("a\x1b[12") == "a[12");
    CHECK(text::strip_control("a\x1b]0;no end") == "a]0;no end");
    CHECK(text::strip_control("end\x1b") == "end");
    // Right-to-left override and isolates reorder what is shown.
    CHECK(text::strip_control("abc\u202Edcb\u202C \u2066x\u2069") == "abcdcb x");
}

TEST_CASE("strip_control handles tabs and newlines by keep_newlines", "[text]") {
    CHECK(text::strip_control("a\nb\tc") == "a b c");
    CHECK(text::strip_control("a\nb\tc", true) == "a\nb\tc");
    CHECK(text::strip_control("a\r\nb", true) == "a \nb");
    CHECK(text::strip_control("a\rb") == "a b");
}

TEST_CASE("strip_control output is valid UTF-8 even for invalid input", "[text]") {
    const std::string out = text::strip_control("ok\xC0\x80" "bad\xFF");
    CHECK(text::is_valid_utf8(out));
    CHECK(out.rfind("ok", 0) == 0);
    CHECK(out.find("bad") != std::string::npos);
    CHECK(out.find('\xFF') == std::string::npos);
}

TEST_CASE("slugify makes lower-case ASCII slugs", "[text]") {
    const std::string slug = text::slugify("λDNN: Achieving Predictable");
    CHECK(slug.rfind("lambdadnn", 0) == 0);
    CHECK(slug == "lambdadnn-achieving-predictable");
    CHECK(text::slugify("Zeus") == "zeus");
    CHECK(text::slugify("Hello, World!") == "hello-world");
    CHECK(text::slugify("  --Lots   of___punctuation!!  ") == "lots-of-punctuation");
    CHECK(text::slugify("Let's go") == "lets-go");
    CHECK(text::slugify("Café Crème") == "cafe-creme");
    CHECK(text::slugify("ΑΒΓ ω") == "alphabetagamma-omega");
    CHECK(text::slugify("数据 x") == "x");
    CHECK(text::slugify("") == "");
    CHECK(text::slugify("!!!") == "");
    CHECK(text::slugify("VELTAIR_ASPLOS22") == "veltair-asplos22");
}

TEST_CASE("slugify respects max_words", "[text]") {
    const std::string title = "Serving DNNs like Clockwork: Performance Predictability from the Bottom Up";
    CHECK(text::slugify(title, 2) == "serving-dnns");
    CHECK(text::slugify(title, 4) == "serving-dnns-like-clockwork");
    CHECK(text::slugify(title) == "serving-dnns-like-clockwork-performance-predictability");
    CHECK(text::slugify(title, 1) == "serving");
    CHECK(text::slugify(title, 100) ==
          "serving-dnns-like-clockwork-performance-predictability-from-the-bottom-up");
    CHECK(text::slugify("one two", 0) == "");
    // Dropped characters do not count as words.
    CHECK(text::slugify("数据 a 日本 b c", 2) == "a-b");
}

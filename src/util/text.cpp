#include <aisys/text.hpp>

#include "util/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <utility>
#include <vector>

namespace aisys::text {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Windows-1252's printable characters in 0x80-0x9F, by the code point they decode to.
constexpr std::array<std::pair<std::int32_t, unsigned char>, 27> k_cp1252 = {{
    {0x20AC, 0x80}, {0x201A, 0x82}, {0x0192, 0x83}, {0x201E, 0x84}, {0x2026, 0x85},
    {0x2020, 0x86}, {0x2021, 0x87}, {0x02C6, 0x88}, {0x2030, 0x89}, {0x0160, 0x8A},
    {0x2039, 0x8B}, {0x0152, 0x8C}, {0x017D, 0x8E}, {0x2018, 0x91}, {0x2019, 0x92},
    {0x201C, 0x93}, {0x201D, 0x94}, {0x2022, 0x95}, {0x2013, 0x96}, {0x2014, 0x97},
    {0x02DC, 0x98}, {0x2122, 0x99}, {0x0161, 0x9A}, {0x203A, 0x9B}, {0x0153, 0x9C},
    {0x017E, 0x9E}, {0x0178, 0x9F},
}};

// The byte a code point came from if the text was mis-decoded as Windows-1252/Latin-1.
std::optional<unsigned char> mis_decoded_byte(std::int32_t cp) {
    if (cp >= 0x80 && cp <= 0xFF) return static_cast<unsigned char>(cp);
    for (const auto& [code, byte] : k_cp1252)
        if (code == cp) return byte;
    return std::nullopt;
}

constexpr std::array<const char*, 25> k_greek = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "sigma",
    "tau", "upsilon", "phi", "chi", "psi", "omega"};

// ASCII spelling of a non-ASCII letter for slugs, or "" to drop it.
std::string transliterate(std::int32_t cp) {
    if (cp >= 0x03B1 && cp <= 0x03C9) return k_greek[cp - 0x03B1];
    if (cp >= 0x0391 && cp <= 0x03A9 && cp != 0x03A2) return k_greek[cp - 0x0391];
    // Latin-1 letters without their accents.
    static const char* const latin = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    if (cp >= 0xC0 && cp <= 0xFF) {
        const char c = latin[cp - 0xC0];
        if (std::isalpha(static_cast<unsigned char>(c))) return std::string(1, c);
    }
    return "";
}

} // namespace

std::string trim(std::string_view s) {
    std::size_t b = 0, e = s.size();
    while (b < e && is_space(s[b])) ++b;
    while (e > b && is_space(s[e - 1])) --e;
    return std::string(s.substr(b, e - b));
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending = false;
    for (char c : s) {
        if (is_space(c)) {
            pending = !out.empty();
        } else {
            if (pending) out += ' ';
            pending = false;
            out += c;
        }
    }
    return out;
}

std::string to_lower(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::size_t invalid_utf8_offset(std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const std::size_t at = i;
        if (utf8::next(s, i) < 0) return at;
    }
    return std::string_view::npos;
}

bool is_valid_utf8(std::string_view s) { return invalid_utf8_offset(s) == std::string_view::npos; }

std::string repair_mojibake(std::string_view s) {
    // Each maximal run of characters that could be mis-decoded bytes is
    // re-encoded as those bytes; the run is replaced when the bytes form valid
    // UTF-8 with at least one multi-byte character. Lone accented letters
    // ("é" is byte E9, not valid UTF-8 on its own) are left alone.
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t run_start = i;
        std::string bytes;
        std::size_t j = i;
        while (j < s.size()) {
            std::size_t k = j;
            const auto cp = utf8::next(s, k);
            const auto byte = cp < 0 ? std::nullopt : mis_decoded_byte(cp);
            if (!byte) break;
            bytes += static_cast<char>(*byte);
            j = k;
        }
        if (j > run_start) {
            if (is_valid_utf8(bytes)) out += bytes;
            else out.append(s.substr(run_start, j - run_start));
            i = j;
        } else {
            std::size_t k = i;
            utf8::next(s, k);
            out.append(s.substr(i, k - i));
            i = k;
        }
    }
    return out;
}

std::string strip_bibtex_braces(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s)
        if (c != '{' && c != '}') out += c;
    return out;
}

namespace {

// Bytes of the escape sequence starting with ESC at s[at], or 1 (the ESC
// alone) when it is cut short. CSI: ESC [ params intermediates final, as
// "\x1b[31m" colours and "\x1b[2J" clears the screen. OSC, DCS, APC, PM, SOS:
// ESC ] ... up to BEL or ESC \, as "\x1b]8;;url\x07" makes a hyperlink and
// "\x1b]0;title\x07" sets the window title. Else ESC and one character.
std::size_t escape_length(std::string_view s, std::size_t at) {
    std::size_t i = at + 1;
    if (i >= s.size()) return 1;
    const char kind = s[i++];
    if (kind == '[') {
        while (i < s.size() && s[i] >= 0x20 && s[i] <= 0x3F) ++i;
        if (i < s.size() && s[i] >= 0x40 && s[i] <= 0x7E) return i + 1 - at;
        return 1;
    }
    if (kind == ']' || kind == 'P' || kind == '_' || kind == '^' || kind == 'X') {
        for (; i < s.size(); ++i) {
            if (s[i] == '\x07') return i + 1 - at;
            if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '\\') return i + 2 - at;
        }
        return 1;
    }
    if (kind >= 0x20 && kind <= 0x2F) {  // ESC ( B: intermediates, then a final byte
        while (i < s.size() && s[i] >= 0x20 && s[i] <= 0x2F) ++i;
        return (i < s.size() && s[i] >= 0x30 && s[i] <= 0x7E ? i + 1 : i) - at;
    }
    return kind >= 0x30 && kind <= 0x7E ? 2 : 1;
}

// Characters that reorder how the text around them is shown ("Trojan Source"):
// the bidirectional embeddings, overrides and isolates.
bool is_bidi_control(std::int32_t cp) { return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069); }

} // namespace

std::string strip_control(std::string_view s, bool keep_newlines) {
    std::string out;
    out.reserve(s.size());
    std::size_t i = 0;
    while (i < s.size()) {
        if (s[i] == '\x1b') {
            i += escape_length(s, i);
            continue;
        }
        const std::size_t at = i;
        const auto cp = utf8::next(s, i);
        if (cp < 0) { out += "\xEF\xBF\xBD"; continue; }
        if (cp == '\n' || cp == '\t' || cp == '\r') {
            if (keep_newlines && cp != '\r') out += static_cast<char>(cp);
            else out += ' ';
            continue;
        }
        if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) continue;
        out.append(s.substr(at, i - at));
    }
    return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);  // one row at a time
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string truncate(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return std::string(s);
    std::size_t end = max_bytes;
    // Back up over continuation bytes to the start of the cut character.
    while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
    return std::string(s.substr(0, end)) + "…";
}

std::string slugify(std::string_view s, std::size_t max_words) {
    std::string out;
    std::size_t words = 0;
    bool in_word = false;
    std::size_t i = 0;
    while (i < s.size() && words <= max_words) {
        const auto cp = utf8::next(s, i);
        std::string piece;
        if (cp >= 0 && cp < 0x80 && std::isalnum(cp)) piece = std::string(1, static_cast<char>(std::tolower(cp)));
        else if (cp >= 0x80) piece = text::to_lower(transliterate(cp));
        if (!piece.empty()) {
            if (!in_word) {
                if (++words > max_words) break;
                if (!out.empty()) out += '-';
                in_word = true;
            }
            out += piece;
        } else if (cp != '\'' && cp != 0x2019) {
            // An apostrophe keeps the word together ("Let's" -> "lets").
            in_word = false;
        }
    }
    return out;
}

} // namespace aisys::text

#pragma once
// What the text output knows about the terminal: how wide it is, how wide a
// string shows on it, wrapping to that width, and paging long output through
// $PAGER as git and gh do.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace aisys::cli {

/// Columns `s` takes on a terminal: CJK and other wide characters count two,
/// combining marks and zero-width characters none, an escape sequence
/// (ESC [ ... final byte) none. Invalid UTF-8 counts one column a byte.
std::size_t display_width(std::string_view s);

/// `text` greedily wrapped at spaces so that no line passes `width` columns,
/// the first line starting at column `start` (after a prefix the caller
/// prints) and the others indented by `indent` spaces: a hanging indent.
/// Runs of spaces become one space; a word wider than a line is never split
/// (nor an escape sequence or a UTF-8 sequence). `width` 0 = no wrapping:
/// `text` comes back as it is.
std::string wrap(std::string_view text, std::size_t width, std::size_t start, std::size_t indent);

/// `items` joined with ", " and wrapped as wrap() does, breaking only after a
/// comma: an item ("USENIX ATC 12") stays on one line.
std::string wrap_items(const std::vector<std::string>& items, std::size_t width, std::size_t start, std::size_t indent);

/// The width to wrap text output at: the terminal's (TIOCGWINSZ) when stdout
/// is one, else $COLUMNS when it is a number, else 0 (piped output is not
/// wrapped: a script gets one line per field).
std::size_t output_width();

/// Sends stdout through a pager for as long as it lives: $PAGER (run by
/// /bin/sh), or `less -R` when $PAGER is unset, with LESS=FRX when $LESS is
/// unset so that output shorter than a screen is printed and left, as git
/// does. Does nothing when stdout is no terminal, `enabled` is false
/// (--no-pager), or $PAGER is empty or "cat". Not thread-safe; one at a time.
class Pager {
public:
    explicit Pager(bool enabled);
    ~Pager();  ///< flushes stdout, closes the pipe and waits for the pager to end
    Pager(const Pager&) = delete;
    Pager& operator=(const Pager&) = delete;
    bool active() const { return m_pid > 0; }

private:
    int m_pid = -1;
    int m_saved_stdout = -1;
};

} // namespace aisys::cli

#include "cli/terminal.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>

#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace aisys::cli {

namespace {

// Columns of one code point. The ranges are Unicode's East Asian Wide and
// Fullwidth blocks and the emoji planes (two columns) and the combining and
// zero-width characters (none): what terminals agree on, without a locale.
std::size_t code_point_width(char32_t c) {
    if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0xFEFF) return 0;
    if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x0483 && c <= 0x0489) || (c >= 0x0591 && c <= 0x05BD) ||
        (c >= 0x0610 && c <= 0x061A) || (c >= 0x064B && c <= 0x065F) || (c >= 0x1AB0 && c <= 0x1AFF) ||
        (c >= 0x1DC0 && c <= 0x1DFF) || (c >= 0x20D0 && c <= 0x20FF) || (c >= 0xFE00 && c <= 0xFE0F) ||
        (c >= 0xFE20 && c <= 0xFE2F))
        return 0;
    if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) || (c >= 0x3041 && c <= 0x33FF) ||
        (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
        (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE30 && c <= 0xFE4F) ||
        (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
        (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
        return 2;
    return 1;
}

// Bytes of the escape sequence or UTF-8 character at `i` (at least 1), and
// its width through `width`.
std::size_t next_unit(std::string_view s, std::size_t i, std::size_t& width) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == 0x1B) {
        width = 0;
        if (i + 1 < s.size() && s[i + 1] == '[') {
            std::size_t j = i + 2;
            while (j < s.size() && !(s[j] >= 0x40 && s[j] <= 0x7E)) ++j;
            return (j < s.size() ? j + 1 : j) - i;
        }
        return 1;
    }
    const std::size_t length = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > s.size()) {
        width = 1;
        return 1;
    }
    char32_t c = length == 1 ? b : b & (0xFF >> (length + 1));
    for (std::size_t k = 1; k < length; ++k) {
        const auto cont = static_cast<unsigned char>(s[i + k]);
        if ((cont & 0xC0) != 0x80) {
            width = 1;
            return 1;
        }
        c = (c << 6) | (cont & 0x3F);
    }
    width = b < 0x20 ? 0 : code_point_width(c);
    return length;
}

} // namespace

std::size_t display_width(std::string_view s) {
    std::size_t total = 0;
    for (std::size_t i = 0; i < s.size();) {
        std::size_t w = 0;
        i += next_unit(s, i, w);
        total += w;
    }
    return total;
}

std::string wrap(std::string_view text, std::size_t width, std::size_t start, std::size_t indent) {
    if (width == 0) return std::string(text);
    std::string out;
    std::size_t column = start;
    bool line_empty = true;
    std::size_t i = 0;
    while (i < text.size()) {
        if (text[i] == ' ') {
            ++i;
            continue;
        }
        const std::size_t end = std::min(text.find(' ', i), text.size());
        const std::string_view word = text.substr(i, end - i);
        const std::size_t w = display_width(word);
        if (!line_empty && column + 1 + w > width) {
            out += '\n';
            out.append(indent, ' ');
            column = indent;
            line_empty = true;
        }
        if (!line_empty) {
            out += ' ';
            ++column;
        }
        out += word;
        column += w;
        line_empty = false;
        i = end;
    }
    return out;
}

std::string wrap_items(const std::vector<std::string>& items, std::size_t width, std::size_t start, std::size_t indent) {
    std::string out;
    std::size_t column = start;
    for (std::size_t i = 0; i < items.size(); ++i) {
        const std::string item = items[i] + (i + 1 < items.size() ? "," : "");
        const std::size_t w = display_width(item);
        if (i > 0 && width > 0 && column + 1 + w > width) {
            out += '\n';
            out.append(indent, ' ');
            column = indent;
        } else if (i > 0) {
            out += ' ';
            ++column;
        }
        out += item;
        column += w;
    }
    return out;
}

std::size_t output_width() {
    winsize size{};
    if (::isatty(STDOUT_FILENO) && ::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    if (const char* columns = std::getenv("COLUMNS")) {
        char* end = nullptr;
        const long n = std::strtol(columns, &end, 10);
        if (end != columns && *end == '\0' && n > 0 && n < 100000) return static_cast<std::size_t>(n);
    }
    return 0;
}

Pager::Pager(bool enabled) {
    if (!enabled || !::isatty(STDOUT_FILENO)) return;
    const char* env = std::getenv("PAGER");
    const std::string command = env ? env : "less -R";
    if (command.find_first_not_of(" \t") == std::string::npos || command == "cat") return;
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;  // no pager is no error: print directly
    std::cout.flush();
    const pid_t pid = ::fork();
    if (pid < 0) {
        ::close(fds[0]);
        ::close(fds[1]);
        return;
    }
    if (pid == 0) {
        if (::dup2(fds[0], STDIN_FILENO) < 0) ::_exit(127);
        if (!std::getenv("LESS")) ::setenv("LESS", "FRX", 1);
        ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(fds[0]);
    m_saved_stdout = ::dup(STDOUT_FILENO);
    ::dup2(fds[1], STDOUT_FILENO);
    ::close(fds[1]);
    // A pager quit before the end closes the pipe: the rest of the output
    // fails to write instead of killing us with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    m_pid = pid;
}

Pager::~Pager() {
    if (m_pid <= 0) return;
    std::cout.flush();
    // The pager reads to the end of its input: give it the end, then wait
    // for the user to leave it before the shell prompt comes back.
    ::dup2(m_saved_stdout, STDOUT_FILENO);
    ::close(m_saved_stdout);
    int status = 0;
    while (::waitpid(m_pid, &status, 0) < 0 && errno == EINTR) {
    }
    std::cout.clear();
}

} // namespace aisys::cli

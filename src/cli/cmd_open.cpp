// `open ID` and `search --open N`: a paper's link handed to the desktop's
// opener, as `gh browse` does, or printed where there is none.

#include "cli/commands.hpp"

#include <aisys/error.hpp>
#include <aisys/paper.hpp>
#include <aisys/paths.hpp>
#include <aisys/search.hpp>
#include <aisys/text.hpp>

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace aisys::cli {

namespace {

constexpr const char* k_opener = "xdg-open";

// The opener's path on $PATH, or "" when there is none.
std::string find_on_path(const std::string& program) {
    const char* path = std::getenv("PATH");
    if (!path) return {};
    const std::string dirs = path;
    for (std::size_t at = 0; at <= dirs.size();) {
        std::size_t end = dirs.find(':', at);
        if (end == std::string::npos) end = dirs.size();
        const std::string dir = dirs.substr(at, end - at);
        const std::string candidate = (dir.empty() ? "." : dir) + "/" + program;
        if (::access(candidate.c_str(), X_OK) == 0 && !std::filesystem::is_directory(candidate)) return candidate;
        at = end + 1;
    }
    return {};
}

} // namespace

int open_link(const std::string& link) {
    // Links come from lists written by strangers: only web pages are opened,
    // never a file: URL or an argument the opener would take for an option.
    if (link.rfind("https://", 0) != 0 && link.rfind("http://", 0) != 0)
        throw Error("not a web link: '" + text::strip_control(link) + "'");
    const std::string opener = find_on_path(k_opener);
    if (opener.empty()) {
        std::cout << link << "\n";
        return k_exit_found;
    }
    std::cerr << "aisys-search: opening " << link << "\n";
    const char* argv[] = {k_opener, link.c_str(), nullptr};
    pid_t pid = -1;
    if (::posix_spawn(&pid, opener.c_str(), nullptr, nullptr, const_cast<char* const*>(argv), environ) != 0)
        throw Error("cannot run " + opener);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) throw Error(std::string(k_opener) + " could not open " + link);
    return k_exit_found;
}

static void declare_open(CLI::App* cmd, OpenOptions& o) {
    cmd->add_option("id", o.id, "The paper's id, as search prints it")->required();
    cmd->add_flag("--code", o.code, "Open the code repository instead of the paper");
    cmd->add_option("--db", o.common.db, "Index folder (default: $AISYS_DB, else $XDG_DATA_HOME/aisys-search/index)");
    cmd->add_flag("--no-config")->description("Ignore the config file");
}

Runner open_command(CLI::App& cmd) {
    auto o = std::make_shared<OpenOptions>();
    declare_open(&cmd, *o);
    return [o] { return run_open(*o); };
}

// The link of one paper, or an error saying which link it lacks.
static std::string link_of(const Paper& p, bool code) {
    const std::string link = code ? p.repo : paper_link(p);
    if (link.empty()) throw Error(p.id + " has no " + (code ? "code repository" : "paper link"));
    return link;
}

int run_open(const OpenOptions& o) {
    const Index index = Index::open(resolve_db_path(o.common.db));
    const auto paper = index.find(o.id);
    if (!paper) {
        throw Error(unknown_id_message(index, o.id));
    }
    return open_link(link_of(*paper, o.code));
}

int open_result(const Index& index, SearchRequest request, std::size_t rank, bool code) {
    // The result numbered `rank` as search prints it (ranks count --offset).
    request.offset = rank - 1;
    request.limit = 1;
    request.related = false;
    const SearchResult result = index.search(request);
    if (result.hits.empty())
        throw Error("no result " + std::to_string(rank) + ": the query finds " + std::to_string(result.total));
    return open_link(link_of(result.hits.front().paper, code));
}

} // namespace aisys::cli

#include "cli/config.hpp"

#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace aisys::cli {

namespace {

CLI::App* subcommand(CLI::App& app, const std::string& name) {
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        if (sub->get_name() == name) return sub;
    return nullptr;
}

bool any_command_has(CLI::App& app, const std::string& name) {
    for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; }))
        if (sub->get_option_no_throw(name)) return true;
    return false;
}

// The command line gives `name` itself: `--limit 5` or `--limit=5`.
bool given(const std::vector<std::string>& args, const std::string& name) {
    return std::any_of(args.begin() + 1, args.end(),
                       [&](const std::string& a) { return a == name || a.rfind(name + "=", 0) == 0; });
}

} // namespace

std::string config_path() {
    if (const char* explicit_path = std::getenv("AISYS_CONFIG")) return explicit_path;
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg && *xdg == '/') return std::string(xdg) + "/aisys-search/config";
    const char* home = std::getenv("HOME");
    return home && *home ? std::string(home) + "/.config/aisys-search/config" : std::string();
}

std::string apply_config(CLI::App& app, std::vector<std::string>& args) {
    const auto no_config = std::remove(args.begin(), args.end(), std::string("--no-config"));
    const bool skip = no_config != args.end();
    args.erase(no_config, args.end());
    if (skip || args.empty()) return {};
    const std::string path = config_path();
    if (path.empty()) return {};
    std::ifstream in(path);
    if (!in) {
        std::error_code ec;
        if (std::getenv("AISYS_CONFIG") && !std::filesystem::exists(path, ec))
            throw Error("config file " + path + " (from AISYS_CONFIG) does not exist", ErrorKind::not_found);
        return {};
    }
    CLI::App* cmd = subcommand(app, args.front());
    if (!cmd) return {};  // no command (--help, --version): nothing to default

    std::vector<std::string> added;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        const std::string at = path + ":" + std::to_string(number) + ": ";
        line = text::trim(line);
        if (line.empty() || line[0] == '#') continue;
        // "index --list X": a line for one command only (--list filters a
        // search but adds a list to index and catalog).
        if (line.rfind("--", 0) != 0) {
            const std::size_t space = line.find_first_of(" \t");
            const std::string scope = line.substr(0, space);
            if (space != std::string::npos && subcommand(app, scope)) {
                if (scope != args.front()) continue;
                line = text::trim(line.substr(space));
            }
        }
        if (line.rfind("--", 0) != 0 || line.size() == 2)
            throw Error(at + "'" + text::strip_control(line) + "' is not a long option (--name, --name value, or COMMAND --name value)", ErrorKind::other);
        const std::size_t cut = line.find_first_of("= \t");
        const std::string name = line.substr(0, cut);
        const bool has_value = cut != std::string::npos;
        const std::string value = has_value ? text::trim(line.substr(cut + 1)) : "";
        if (name == "--help" || name == "--version" || name == "--no-config")
            throw Error(at + name + " is no default option", ErrorKind::other);
        const CLI::Option* option = cmd->get_option_no_throw(name);
        if (!option) {
            if (!any_command_has(app, name)) throw Error(at + "unknown option " + text::strip_control(name), ErrorKind::other);
            continue;  // another command's option
        }
        const bool flag = option->get_expected_max() == 0;  // a flag expects no value
        if (flag && has_value) throw Error(at + name + " takes no value", ErrorKind::other);
        if (!flag && (!has_value || value.empty())) throw Error(at + name + " needs a value", ErrorKind::other);
        const bool repeatable = option->get_expected_max() > 1;
        if (!repeatable && given(args, name)) continue;
        added.push_back(name);
        if (!flag) added.push_back(value);
    }
    if (added.empty()) return {};
    args.insert(args.begin() + 1, added.begin(), added.end());
    return path;
}

} // namespace aisys::cli

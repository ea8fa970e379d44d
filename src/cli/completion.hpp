#pragma once
// Shell completion scripts, generated from the command line's own commands
// and options, so that a new command or option completes without anyone
// editing a script.

#include <string>
#include <vector>

namespace CLI { class App; }

namespace aisys::cli {

/// One option of a command, as completion needs it.
struct OptionSpec {
    std::string name;                  ///< "--limit", or "-h"
    std::string help;                  ///< one line
    bool takes_value = false;
    bool repeatable = false;
    std::vector<std::string> choices;  ///< the values it accepts, when they are a set
};

struct CommandSpec {
    std::string name;
    std::string summary;
    std::vector<OptionSpec> options;
    std::vector<std::string> positional_choices;  ///< `completion bash|zsh|fish`
};

/// Every subcommand of `app` with its long options (and -h), in the order
/// --help lists them.
std::vector<CommandSpec> command_specs(const CLI::App& app);

/// The completion script for `shell` ("bash", "zsh" or "fish") of the
/// program `program` with these commands; the first command is the one a
/// line without a command runs. Throws std::invalid_argument for another shell.
std::string completion_script(const std::string& shell, const std::string& program, const std::vector<CommandSpec>& commands);

} // namespace aisys::cli

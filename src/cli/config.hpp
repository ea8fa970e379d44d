#pragma once
// The optional config file: default options, one a line, as ripgrep's
// RIPGREP_CONFIG_PATH file gives them.

#include <string>
#include <vector>

namespace CLI { class App; }

namespace aisys::cli {

/// The config file to read: $AISYS_CONFIG when set (empty = none), else
/// $XDG_CONFIG_HOME/aisys-search/config, else ~/.config/aisys-search/config.
std::string config_path();

/// Puts the config file's options into `args` (the command line, command
/// name first, not yet reversed for CLI11) right after the command name, so
/// that the command line's own options come later and win.
///
/// The file holds one long option a line, `--limit 20` or `--limit=20`, for
/// every command that has it, or `COMMAND --option ...` for that command
/// only (`index --list github:o/r`: --list of a search is a filter); blank
/// lines and lines starting with '#' are skipped. An option the command run
/// does not have is skipped (`--cache` in a search); one no command
/// has, a flag given a value or an option missing its value throws
/// aisys::Error naming FILE:LINE. A single-valued option the command line
/// gives too is skipped; a repeatable one (--list, --venue) adds to it.
///
/// `--no-config` anywhere in `args` is removed and nothing is read. A missing
/// file is no error unless $AISYS_CONFIG names it. Returns the file's path
/// when it gave options, else "".
std::string apply_config(CLI::App& app, std::vector<std::string>& args);

} // namespace aisys::cli

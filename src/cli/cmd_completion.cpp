// `completion SHELL`: the completion script, from the parser the command
// line itself runs (see completion.hpp).

#include "cli/commands.hpp"
#include "cli/completion.hpp"

#include <aisys/error.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

namespace aisys::cli {

Runner completion_command(CLI::App& cmd) {
    auto shell = std::make_shared<std::string>();
    cmd.add_option("shell", *shell, "bash, zsh or fish")->required()->check(CLI::IsMember({"bash", "zsh", "fish"}));
    cmd.footer("\nbash: aisys-search completion bash > ~/.local/share/bash-completion/completions/aisys-search\n"
               "zsh:  aisys-search completion zsh > ~/.zfunc/_aisys-search (a folder on $fpath)\n"
               "fish: aisys-search completion fish > ~/.config/fish/completions/aisys-search.fish\n"
               "cmake --install puts all three in the standard folders of its prefix.");
    CLI::App* self = &cmd;
    return [shell, self] {
        std::cout << completion_script(*shell, "aisys-search", command_specs(*self->get_parent()));
        return k_exit_found;
    };
}

} // namespace aisys::cli

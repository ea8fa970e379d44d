#include "cli/commands.hpp"
#include "cli/printer.hpp"

#include <aisys/error.hpp>
#include <aisys/paths.hpp>
#include <aisys/search.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

namespace aisys::cli {

CLI::App* add_show_command(CLI::App& app, ShowOptions& o) {
    CLI::App* cmd = app.add_subcommand("show", "Print one paper's full record");
    cmd->add_option("id", o.id, "The paper's id, as search prints it")->required();
    add_common_options(*cmd, o.common);
    return cmd;
}

int run_show(const ShowOptions& o) {
    const Index index = Index::open(resolve_db_path(o.common.db));
    const auto paper = index.find(o.id);
    if (!paper) {
        std::cerr << "aisys-search: no paper with id '" << o.id << "'\n";
        return k_exit_none;
    }
    make_printer(o.common)->paper(*paper);
    return k_exit_found;
}

} // namespace aisys::cli

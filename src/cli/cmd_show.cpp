#include "cli/commands.hpp"
#include "cli/printer.hpp"

#include <aisys/error.hpp>
#include <aisys/paths.hpp>
#include <aisys/search.hpp>
#include <aisys/text.hpp>

#include <CLI/CLI.hpp>

#include <iostream>

namespace aisys::cli {

static void declare_show(CLI::App* cmd, ShowOptions& o) {
    cmd->add_option("id", o.id, "The paper's id, as search prints it")->required();
    add_common_options(*cmd, o.common);
    add_bibtex_option(*cmd, o.common);
}

Runner show_command(CLI::App& cmd) {
    auto o = std::make_shared<ShowOptions>();
    declare_show(&cmd, *o);
    return [o] { return run_show(*o); };
}

std::string unknown_id_message(const Index& index, const std::string& id) {
    std::string message = "no paper with id '" + text::strip_control(id) + "'";
    const auto near = index.nearest_ids(id);
    for (std::size_t i = 0; i < near.size(); ++i)
        message += (i == 0 ? "; did you mean " : i + 1 == near.size() ? " or " : ", ") + near[i];
    return message + (near.empty() ? "" : "?");
}

int run_show(const ShowOptions& o) {
    const Index index = Index::open(resolve_db_path(o.common.db));
    const auto paper = index.find(o.id);
    if (!paper) {
        std::cerr << "aisys-search: " << unknown_id_message(index, o.id) << "\n";
        return k_exit_none;
    }
    make_printer(o.common)->paper(*paper);
    return k_exit_found;
}

} // namespace aisys::cli

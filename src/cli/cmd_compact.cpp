#include "cli/commands.hpp"
#include "cli/printer.hpp"

#include <aisys/error.hpp>
#include <aisys/index.hpp>
#include <aisys/paths.hpp>

#include <CLI/CLI.hpp>

namespace aisys::cli {

Runner compact_command(CLI::App& cmd) {
    auto o = std::make_shared<CompactOptions>();
    add_common_options(cmd, o->common);
    return [o] { return run_compact(*o); };
}

int run_compact(const CompactOptions& o) {
    make_printer(o.common)->compacted(compact_index(resolve_db_path(o.common.db)));
    return k_exit_found;
}

} // namespace aisys::cli

#pragma once

namespace aisys::cli {

/// Runs the aisys-search command line. Returns the process exit code
/// (0 results found, 1 none, 2 error); never throws.
int run(int argc, char** argv);

} // namespace aisys::cli

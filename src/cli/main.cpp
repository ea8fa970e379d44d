#include <aisys/cli.hpp>

int main(int argc, char** argv) { return aisys::cli::run(argc, argv); }

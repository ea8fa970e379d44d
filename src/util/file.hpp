#pragma once
// Whole-file reading with a size bound.

#include <cstddef>
#include <string>

namespace aisys {

/// Reads a whole file. Throws aisys::Error (naming the path) when it cannot be
/// opened, is a directory, or is larger than `max_bytes`.
std::string read_file(const std::string& path, std::size_t max_bytes);

} // namespace aisys

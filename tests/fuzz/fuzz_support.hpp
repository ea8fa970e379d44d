#pragma once
// Helpers shared by the libFuzzer targets in this folder. Each target is one
// LLVMFuzzerTestOneInput over one parser of untrusted input; run.sh runs them.

#include "support.hpp"  // venues(), TempDir: the test support library

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace aisys::fuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

/// Crashes the fuzzer on purpose: the code broke a promise its header makes,
/// which no exception would show.
[[noreturn]] inline void contract_broken(const char* what, std::string_view detail = {}) {
    std::fprintf(stderr, "contract broken: %s: %.*s\n", what, static_cast<int>(detail.size()), detail.data());
    std::abort();
}

} // namespace aisys::fuzz

#pragma once
// The web front's stylesheet and script, compiled into the binary: the server
// serves no file from disk.

#include <string_view>

namespace aisys::cli::serve {

std::string_view style_css();
/// Enhancements only (instant search, keyboard navigation, copying BibTeX):
/// every page works without it.
std::string_view app_js();

} // namespace aisys::cli::serve

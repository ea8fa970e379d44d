#pragma once
// The frame every page of the web front shares: the head (stylesheet and
// script are the server's own assets, so the Content-Security-Policy can
// forbid every other source), the search form carrying the page's state, and
// the end of the document.

#include "cli/html.hpp"

#include <string>

namespace aisys::cli::html {

/// From <!doctype html> to the opening of <main>. `title` is plain text.
std::string page_start(const PageState& state, const std::string& title);

/// From the closing of <main> to the end of the document.
std::string page_end();

} // namespace aisys::cli::html

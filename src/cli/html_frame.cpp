#include "cli/html_frame.hpp"

namespace aisys::cli::html {

namespace {

std::string sort_option(const PageState& state, const char* value, const char* label) {
    return std::string("<option value=\"") + value + "\"" + (state.sort == value ? " selected" : "") + ">" + label +
           "</option>";
}

} // namespace

std::string page_start(const PageState& state, const std::string& title) {
    std::string out =
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"color-scheme\" content=\"light dark\">\n<title>" +
        escape(title) +
        "</title>\n<link rel=\"stylesheet\" href=\"/assets/style.css\">\n"
        "<script src=\"/assets/app.js\" defer></script>\n</head>\n<body>\n"
        "<a class=\"skip\" href=\"#results\">Skip to results</a>\n<header>\n"
        "<a class=\"home\" href=\"/\">aisys-search</a>\n"
        "<form id=\"search\" role=\"search\" action=\"/\" method=\"get\">\n"
        "<label for=\"q\">Search papers</label>\n"
        "<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\" maxlength=\"16384\" value=\"" +
        escape(state.query) + "\">\n";
    // A new query keeps the filters chosen: they are the field being browsed.
    for (const auto& [name, values] : state.filters)
        for (const auto& value : values)
            out += "<input type=\"hidden\" name=\"" + escape(name) + "\" value=\"" + escape(value) + "\">\n";
    if (state.exact) out += "<input type=\"hidden\" name=\"exact\" value=\"1\">\n";
    if (state.no_related) out += "<input type=\"hidden\" name=\"no_related\" value=\"1\">\n";
    out += "<label for=\"sort\">Sort</label>\n<select id=\"sort\" name=\"sort\">" +
           sort_option(state, "relevance", "Relevance") + sort_option(state, "year", "Newest first") +
           sort_option(state, "year-asc", "Oldest first") +
           "</select>\n<button type=\"submit\">Search</button>\n</form>\n</header>\n<main id=\"results\" tabindex=\"-1\">\n";
    return out;
}

std::string page_end() {
    return "</main>\n<footer><p>aisys-search · <a href=\"/api/stats\">index stats (JSON)</a> · "
           "keys: <kbd>/</kbd> search, <kbd>j</kbd>/<kbd>k</kbd> next/previous result</p></footer>\n</body>\n</html>\n";
}

} // namespace aisys::cli::html

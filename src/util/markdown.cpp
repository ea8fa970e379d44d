#include "util/markdown.hpp"

#include <cmark-gfm-core-extensions.h>

#include <mutex>

namespace aisys::markdown {

namespace {
struct ParserDeleter { void operator()(cmark_parser* p) const { cmark_parser_free(p); } };
} // namespace

Tree parse(std::string_view text) {
    static std::once_flag registered;
    std::call_once(registered, [] { cmark_gfm_core_extensions_ensure_registered(); });

    std::unique_ptr<cmark_parser, ParserDeleter> parser(cmark_parser_new(CMARK_OPT_DEFAULT));
    for (const char* name : {"table", "autolink", "strikethrough"})
        if (cmark_syntax_extension* ext = cmark_find_syntax_extension(name))
            cmark_parser_attach_syntax_extension(parser.get(), ext);
    cmark_parser_feed(parser.get(), text.data(), text.size());
    return Tree(cmark_parser_finish(parser.get()));
}

} // namespace aisys::markdown

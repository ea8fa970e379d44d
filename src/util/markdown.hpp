#pragma once
// cmark-gfm, set up once for the whole project: GitHub-flavoured markdown
// (tables, autolinks, strikethrough) parsed into an owned syntax tree.

#include <cmark-gfm.h>

#include <memory>
#include <string_view>

namespace aisys::markdown {

struct NodeDeleter { void operator()(cmark_node* n) const { cmark_node_free(n); } };
struct IterDeleter { void operator()(cmark_iter* i) const { cmark_iter_free(i); } };

using Tree = std::unique_ptr<cmark_node, NodeDeleter>;
using Iterator = std::unique_ptr<cmark_iter, IterDeleter>;

/// Parses `text` (valid UTF-8) as GFM. Returns null only if cmark itself
/// fails (out of memory). Thread-safe.
Tree parse(std::string_view text);

} // namespace aisys::markdown

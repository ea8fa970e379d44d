#include <aisys/document.hpp>

namespace aisys {

std::string readme_to_text(std::string_view raw, std::string_view) { return std::string(raw); }

} // namespace aisys

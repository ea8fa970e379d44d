#include "util/tsv.hpp"

#include <aisys/text.hpp>

#include <sstream>

namespace aisys {

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string item;
    std::istringstream in(s);
    while (std::getline(in, item, sep)) out.push_back(item);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

void for_each_tsv_row(std::string_view tsv, const std::function<void(int line, const std::vector<std::string>& cols)>& row) {
    std::istringstream in{std::string(tsv)};
    std::string line;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (text::trim(line).empty() || line[0] == '#') continue;
        row(number, split(line, '\t'));
    }
}

} // namespace aisys

#pragma once
// The searches serve_bench and related_bench both ask: one or two words (four
// letters or more) of the index's own titles, from a fixed seed, so the two
// programs' numbers are of the same queries.

#include <aisys/index.hpp>
#include <aisys/paper.hpp>

#include <cctype>
#include <random>
#include <sstream>
#include <string>
#include <vector>

inline std::vector<std::string> title_queries(const aisys::Index& index, std::size_t n) {
    std::vector<std::vector<std::string>> titles;
    index.for_each_paper([&](const aisys::Paper& p) {
        std::vector<std::string> words;
        std::istringstream in(p.title);
        for (std::string w; in >> w;) {
            std::string clean;
            for (const char c : w)
                if (std::isalnum(static_cast<unsigned char>(c))) clean += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            if (clean.size() >= 4) words.push_back(clean);
        }
        if (!words.empty()) titles.push_back(std::move(words));
    });
    std::mt19937 rng(42);
    std::vector<std::string> out;
    while (out.size() < n && !titles.empty()) {
        const auto& words = titles[rng() % titles.size()];
        std::string q = words[rng() % words.size()];
        if (rng() % 2 && words.size() > 1) q += " " + words[rng() % words.size()];
        out.push_back(q);
    }
    return out;
}

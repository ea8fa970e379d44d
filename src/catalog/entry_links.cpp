// Links of an entry: labels, hosts, roles, arXiv ids and DOIs. See entry_parts.hpp.

#include "catalog/entry_parts.hpp"

#include "catalog/list_entry.hpp"

#include <aisys/catalog.hpp>
#include <aisys/text.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>
#include <regex>

namespace aisys::entry {

namespace parts {

// Letters, digits and spaces only, lower-case: "[\[PDF\]]" -> "pdf", "🔗 Code" -> "code".
std::string label_key(const std::string& label) {
    std::string out;
    for (const unsigned char c : label) {
        if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
        else if (c == ' ' || c == '-' || c == '_' || c == '&' || c == '.') out += ' ';
    }
    return text::collapse_whitespace(out);
}

// Labels that say what a link is, never a title: the extractor table of link labels.
struct LabelRule {
    std::string_view label;
    Role role;
};
constexpr std::array<LabelRule, 61> k_labels = {{
    {"paper", Role::paper}, {"pdf", Role::paper}, {"arxiv", Role::paper}, {"link", Role::paper},
    {"link to paper", Role::paper}, {"abs", Role::paper}, {"abstract", Role::paper}, {"html", Role::paper},
    {"doi", Role::paper}, {"acm", Role::paper}, {"ieee", Role::paper}, {"openreview", Role::paper},
    {"proceedings", Role::paper}, {"publication", Role::paper}, {"tech report", Role::paper},
    {"technical report", Role::paper}, {"report", Role::paper}, {"preprint", Role::paper}, {"full paper", Role::paper},
    {"paper link", Role::paper}, {"usenix", Role::paper}, {"springer", Role::paper}, {"pdf link", Role::paper},
    {"code", Role::code}, {"github", Role::code}, {"github repo", Role::code}, {"repo", Role::code},
    {"repository", Role::code}, {"source", Role::code}, {"source code", Role::code}, {"official code", Role::code},
    {"implementation", Role::code}, {"artifact", Role::code}, {"code link", Role::code}, {"gitee", Role::code},
    {"project", Role::other}, {"project page", Role::other}, {"website", Role::other}, {"web", Role::other},
    {"homepage", Role::other}, {"home page", Role::other}, {"page", Role::other}, {"slides", Role::other},
    {"slide", Role::other}, {"video", Role::other}, {"youtube", Role::other}, {"talk", Role::other},
    {"blog", Role::other}, {"blog post", Role::other}, {"docs", Role::other}, {"documentation", Role::other},
    {"dataset", Role::other}, {"data", Role::other}, {"demo", Role::other}, {"huggingface", Role::other},
    {"hugging face", Role::other}, {"model", Role::other}, {"models", Role::other}, {"poster", Role::other},
    {"colab", Role::other}, {"online", Role::other},
}};

std::optional<Role> label_role(const std::string& label) {
    const std::string key = label_key(label.size() > 200 ? label.substr(0, 200) : label);
    if (key.empty() || label.size() > 200) return std::nullopt;
    for (const auto& rule : k_labels)
        if (key == rule.label) return rule.role;
    // "arXiv:2510.27257", "2403.10266", a URL as its own label.
    static const std::regex id(R"(^(?:arxiv\s*)?\d{4}\s\d{4,5}(?:v\d+)?$)");
    if (std::regex_match(key, id)) return Role::paper;
    const std::string lower = text::to_lower(text::trim(label));
    if (lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0) return Role::paper;
    return std::nullopt;
}

bool is_github_repo(const std::string& url) { return github_repo(url).has_value(); }

bool is_doc_host(const std::string& url) {
    const std::string u = text::to_lower(url);
    for (std::string_view h : {"readthedocs.io", "docs.", "/docs/", "/wiki", ".github.io"})
        if (u.find(h) != std::string::npos) return true;
    return false;
}

// Hosts whose pages are not papers: talks, posts, courses.
bool is_other_host(const std::string& url) {
    const std::string u = text::to_lower(url);
    for (std::string_view h : {"youtube.com", "youtu.be", "bilibili.com", "medium.com", "substack.com", "zhihu.com",
                               "towardsdatascience.com", "/blog", "blog.", "twitter.com", "x.com/", "coursera.org",
                               "udemy.com"})
        if (u.find(h) != std::string::npos) return true;
    return false;
}

bool is_paper_host(const std::string& url) {
    const std::string u = text::to_lower(url);
    for (std::string_view h : {"arxiv.org", "doi.org", "dl.acm.org", "ieeexplore", "openreview.net", "usenix.org",
                               "proceedings.", "papers.nips.cc", "neurips.cc", "aclanthology.org", "mlsys.org",
                               "vldb.org", "springer.com", "sciencedirect", ".pdf", "semanticscholar.org",
                               "openaccess.thecvf.com", "researchgate.net"})
        if (u.find(h) != std::string::npos) return true;
    return false;
}

void take_link(Paper& p, Role role, const std::string& url, EntryOutput& out) {
    if (!url.empty() && url[0] == '#') return;
    if (!is_web_link(url)) {
        out.problems.push_back("link target '" + text::truncate(url, 200) + "' is not an http(s) URL");
        return;
    }
    if (p.arxiv_id.empty()) p.arxiv_id = arxiv_id_of(url);
    if (p.doi.empty()) p.doi = doi_of(url);
    if (role == Role::code) {
        if (is_doc_host(url) && !is_github_repo(url)) {
            out.other_links.push_back(url);
            return;
        }
        if (p.repo.empty()) p.repo = url;
        else if (p.repo != url && is_github_repo(url) &&
                 std::find(p.other_repos.begin(), p.other_repos.end(), url) == p.other_repos.end() &&
                 github_repo(url) != github_repo(p.repo))
            p.other_repos.push_back(url);
    } else if (role == Role::paper) {
        if (p.paper_url.empty()) p.paper_url = url;
    } else {
        out.other_links.push_back(url);
    }
}


std::vector<Role> roles_of(const Tokens& line) {
    std::vector<Role> roles(line.size(), Role::other);
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i].kind != Token::link) continue;
        roles[i] = role_of_link(line[i]);
        if (roles[i] == Role::title && i > 0 && line[i - 1].kind == Token::words) {
            const LinkRole word = role_of_word(last_word(line[i - 1].text));
            if (word == LinkRole::code) roles[i] = Role::code;
            if (word == LinkRole::paper) roles[i] = Role::paper;
        }
        if (roles[i] == Role::title && is_awesome_list(line[i].text, line[i].url)) roles[i] = Role::other;
    }
    return roles;
}

} // namespace parts

using namespace parts;

Role role_of_link(const Token& link) {
    if (const auto role = label_role(link.text)) {
        if (*role == Role::paper && is_github_repo(link.url)) return Role::code;  // a "PDF" label on a repository
        return *role;
    }
    if (text::trim(link.text).empty() || !link.image.empty()) {
        // A badge or an empty label: its target says what it is.
        if (is_github_repo(link.url)) return Role::code;
        if (is_paper_host(link.url)) return Role::paper;
        return Role::other;
    }
    return Role::title;
}

std::string arxiv_id_of(const std::string& url) {
    if (url.size() > 2000) return {};  // no link to a paper is longer
    static const std::regex id(
        R"((?:arxiv\.org/(?:abs|pdf|html)/|arxiv\.org/ftp/arxiv/papers/\d{4}/|10\.48550/arxiv\.)(\d{4}\.\d{4,5})(?:v\d+)?)",
        std::regex::icase);
    std::smatch m;
    return std::regex_search(url, m, id) ? m[1].str() : std::string();
}

std::string doi_of(const std::string& url) {
    if (url.size() > 2000) return {};
    static const std::regex doi(R"((?:doi\.org/|dl\.acm\.org/doi/(?:abs/|pdf/|full/|epdf/)?)(10\.\d{4,9}/[^\s?#]+))",
                                std::regex::icase);
    std::smatch m;
    if (!std::regex_search(url, m, doi)) return {};
    std::string d = text::to_lower(m[1].str());
    while (!d.empty() && (d.back() == '/' || d.back() == '.')) d.pop_back();
    if (d.size() > 4 && d.substr(d.size() - 4) == ".pdf") d.resize(d.size() - 4);
    if (d.rfind("10.48550/arxiv.", 0) == 0) return {};  // an arXiv id, kept as one
    return d;
}

std::string badge_text(const std::string& url) {
    const auto at = url.find("shields.io/badge/");
    if (at == std::string::npos) return {};
    std::string path = url.substr(at + 17);
    if (const auto q = path.find_first_of("?#"); q != std::string::npos) path.resize(q);
    if (path.size() > 4 && path.substr(path.size() - 4) == ".svg") path.resize(path.size() - 4);
    // LABEL-MESSAGE-COLOR: "--" is a dash, "_" a space, "%20" a space.
    std::vector<std::string> parts{""};
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (path[i] == '-' && i + 1 < path.size() && path[i + 1] == '-') {
            parts.back() += '-';
            ++i;
        } else if (path[i] == '-') {
            parts.emplace_back();
        } else if (path[i] == '_') {
            parts.back() += ' ';
        } else if (path.compare(i, 3, "%20") == 0) {
            parts.back() += ' ';
            i += 2;
        } else {
            parts.back() += path[i];
        }
    }
    if (parts.size() > 1) parts.pop_back();  // the colour
    std::string out;
    for (const auto& part : parts) out += (out.empty() ? "" : " ") + part;
    return text::trim(out);
}

} // namespace aisys::entry

// The arXiv metadata snapshot (JSONL) -> paper records, a line at a time.

#include <aisys/jsonl.hpp>
#include <aisys/text.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <unordered_map>

namespace aisys {

namespace {

std::string string_field(const nlohmann::json& j, const char* key) {
    const auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "Mon, 2 Apr 2007 19:18:42 GMT" or "2008-11-13": the first plausible year.
std::optional<int> year_in(std::string_view s) {
    for (std::size_t i = 0; i + 4 <= s.size(); ++i) {
        if (i > 0 && std::isdigit(static_cast<unsigned char>(s[i - 1]))) continue;
        if (!std::all_of(s.begin() + static_cast<long>(i), s.begin() + static_cast<long>(i) + 4,
                         [](unsigned char c) { return std::isdigit(c); }))
            continue;
        if (i + 4 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 4]))) continue;
        const int y = std::stoi(std::string(s.substr(i, 4)));
        if (y >= 1900 && y <= 2100) return y;
    }
    return std::nullopt;
}

// "C. Balázs, E. L. Berger and P. M. Nadolsky" -> three names.
std::vector<std::string> split_authors(const std::string& s) {
    std::vector<std::string> out;
    std::string rest = text::collapse_whitespace(s);
    for (std::size_t pos; (pos = rest.find(" and ")) != std::string::npos;) rest.replace(pos, 5, ", ");
    std::size_t start = 0;
    while (start <= rest.size()) {
        auto end = rest.find(',', start);
        if (end == std::string::npos) end = rest.size();
        if (auto name = text::trim(rest.substr(start, end - start)); !name.empty()) out.push_back(name);
        start = end + 1;
    }
    return out;
}

bool valid_id(const std::string& id) {
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](unsigned char c) {
        return std::isalnum(c) || c == '.' || c == '/' || c == '-' || c == '_';
    });
}

} // namespace

// The venue a journal-ref names, by any of its words or word pairs that the
// venue table knows ("Proc. NSDI'23", "OSDI 2022", "USENIX ATC 2021").
class JsonlReader::VenueWords {
public:
    explicit VenueWords(const VenueTable& table) {
        for (const auto& v : table.venues())
            for (const auto& alias : v.aliases) m_by_alias.emplace(alias, &v);
    }

    const Venue* find(std::string_view ref) const {
        std::vector<std::string> words;
        std::string w;
        for (const char c : ref) {
            if (std::isalpha(static_cast<unsigned char>(c))) w += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            else if (!w.empty()) words.push_back(std::move(w)), w.clear();
        }
        if (!w.empty()) words.push_back(std::move(w));
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (i + 1 < words.size())
                if (auto it = m_by_alias.find(words[i] + " " + words[i + 1]); it != m_by_alias.end()) return it->second;
            if (auto it = m_by_alias.find(words[i]); it != m_by_alias.end()) return it->second;
        }
        return nullptr;
    }

private:
    std::unordered_map<std::string, const Venue*> m_by_alias;
};

namespace {

using VenueWords = JsonlReader::VenueWords;

std::optional<Paper> parse_line(std::string_view line, const VenueWords& venues, std::string& error) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception& e) {
        // A syntax error, or a number too large for a double ("1e400" is an
        // out_of_range, not a parse_error): either way the line is not ours.
        const std::string what = e.what();  // "[json.exception.parse_error.101] parse error at ..."
        const auto bracket = what.find("] ");
        error = "not JSON (" + (bracket == std::string::npos ? what : what.substr(bracket + 2)) + ")";
        return std::nullopt;
    }
    if (!j.is_object()) {
        error = "not a JSON object";
        return std::nullopt;
    }
    Paper p;
    p.id = text::trim(string_field(j, "id"));
    if (!valid_id(p.id)) {
        error = p.id.empty() ? "no \"id\"" : "\"id\" is not an arXiv id";
        return std::nullopt;
    }
    p.title = text::collapse_whitespace(text::strip_control(string_field(j, "title")));
    if (p.title.empty()) {
        error = "no \"title\"";
        return std::nullopt;
    }
    p.abstract = text::collapse_whitespace(text::strip_control(string_field(j, "abstract")));
    p.authors = split_authors(text::strip_control(string_field(j, "authors")));
    const std::string categories = string_field(j, "categories");
    {
        std::string c;
        for (const char ch : categories + " ") {
            if (std::isspace(static_cast<unsigned char>(ch))) {
                if (!c.empty() && std::find(p.categories.begin(), p.categories.end(), c) == p.categories.end())
                    p.categories.push_back(c);
                c.clear();
            } else {
                c += ch;
            }
        }
    }
    if (const Venue* v = venues.find(string_field(j, "journal-ref"))) {
        p.venue = v->name;
        p.venue_kind = v->kind;
    } else {
        p.venue = "arXiv";
        p.venue_kind = "preprint";
    }
    if (const auto versions = j.find("versions"); versions != j.end() && versions->is_array() && !versions->empty() &&
                                                 versions->front().is_object())
        p.year = year_in(string_field(versions->front(), "created"));
    if (!p.year) p.year = year_in(string_field(j, "update_date"));
    p.arxiv_id = p.id;
    p.paper_url = "https://arxiv.org/abs/" + p.id;
    return p;
}

} // namespace

std::optional<Paper> paper_from_arxiv_json(std::string_view line, const VenueTable& venues, std::string& error) {
    return parse_line(line, VenueWords(venues), error);
}

JsonlReader::JsonlReader(std::istream& in, std::string name, const VenueTable& venues)
    : m_in(in), m_name(std::move(name)), m_venues(std::make_unique<VenueWords>(venues)), m_buffer(1u << 16) {}

JsonlReader::~JsonlReader() = default;

void JsonlReader::problem(const std::string& message) {
    if (m_problems.size() < k_max_problems) m_problems.push_back({m_name, static_cast<int>(m_line), message});
    ++m_problem_count;
}

// The next line without its newline, holding at most k_max_line_bytes of it;
// false at the end of the input.
bool JsonlReader::read_line(std::string& line, bool& too_long) {
    line.clear();
    too_long = false;
    bool any = false;
    while (true) {
        if (m_pos == m_end) {
            m_in.read(m_buffer.data(), static_cast<std::streamsize>(m_buffer.size()));
            m_end = static_cast<std::size_t>(m_in.gcount());
            m_pos = 0;
            if (m_end == 0) return any;
        }
        any = true;
        const char* start = m_buffer.data() + m_pos;
        const auto* newline = static_cast<const char*>(std::memchr(start, '\n', m_end - m_pos));
        const std::size_t n = newline ? static_cast<std::size_t>(newline - start) : m_end - m_pos;
        const std::size_t room = k_max_line_bytes - std::min(k_max_line_bytes, line.size());
        line.append(start, std::min(n, room));
        if (n > room) too_long = true;
        m_pos += n + (newline ? 1 : 0);
        if (newline) return true;
    }
}

std::optional<Paper> JsonlReader::next() {
    std::string line;
    bool too_long = false;
    while (read_line(line, too_long)) {
        ++m_line;
        if (too_long) {
            problem("line longer than " + std::to_string(k_max_line_bytes >> 20) + " MB, skipped");
            continue;
        }
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        std::string error;
        if (auto paper = parse_line(line, *m_venues, error)) {
            // No line number: records are known by their id, and one more or
            // one less line above must not make every paper below look changed.
            paper->listings.push_back({m_name, {}, 0});
            return paper;
        }
        problem(error + ", skipped");
    }
    return std::nullopt;
}

} // namespace aisys

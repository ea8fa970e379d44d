// Corpus generator for the scale benchmark: Debian's package descriptions,
// real English that every Debian machine has, written as arXiv metadata
// snapshot JSONL (one paper object a line) on stdout.
//
//   gen_corpus [--count N] > corpus.jsonl
//
// Titles are the one-line descriptions, abstracts the long ones. Bookworm's
// Packages files carry only the one-line description; the long ones are in
// Translation-en, which apt fetches only when asked:
//   apt-get update -o Acquire::Languages=en
// Without it every abstract is its title, which is said on stderr.
//
// Beyond the distinct packages (about 60k), more papers are made by
// recombination: the title of one package and sentences of several others.
// The same apt data always gives the same output.

#include <CLI/CLI.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

struct Options {
    std::size_t count = 0;  // papers to write; 0: one per distinct package
};

Options parse_options(int argc, char** argv) {
    Options o;
    CLI::App app{"arXiv-snapshot JSON lines made from Debian's package descriptions, on stdout", "gen_corpus"};
    app.add_option("--count", o.count, "Papers to write; 0: one per distinct package")->capture_default_str();
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        std::exit(app.exit(e));
    }
    return o;
}

// --- Reading apt's stanzas ---------------------------------------------------

// The whole stdout of a shell command. Throws when it cannot run or fails.
std::string command_output(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(command.c_str(), "r"), ::pclose);
    if (!pipe) throw std::runtime_error("cannot run " + command);
    std::string out;
    std::array<char, 1 << 16> buf;
    for (std::size_t n; (n = std::fread(buf.data(), 1, buf.size(), pipe.get())) > 0;) out.append(buf.data(), n);
    if (::pclose(pipe.release()) != 0) throw std::runtime_error(command + " failed");
    return out;
}

// One deb822 stanza: field -> value, continuation lines kept after a '\n'.
using Stanza = std::map<std::string, std::string, std::less<>>;

template <typename Visit>
void for_each_stanza(std::string_view text, Visit visit) {
    Stanza stanza;
    std::string* last = nullptr;
    std::size_t pos = 0;
    while (pos <= text.size()) {
        const std::size_t end = std::min(text.find('\n', pos), text.size());
        const std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        if (line.empty()) {
            if (!stanza.empty()) visit(stanza);
            stanza.clear();
            last = nullptr;
        } else if (line[0] == ' ' || line[0] == '\t') {
            if (last) (*last += '\n') += line;
        } else if (const auto colon = line.find(':'); colon != std::string_view::npos) {
            const std::size_t value = line.find_first_not_of(' ', colon + 1);
            last = &stanza[std::string(line.substr(0, colon))];
            *last = value == std::string_view::npos ? "" : std::string(line.substr(value));
        }
    }
    if (!stanza.empty()) visit(stanza);
}

std::string field(const Stanza& s, std::string_view name) {
    const auto it = s.find(name);
    return it == s.end() ? std::string() : it->second;
}

// A description's long part as text: continuation lines joined by spaces, a
// " ." line ending a paragraph, paragraphs separated by a newline.
std::string long_description(const std::string& description) {
    std::string text, paragraph;
    std::size_t pos = description.find('\n');
    while (pos != std::string::npos) {
        const std::size_t end = description.find('\n', pos + 1);
        std::string line = description.substr(pos + 1, end == std::string::npos ? std::string::npos : end - pos - 1);
        pos = end;
        const std::size_t first = line.find_first_not_of(" \t");
        if (first == std::string::npos) continue;
        line.erase(0, first);
        if (line == ".") {
            if (!paragraph.empty()) text += (text.empty() ? "" : "\n") + paragraph;
            paragraph.clear();
        } else {
            paragraph += (paragraph.empty() ? "" : " ") + line;
        }
    }
    if (!paragraph.empty()) text += (text.empty() ? "" : "\n") + paragraph;
    return text;
}

std::string first_line(const std::string& s) { return s.substr(0, s.find('\n')); }

struct Package {
    std::string name;
    std::string title;
    std::string abstract;
    std::string section;
    std::string version;
    std::string maintainer;
    std::vector<std::string> sentences;  // of the abstract, for recombination
};

// Description-md5 -> long description, from every Translation-en apt has.
std::map<std::string, std::string> translations() {
    std::map<std::string, std::string> long_by_md5;
    const std::string files = command_output(
        "apt-get -o Acquire::Languages=en indextargets --format '$(FILENAME)' 'Identifier: Translations' 2>/dev/null");
    for (std::size_t pos = 0; pos < files.size();) {
        const std::size_t end = std::min(files.find('\n', pos), files.size());
        const std::string file = files.substr(pos, end - pos);
        pos = end + 1;
        if (file.empty() || file.find('\'') != std::string::npos) continue;
        std::unique_ptr<FILE, int (*)(FILE*)> probe(std::fopen(file.c_str(), "rb"), std::fclose);
        if (!probe) continue;  // listed but never fetched
        for_each_stanza(command_output("/usr/lib/apt/apt-helper cat-file '" + file + "'"), [&](const Stanza& s) {
            const std::string md5 = field(s, "Description-md5");
            if (!md5.empty()) long_by_md5.emplace(md5, long_description(field(s, "Description-en")));
        });
    }
    return long_by_md5;
}

std::vector<std::string> split_sentences(const std::string& text) {
    std::vector<std::string> sentences;
    std::string current;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        current += c == '\n' ? ' ' : c;
        const bool stop = (c == '.' || c == '!' || c == '?') && i + 1 < text.size() && (text[i + 1] == ' ' || text[i + 1] == '\n');
        if (stop || c == '\n' || i + 1 == text.size()) {
            const std::size_t first = current.find_first_not_of(' ');
            // Prose only: list items ("- Support X", "* foo") read badly out of their list.
            if (first != std::string::npos && current.size() - first > 20 && std::isalpha(static_cast<unsigned char>(current[first])))
                sentences.push_back(current.substr(first));
            current.clear();
        }
    }
    return sentences;
}

// Every distinct package by name (the first stanza of a name wins), sorted by name.
std::vector<Package> read_packages(std::size_t& with_long) {
    const auto long_by_md5 = translations();
    std::map<std::string, Package> by_name;
    for_each_stanza(command_output("apt-cache dumpavail"), [&](const Stanza& s) {
        Package p;
        p.name = field(s, "Package");
        const std::string description = field(s, "Description");
        p.title = first_line(description);
        if (p.name.empty() || p.title.empty() || by_name.count(p.name)) return;
        p.abstract = long_description(description);
        if (p.abstract.empty())
            if (const auto it = long_by_md5.find(field(s, "Description-md5")); it != long_by_md5.end()) p.abstract = it->second;
        with_long += !p.abstract.empty();
        if (p.abstract.empty()) p.abstract = p.title;
        p.section = field(s, "Section");
        p.version = field(s, "Version");
        p.maintainer = field(s, "Maintainer");
        p.sentences = split_sentences(p.abstract);
        by_name.emplace(p.name, std::move(p));
    });
    std::vector<Package> packages;
    for (auto& [name, p] : by_name) packages.push_back(std::move(p));
    return packages;
}

// --- Deterministic choices ---------------------------------------------------

// splitmix64: small, fast and the same on every machine, unlike std:: distributions.
class Random {
public:
    explicit Random(std::uint64_t seed) : m_state(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (m_state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }

private:
    std::uint64_t m_state;
};

std::uint64_t hash(std::string_view s) {  // FNV-1a
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (unsigned char c : s) h = (h ^ c) * 0x100000001b3ULL;
    return h;
}

// Debian sections as arXiv categories; a "contrib/" or "non-free/" prefix is dropped.
std::string categories_of(std::string section) {
    section = section.substr(section.rfind('/') + 1);
    static const std::map<std::string, std::string, std::less<>> k_by_section = {
        {"libs", "cs.DC cs.SE"}, {"libdevel", "cs.SE cs.DC"}, {"oldlibs", "cs.SE"}, {"introspection", "cs.SE"},
        {"devel", "cs.SE cs.PL"}, {"vcs", "cs.SE"}, {"debug", "cs.SE cs.OS"},
        {"python", "cs.PL cs.LG"}, {"perl", "cs.PL"}, {"ruby", "cs.PL"}, {"php", "cs.PL"}, {"javascript", "cs.PL"},
        {"java", "cs.PL"}, {"haskell", "cs.PL"}, {"ocaml", "cs.PL"}, {"lisp", "cs.PL"}, {"rust", "cs.PL cs.OS"},
        {"golang", "cs.PL cs.DC"}, {"interpreters", "cs.PL"}, {"cli-mono", "cs.PL"},
        {"gnu-r", "stat.ML cs.LG"}, {"science", "cs.LG cs.CE"}, {"math", "math.NA cs.MS"},
        {"net", "cs.NI cs.DC"}, {"web", "cs.NI"}, {"httpd", "cs.NI cs.DC"}, {"mail", "cs.NI"}, {"comm", "cs.NI"},
        {"news", "cs.NI"}, {"hamradio", "cs.NI eess.SP"},
        {"admin", "cs.OS"}, {"kernel", "cs.OS cs.AR"}, {"shells", "cs.OS"}, {"otherosfs", "cs.OS"},
        {"embedded", "cs.AR cs.OS"}, {"utils", "cs.OS"}, {"electronics", "cs.AR"},
        {"database", "cs.DB"}, {"graphics", "cs.GR"}, {"video", "cs.MM"}, {"sound", "cs.SD"},
        {"x11", "cs.HC"}, {"gnome", "cs.HC"}, {"kde", "cs.HC"}, {"xfce", "cs.HC"}, {"gnustep", "cs.HC"},
        {"text", "cs.CL"}, {"doc", "cs.DL"}, {"tex", "cs.DL"}, {"localization", "cs.CL"}, {"editors", "cs.HC cs.CL"},
        {"fonts", "cs.GR"}, {"games", "cs.GT"}, {"education", "cs.CY"},
    };
    const auto it = k_by_section.find(section);
    return it == k_by_section.end() ? "cs.DC" : it->second;
}

constexpr std::array<const char*, 10> k_venues = {"OSDI", "SOSP", "NSDI", "ATC", "EuroSys",
                                                  "ASPLOS", "MLSys", "SC", "PPoPP", "VLDB"};

// About one paper in five has appeared somewhere, written as arXiv authors write it.
std::string journal_ref(Random& r, int year) {
    if (r.below(5) != 0) return "";
    const std::string venue = k_venues[r.below(k_venues.size())];
    const std::string yy = std::to_string(year % 100 + 100).substr(1);
    switch (r.below(3)) {
    case 0: return venue + " " + std::to_string(year);
    case 1: return "Proc. " + venue + "'" + yy;
    default: return "In " + venue + " " + std::to_string(year) + ", pages " + std::to_string(1 + r.below(900));
    }
}

constexpr std::array<const char*, 26> k_surnames = {
    "Chen", "Wang", "Smith", "Garcia", "Kumar", "Müller", "Rossi", "Tanaka", "Kim", "Nguyen", "Silva", "Cohen",
    "Novak", "Ivanova", "Okafor", "Larsen", "Dubois", "Haddad", "Park", "Zhang", "Patel", "Costa", "Schmidt",
    "Kowalski", "Yilmaz", "Andersson"};

// The maintainer when it is a person, then one to three made-up co-authors: "A. Name, B. Name and C. Name".
std::string authors_of(Random& r, const std::string& maintainer) {
    std::vector<std::string> names;
    const std::string person = maintainer.substr(0, maintainer.find(" <"));
    static constexpr std::array<const char*, 6> k_group_words = {"Team", "Maintainers", "Project", "Group", "Debian", "List"};
    const bool team = person.find_first_of("<@") != std::string::npos ||
                      std::any_of(k_group_words.begin(), k_group_words.end(),
                                  [&](const char* w) { return person.find(w) != std::string::npos; });
    if (!person.empty() && !team) names.push_back(person);
    for (std::size_t n = 1 + r.below(3); n > 0; --n)
        names.push_back(std::string(1, static_cast<char>('A' + r.below(26))) + ". " + k_surnames[r.below(k_surnames.size())]);
    std::string s;
    for (std::size_t i = 0; i < names.size(); ++i) s += (i == 0 ? "" : i + 1 == names.size() ? " and " : ", ") + names[i];
    return s;
}

struct Created {
    int year, month, day;
    std::string rfc1123;  // "Mon, 2 Apr 2007 19:18:42 GMT"
};

Created created_date(Random& r) {
    using namespace std::chrono;
    const int y = 2015 + static_cast<int>(r.below(11));
    const unsigned m = 1 + static_cast<unsigned>(r.below(12)), d = 1 + static_cast<unsigned>(r.below(28));
    const weekday wd{sys_days{year{y} / month{m} / day{d}}};
    static const char* k_days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* k_months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[64];
    std::snprintf(buf, sizeof buf, "%s, %u %s %d %02zu:%02zu:%02zu GMT", k_days[wd.c_encoding()], d, k_months[m - 1], y,
                  r.below(24), r.below(60), r.below(60));
    return {y, static_cast<int>(m), static_cast<int>(d), buf};
}

// One paper: `base` gives the title, section and maintainer; `abstract` its text.
nlohmann::ordered_json paper(Random& r, const Package& base, const std::string& abstract, std::map<int, int>& per_month) {
    const Created c = created_date(r);
    const int yymm = (c.year % 100) * 100 + c.month;
    char id[32];
    std::snprintf(id, sizeof id, "%04d.%05d", yymm, ++per_month[yymm]);
    char update[32];
    std::snprintf(update, sizeof update, "%04d-%02d-%02d", c.year, c.month, c.day);
    const std::string authors = authors_of(r, base.maintainer);
    const std::string comments = std::to_string(4 + r.below(20)) + " pages; Debian package " + base.name + " " + base.version;
    const std::string ref = journal_ref(r, c.year);
    // In the snapshot's field order.
    nlohmann::ordered_json j = {{"id", id}, {"authors", authors}, {"title", base.title}, {"comments", comments}};
    if (!ref.empty()) j["journal-ref"] = ref;
    j["categories"] = categories_of(base.section);
    j["abstract"] = abstract;
    j["versions"] = nlohmann::ordered_json::array({{{"version", "v1"}, {"created", c.rfc1123}}});
    j["update_date"] = update;
    return j;
}

// Two to five sentences, each from a package drawn at random.
std::string recombined_abstract(Random& r, const std::vector<Package>& packages) {
    std::string text;
    for (std::size_t n = 2 + r.below(4); n > 0;) {
        const auto& from = packages[r.below(packages.size())].sentences;
        if (from.empty()) continue;
        text += (text.empty() ? "" : " ") + from[r.below(from.size())];
        --n;
    }
    return text;
}

} // namespace

int main(int argc, char** argv) {
    try {
        const Options o = parse_options(argc, argv);
        std::size_t with_long = 0;
        std::vector<Package> packages = read_packages(with_long);
        if (packages.empty()) throw std::runtime_error("apt-cache dumpavail listed no packages; run apt-get update");
        if (with_long == 0)
            std::cerr << "gen_corpus: note: apt has no long descriptions; abstracts are the titles. "
                         "Run 'apt-get update -o Acquire::Languages=en' once for real abstracts.\n";
        // A fixed shuffle, so that a small --count is a sample of all sections, not the packages named 0-9 and a.
        Random shuffle(42);
        for (std::size_t i = packages.size(); i > 1; --i) std::swap(packages[i - 1], packages[shuffle.below(i)]);

        const std::size_t count = o.count ? o.count : packages.size();
        std::map<int, int> per_month;
        for (std::size_t i = 0; i < count; ++i) {
            Random r(hash(std::to_string(i)));
            const bool distinct = i < packages.size();
            const Package& base = packages[distinct ? i : r.below(packages.size())];
            const std::string abstract = distinct ? base.abstract : recombined_abstract(r, packages);
            std::cout << paper(r, base, abstract, per_month).dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                      << '\n';
        }
        std::cout.flush();
        if (!std::cout) throw std::runtime_error("cannot write to stdout");
        std::cerr << "gen_corpus: " << count << " papers from " << packages.size() << " distinct packages ("
                  << with_long << " with a long description)\n";
        return 0;
    } catch (const std::exception& e) {
        std::cerr << "gen_corpus: error: " << e.what() << "\n";
        return 1;
    }
}

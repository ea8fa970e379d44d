#include <catch2/catch.hpp>

#include <aisys/document.hpp>
#include <aisys/error.hpp>
#include <aisys/text.hpp>

#include "support.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

using namespace std::string_literals;
namespace fs = std::filesystem;
namespace test = aisys::test;
using aisys::readme_to_text;

namespace {

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

std::string readme_fixture(const std::string& name) { return read_file(test::fixture("readmes/" + name)); }

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

// Every README under `root` whose file name starts with "readme" (any case).
std::vector<fs::path> readmes_under(const fs::path& root) {
    std::vector<fs::path> found;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) return found;
    for (auto it = fs::recursive_directory_iterator(root, ec); it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        if (it->is_regular_file(ec) && aisys::text::to_lower(it->path().filename().string()).rfind("readme", 0) == 0)
            found.push_back(it->path());
    }
    return found;
}

} // namespace

TEST_CASE("markdown keeps prose and drops badges, images, HTML and code", "[document]") {
    const auto out = readme_to_text(readme_fixture("markdown.md"), "README.md");

    SECTION("headings, paragraphs, lists, quotes and tables survive") {
        CHECK(contains(out, "Quokka: Elastic Pipeline Scheduling"));
        CHECK(contains(out, "Quokka reshapes pipeline stages at run time so that straggler GPUs stop slowing the whole job."));
        CHECK(contains(out, "It is fast and uses torch.distributed underneath."));
        CHECK(contains(out, "Adaptive micro-batching"));
        CHECK(contains(out, "Zero-copy checkpoint snapshot transfer"));
        CHECK(contains(out, "nested step one"));
        CHECK(contains(out, "Quoted remark about throughput."));
        CHECK(contains(out, "System | Speedup\nQuokka | 2.3x\nBaseline | 1.0x"));
        CHECK(contains(out, "Hidden extras"));
    }
    SECTION("blocks are separated by blank lines") {
        CHECK(contains(out, "Quokka: Elastic Pipeline Scheduling\n\nQuokka reshapes"));
        CHECK(contains(out, "Features\n\nAdaptive micro-batching\n\n"));
        CHECK_FALSE(contains(out, "\n\n\n"));
    }
    SECTION("link text stays, the URL goes") {
        CHECK(contains(out, "Read the OSDI paper for details."));
        CHECK_FALSE(contains(out, "papers.example.org"));
    }
    SECTION("badges, images and HTML leave nothing") {
        CHECK_FALSE(contains(out, "shields.io"));
        CHECK_FALSE(contains(out, "build"));
        CHECK_FALSE(contains(out, "license"));
        CHECK_FALSE(contains(out, "architecture diagram"));
        CHECK_FALSE(contains(out, "logo"));
        CHECK_FALSE(contains(out, "<"));
        CHECK_FALSE(contains(out, "reviewer note"));
        CHECK_FALSE(contains(out, "secret_preformatted_command"));
    }
    SECTION("code blocks are dropped") {
        CHECK_FALSE(contains(out, "pip install"));
        CHECK_FALSE(contains(out, "@inproceedings"));
        CHECK_FALSE(contains(out, "booktitle"));
        CHECK_FALSE(contains(out, "indented_code_should_vanish"));
    }
    SECTION("no markdown markup is left") {
        for (const char* markup : {"#", "*", "**", "](", "![", "`", "~~", "|---", "> "}) {
            INFO(markup);
            CHECK_FALSE(contains(out, markup));
        }
        CHECK(out == aisys::text::trim(out));
    }
}

TEST_CASE("markdown is the default without a file name", "[document]") {
    CHECK(readme_to_text("# Title\n\nSome *text* [here](https://x.org).") == "Title\n\nSome text here.");
    CHECK(readme_to_text("# Title\n\nSome *text*.", "README.markdown") == "Title\n\nSome text.");
    CHECK(readme_to_text("") == "");
    CHECK(readme_to_text("  \n\n \t\n") == "");
}

TEST_CASE("escaped code fences leave no backtick runs", "[document]") {
    // Seen in a real README: the author escaped the fence, so cmark reads text.
    CHECK(readme_to_text("Run:\n\n\\`\\`\\`bash\nmake\n\\`\\`\\`\n") == "Run:\n\nbash make");
    CHECK(readme_to_text("Use `a` and ``b``.") == "Use a and b.");
}

TEST_CASE("an HTML block keeps its visible text but no tags", "[document]") {
    const auto out = readme_to_text("<div align=\"center\">\n  <h1>Fast Sparse Kernels</h1>\n"
                                    "  <img src=\"logo.png\">\n  <p>Tuned for <b>tensor</b> cores</p>\n</div>\n");
    CHECK(out == "Fast Sparse Kernels\n\nTuned for tensor cores");
    CHECK(readme_to_text("<p align=\"center\"><img src=\"a.png\"></p>\n") == "");
    // Markdown inside an HTML block is read too, so a logo there leaves nothing.
    CHECK(readme_to_text("<div align=\"center\">\n![logo](logo.png)\n**Bold** tagline\n</div>\n") == "Bold tagline");
}

TEST_CASE("reStructuredText drops directives and strips inline markup", "[document]") {
    const auto out = readme_to_text(readme_fixture("README.rst"), "README.rst");
    CHECK(contains(out, "Wombat\n\nWombat is a memory planner for transformer inference, written with numpy."));
    CHECK(contains(out, "See the design notes and quickstart for more."));
    CHECK(contains(out, "Getting started\n\nInstall it like this:"));
    CHECK(contains(out, "Offloads activations\n\nWorks with Sphinx docs"));
    CHECK(contains(out, "Admonition prose is kept."));
    for (const char* gone : {"pypi", "image", "banner", ":width:", "pip install", "import wombat", "plan_everything",
                             "sphinx-doc.org", "wombat.example.org", "===", "---", "``", "**", "`_", ":ref:", "::",
                             "Sphinx_", "|"}) {
        INFO(gone);
        CHECK_FALSE(contains(out, gone));
    }
}

TEST_CASE("reStructuredText is recognised without a file name", "[document]") {
    const std::string rst = "Title\n=====\n\n.. image:: x.png\n\nSome ``code`` here.\n";
    CHECK(readme_to_text(rst) == "Title\n\nSome code here.");
    CHECK(readme_to_text(rst, "README") == "Title\n\nSome code here.");
    // With a name that says markdown, the directive is just a paragraph.
    CHECK(contains(readme_to_text(rst, "README.md"), "image"));
}

TEST_CASE("reStructuredText inline markup forms", "[document]") {
    CHECK(readme_to_text("A `link <https://a.org>`__, an `x`:math: and a :py:func:`f` call.", "a.rst") ==
          "A link, an x and a f call.");
    CHECK(readme_to_text("Cite [1]_ and |badge|_ but keep __init__ and snake_case.", "a.rst") ==
          "Cite and but keep __init__ and snake_case.");
    CHECK(readme_to_text("2 * 3 * 4 stays, \\*escaped\\* too.", "a.rst") == "2 * 3 * 4 stays, *escaped* too.");
}

TEST_CASE("plain text is kept apart from whitespace", "[document]") {
    const auto out = readme_to_text(readme_fixture("README.txt"), "README.txt");
    CHECK(out == "Numbat scheduler ================\n\n"
                 "This is a plain *text* readme with [brackets] and indented lines that stay.\n\n"
                 "Second paragraph here.");
    // A bare "README" with no markup at all is plain text too: the indented
    // line would otherwise be read as markdown code and lost.
    CHECK(readme_to_text("Intro line.\n\n    indented but prose\n", "README") == "Intro line.\n\nindented but prose");
}

TEST_CASE("bad bytes, control characters and line endings", "[document]") {
    SECTION("invalid UTF-8 becomes U+FFFD, one per bad byte") {
        const auto out = readme_to_text("caf\xE9 and \xFF\xFE ok\n", "README.md");
        CHECK(out == "caf\xEF\xBF\xBD and \xEF\xBF\xBD\xEF\xBF\xBD ok");
        CHECK(aisys::text::is_valid_utf8(out));
    }
    SECTION("a NUL byte means binary") {
        CHECK_THROWS_AS(readme_to_text("PNG\0\x01\x02"s, "README.md"), aisys::Error);
        CHECK_THROWS_WITH(readme_to_text("ab\0"s), Catch::Contains("NUL byte at offset 2"));
    }
    SECTION("control characters and whole escape sequences go, newlines stay") {
        CHECK(readme_to_text("red \x1B[31mtext\x1B[0m\x07 here\n\nnext") == "red text here\n\nnext");
    }
    SECTION("CRLF and CR line endings") {
        CHECK(readme_to_text("# Head\r\n\r\nline one\r\nline two\r\n") == "Head\n\nline one line two");
        CHECK(readme_to_text("para one\r\rpara two\r", "README.txt") == "para one\n\npara two");
        CHECK(readme_to_text("Title\r\n=====\r\n\r\n.. image:: x.png\r\n\r\nText.\r\n", "README.rst") ==
              "Title\n\nText.");
    }
    SECTION("a byte order mark is dropped") {
        CHECK(readme_to_text("\xEF\xBB\xBF# Title") == "Title");
    }
}

TEST_CASE("big and deeply nested READMEs convert", "[document]") {
    SECTION("10 MB of mixed markdown") {
        std::string big;
        for (int i = 0; big.size() < 10u << 20; ++i)
            big += "## Section " + std::to_string(i) + "\n\nSome *prose* with a [link](https://x.org/" +
                   std::to_string(i) + ") and `code`.\n\n- item\n- [![b](https://b.svg)](https://c)\n\n"
                   "| a | b |\n|---|---|\n| 1 | 2 |\n\n```\nshell --command\n```\n\n<p>html</p>\n\n";
        const auto out = readme_to_text(big, "README.md");
        CHECK(contains(out, "Some prose with a link and code."));
        CHECK_FALSE(contains(out, "shell --command"));
        CHECK_FALSE(contains(out, "https://"));
    }
    SECTION("a very long line") {
        std::string line;
        for (int i = 0; i < 400000; ++i) line += "*a `b [c](d) ";
        CHECK_NOTHROW(readme_to_text(line, "README.md"));
        CHECK_NOTHROW(readme_to_text(line, "README.rst"));
        CHECK_NOTHROW(readme_to_text(line, "README.txt"));
    }
    SECTION("10,000 levels of block quotes and lists") {
        const auto quotes = std::string(10000, '>') + " deep quote\n";
        CHECK(readme_to_text(quotes) == "deep quote");
        std::string lists;
        for (int depth = 0; depth < 10000; ++depth) lists += depth % 2 ? "- " : "1. ";
        CHECK(readme_to_text(lists + "level") == "level");
        std::string mixed;
        for (int depth = 0; depth < 10000; ++depth) mixed += depth % 2 ? "> " : "- ";
        CHECK(readme_to_text(mixed + "level\n\n" + mixed + "again") == "level\n\nagain");
        const auto brackets = std::string(10000, '[') + "x" + std::string(10000, ']');
        CHECK_NOTHROW(readme_to_text(brackets));
        CHECK_NOTHROW(readme_to_text(std::string(10000, '*') + "x" + std::string(10000, '*')));
    }
    SECTION("rst with many unmatched markup characters") {
        std::string rst;
        for (int i = 0; i < 200000; ++i) rst += "*a ``b `c |d [e ";
        CHECK_NOTHROW(readme_to_text(rst, "README.rst"));
    }
}

TEST_CASE("the real READMEs in ../shared convert cleanly", "[document]") {
    const auto shared = test::shared_dir();
    if (shared.empty()) {
        WARN("skipped: ../shared is absent");
        return;
    }
    std::vector<fs::path> readmes = readmes_under(fs::path(shared) / "corpus/github/MachineLearningSystem");
    for (const auto& path : readmes_under(fs::path(shared) / "corpus-upstream/github")) readmes.push_back(path);
    REQUIRE(readmes.size() >= 10);

    for (const auto& path : readmes) {
        INFO(path.string());
        std::string out;
        REQUIRE_NOTHROW(out = readme_to_text(read_file(path), path.filename().string()));
        CHECK_FALSE(out.empty());
        CHECK(aisys::text::is_valid_utf8(out));
        for (const char* markup : {"](", "![", "<img", "```"}) {
            INFO(markup);
            CHECK_FALSE(contains(out, markup));
        }
    }

    const auto zeus = fs::path(shared) / "corpus/github/MachineLearningSystem/Zeus/README.md";
    if (fs::exists(zeus)) {
        const auto out = aisys::text::to_lower(readme_to_text(read_file(zeus), "README.md"));
        CHECK(contains(out, "energy optimization framework for dnn training"));  // from an HTML block
        CHECK(contains(out, "batch size"));
        CHECK_FALSE(contains(out, "badgen.net"));
    }
}

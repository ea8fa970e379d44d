#pragma once
// Stage 1, catalog, for bulk input: the arXiv metadata snapshot (one JSON
// object a line: id, title, abstract, authors, categories, journal-ref,
// comments, update_date, versions) -> paper records, one at a time.

#include <aisys/catalog.hpp>
#include <aisys/paper.hpp>
#include <aisys/venue.hpp>

#include <cstddef>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace aisys {

/// The paper one line describes. Venue from `journal-ref` through the venue
/// table (else arXiv); year from the first version's date (else
/// `update_date`); categories from `categories`. Extra fields are ignored,
/// missing ones tolerated. Returns nothing and sets `error` (one line) when
/// the line is not such an object (bad JSON, no id or title, invalid UTF-8).
std::optional<Paper> paper_from_arxiv_json(std::string_view line, const VenueTable& venues, std::string& error);

/// Reads a JSONL stream one line at a time; memory does not grow with it.
class JsonlReader {
public:
    /// `name` names the input in problems and listings ("-" for stdin).
    JsonlReader(std::istream& in, std::string name, const VenueTable& venues);
    ~JsonlReader();
    JsonlReader(const JsonlReader&) = delete;
    JsonlReader& operator=(const JsonlReader&) = delete;

    /// The next paper, skipping blank and malformed lines (each malformed
    /// one is a problem with its line number); nothing at the end.
    std::optional<Paper> next();

    /// The first k_max_problems problems; problem_count() counts them all.
    const std::vector<CatalogProblem>& problems() const { return m_problems; }
    std::size_t problem_count() const { return m_problem_count; }
    std::size_t lines() const { return m_line; }

    static constexpr std::size_t k_max_problems = 100;
    /// A longer line is malformed (and skipped without being held in memory).
    static constexpr std::size_t k_max_line_bytes = 16u << 20;

    class VenueWords;

private:
    void problem(const std::string& message);
    bool read_line(std::string& line, bool& too_long);

    std::istream& m_in;
    std::string m_name;
    std::unique_ptr<VenueWords> m_venues;
    std::vector<char> m_buffer;
    std::size_t m_pos = 0, m_end = 0;
    std::size_t m_line = 0;
    std::vector<CatalogProblem> m_problems;
    std::size_t m_problem_count = 0;
};

} // namespace aisys

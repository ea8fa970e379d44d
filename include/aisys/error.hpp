#pragma once
// Errors that reach the user. Expected per-item failures are values (see
// CatalogProblem); everything that should stop a command is an aisys::Error.

#include <stdexcept>
#include <string>

namespace aisys {

/// Process exit codes, grep style: 0 results found, 1 no results, 2 error.
enum ExitCode : int { k_exit_found = 0, k_exit_none = 1, k_exit_error = 2 };

/// An error the user can act on. what() is one line: what went wrong and,
/// where there is one, what to do about it. Library code translates Xapian,
/// cmark and I/O failures into this at its module edge.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

/// The user's query could not be parsed (unbalanced quotes, bad filter value...).
class QueryError : public Error {
public:
    using Error::Error;
};

} // namespace aisys

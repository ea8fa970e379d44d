#pragma once
// Errors that reach the user. Expected per-item failures are values (see
// CatalogProblem); everything that should stop a command is an aisys::Error.

#include <stdexcept>
#include <string>
#include <utility>

namespace aisys {

/// Process exit codes, grep style: 0 results found, 1 no results, 2 error,
/// 3 a malformed query (the user's to fix, not the index's or the machine's).
enum ExitCode : int { k_exit_found = 0, k_exit_none = 1, k_exit_error = 2, k_exit_bad_query = 3 };

/// What kind of failure an Error is, as LevelDB's Status codes say it: a
/// front end (the command line) picks its advice and exit code by the kind,
/// never by reading the message.
enum class ErrorKind {
    other,          ///< none of the below
    usage,          ///< a path or value given cannot be used as what it was given for (a file as the index folder)
    not_found,      ///< there is no index there yet, no such file
    bad_query,      ///< the query or a filter value is malformed (QueryError)
    damaged_index,  ///< the index cannot be read as written: rebuilding it is the cure
    busy,           ///< another build holds the index
    io,             ///< reading or writing a file failed
    network,        ///< a list or an answer could not be fetched
};

/// An error the user can act on. what() is one line saying what went wrong,
/// in the library's terms (no command-line flags or commands: the front end
/// adds its advice by kind()). Library code translates Xapian, cmark and I/O
/// failures into this at its module edge.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message, ErrorKind kind = ErrorKind::other, std::string subject = {})
        : std::runtime_error(message), m_kind(kind), m_subject(std::move(subject)) {}

    ErrorKind kind() const noexcept { return m_kind; }
    /// What the error is about, for the advice: the index folder (usage,
    /// not_found, damaged_index, busy), or "".
    const std::string& subject() const noexcept { return m_subject; }

private:
    ErrorKind m_kind;
    std::string m_subject;
};

/// The user's query could not be parsed (unbalanced quotes, bad filter value...).
class QueryError : public Error {
public:
    explicit QueryError(const std::string& message) : Error(message, ErrorKind::bad_query) {}
};

} // namespace aisys

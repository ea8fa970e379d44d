#pragma once
// A SQLite connection for the benchmarks that compare against FTS5: errors
// as exceptions naming the statement, statements freed with their owner.

#include <sqlite3.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace aisys::bench {

using Statement = std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)>;

class SqliteDb {
public:
    SqliteDb(const std::string& file, int flags) {
        if (sqlite3_open_v2(file.c_str(), &m_db, flags, nullptr) != SQLITE_OK) fail("opening " + file);
    }
    ~SqliteDb() { sqlite3_close(m_db); }
    SqliteDb(const SqliteDb&) = delete;
    SqliteDb& operator=(const SqliteDb&) = delete;

    void exec(const std::string& sql) {
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
    }

    Statement prepare(const std::string& sql) {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) fail(sql);
        return Statement(stmt, sqlite3_finalize);
    }

    [[noreturn]] void fail(const std::string& what) const {
        throw std::runtime_error("SQLite: " + what + ": " + sqlite3_errmsg(m_db));
    }

private:
    sqlite3* m_db = nullptr;
};

} // namespace aisys::bench

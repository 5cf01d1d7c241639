package dev.stem.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/// A statement that runs under its own `statement_timeout` and `lock_timeout`.
///
/// Both are set with `set_config(..., true)` in a `SELECT` sent in the same round trip, right
/// before the statement: the two run in one transaction, so the settings hold for the statement
/// (including the locks it takes before it starts, such as a table lock held by another session)
/// and end with its commit, never changing the pooled connection. A statement that runs past the
/// timeout is cancelled by the server (SQLSTATE `57014`, or `55P03` for a lock wait) and changes
/// nothing.
final class TimedStatement {

    private static final String PRELUDE =
            "SELECT set_config('statement_timeout', ?, true), set_config('lock_timeout', ?, true);\n";

    private final String sql;

    private final long timeoutMillis;

    TimedStatement(String statement, Duration timeout) {
        this.sql = PRELUDE + statement;
        this.timeoutMillis = Math.max(1, timeout.toMillis());
    }

    /// The rows the statement returns, read with `mapper`, through `jdbc` (whose connection handling
    /// and error translation apply).
    <T> List<T> query(JdbcTemplate jdbc, RowMapper<T> mapper, Object... args) {
        List<T> rows = jdbc.execute((Connection connection) -> connection.prepareStatement(this.sql),
                (PreparedStatement statement) -> {
                    bind(statement, this.timeoutMillis, args);
                    statement.execute();
                    statement.getMoreResults();
                    List<T> mapped = new ArrayList<>();
                    try (ResultSet rs = statement.getResultSet()) {
                        while (rs.next()) {
                            mapped.add(mapper.mapRow(rs, mapped.size()));
                        }
                    }
                    return mapped;
                });
        return rows != null ? rows : List.of();
    }

    /// The number of rows the statement changed, run on `connection` in autocommit mode under
    /// `timeout` when it is shorter than the statement's own.
    int update(Connection connection, Duration timeout, Object... args) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(this.sql)) {
            bind(statement, Math.min(this.timeoutMillis, Math.max(1, timeout.toMillis())), args);
            statement.execute();
            statement.getMoreResults();
            return statement.getUpdateCount();
        }
    }

    private static void bind(PreparedStatement statement, long timeoutMillis, Object... args) throws SQLException {
        statement.setString(1, Long.toString(timeoutMillis));
        statement.setString(2, Long.toString(timeoutMillis));
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 3, args[i]);
        }
    }
}

package dev.stem.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import org.jspecify.annotations.Nullable;

/// Conversions between Java time values and what the PostgreSQL driver binds and reads.
final class SqlValues {

    private SqlValues() {
    }

    /// `value` in whole milliseconds (at least 1), for `now() + ? * interval '1 millisecond'`;
    /// rejects a zero or negative duration naming `field`.
    static long positiveMillis(String field, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Invalid " + field + " '" + value + "': must be positive");
        }
        return Math.max(1, value.toMillis());
    }

    /// `instant` as a value the driver binds to `timestamptz`.
    static @Nullable OffsetDateTime timestamp(@Nullable Instant instant) {
        return instant != null ? OffsetDateTime.ofInstant(instant, ZoneOffset.UTC) : null;
    }

    /// The `timestamptz` column `column` as an instant, or `null`.
    static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value != null ? value.toInstant() : null;
    }

    /// The non-null `timestamptz` column `column` as an instant.
    static Instant requiredInstant(ResultSet rs, String column) throws SQLException {
        Instant value = instant(rs, column);
        if (value == null) {
            throw new SQLException("Column " + column + " is unexpectedly null");
        }
        return value;
    }
}

package dev.stem.jdbc;

import java.util.regex.Pattern;

/// The prefix put before every Stem table, index and notification channel, such as `stem_`.
///
/// Guarantees a value that is safe to splice into SQL unquoted: 1 to 40 characters of lower-case
/// `a-z`, digits and `_`, starting with a letter or `_`. Lower case only, because PostgreSQL folds
/// unquoted identifiers to lower case.
///
/// @param value the prefix, such as `stem_`
public record TablePrefix(String value) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,39}");

    /// The prefix used when none is configured.
    public static final TablePrefix DEFAULT = new TablePrefix("stem_");

    public TablePrefix {
        if (value == null || !IDENTIFIER.matcher(value).matches()) {
            throw new IllegalArgumentException("Invalid table prefix '" + value
                    + "': must be 1-40 characters of a-z 0-9 _ starting with a letter or _, such as stem_");
        }
    }

    /// The prefix `value`, validated.
    public static TablePrefix of(String value) {
        return new TablePrefix(value);
    }

    /// The full name of the table (or channel) `name`, such as `stem_jobs`.
    public String table(String name) {
        return this.value + name;
    }

    /// `sql` with every `${prefix}` placeholder replaced by this prefix.
    public String apply(String sql) {
        return sql.replace("${prefix}", this.value);
    }
}

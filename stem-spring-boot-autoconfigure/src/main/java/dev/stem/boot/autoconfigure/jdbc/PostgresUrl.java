package dev.stem.boot.autoconfigure.jdbc;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import dev.stem.boot.autoconfigure.diagnostics.InvalidStoreUrlException;

/// A PostgreSQL connection URL from `stem.broker.url` or `stem.backend.url`, turned into what
/// pgjdbc takes: a `jdbc:postgresql://` URL plus the user name and password, as Spring Boot's
/// [JdbcConnectionDetails].
///
/// Accepts `postgresql://[user[:password]@]host[:port][,host2[:port]...]/database[?param=value&...]`
/// (also spelled `postgres://`; user and password percent-encoded), whose query parameters are
/// pgjdbc's own (`sslmode`, `sslrootcert`, `currentSchema`, ...), and `jdbc:postgresql://...`,
/// which is used as it is. Anything else is rejected naming the property. [#toString()] hides the
/// password.
///
/// @param jdbcUrl the URL for pgjdbc
/// @param username the user name from the URL's user info, if it had one
/// @param password the password from the URL's user info, if it had one
record PostgresUrl(String jdbcUrl, @Nullable String username, @Nullable String password)
        implements JdbcConnectionDetails {

    private static final String JDBC_PREFIX = "jdbc:postgresql:";

    /// Parses `url`, the value of `property`.
    static PostgresUrl parse(String property, String url) {
        String trimmed = url.trim();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith(JDBC_PREFIX)) {
            return new PostgresUrl(trimmed, null, null);
        }
        int schemeEnd = trimmed.indexOf("://");
        String scheme = schemeEnd > 0 ? trimmed.substring(0, schemeEnd).toLowerCase(Locale.ROOT) : "";
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw invalid(property, url, "use postgresql://user:password@host:5432/database or jdbc:postgresql://...");
        }
        String rest = trimmed.substring(schemeEnd + 3);
        int authorityEnd = indexOfAny(rest, '/', '?');
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String pathAndQuery = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
        int at = authority.lastIndexOf('@');
        String hosts = authority.substring(at + 1);
        if (hosts.isEmpty()) {
            throw invalid(property, url, "the host is missing");
        }
        String username = null;
        String password = null;
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon));
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
        }
        return new PostgresUrl("jdbc:postgresql://" + hosts + pathAndQuery, username, password);
    }

    @Override
    public String getJdbcUrl() {
        return this.jdbcUrl;
    }

    @Override
    public @Nullable String getUsername() {
        return this.username;
    }

    @Override
    public @Nullable String getPassword() {
        return this.password;
    }

    @Override
    public String toString() {
        return "PostgresUrl[" + this.jdbcUrl + ", username=" + this.username
                + (this.password != null ? ", password=******]" : "]");
    }

    private static int indexOfAny(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        return a < 0 ? b : (b < 0 ? a : Math.min(a, b));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static InvalidStoreUrlException invalid(String property, String url, String reason) {
        return new InvalidStoreUrlException(property, mask(url), reason);
    }

    private static String mask(String url) {
        return url.replaceFirst("(://[^/?@:]*:)[^/?@]*@", "$1******@");
    }
}

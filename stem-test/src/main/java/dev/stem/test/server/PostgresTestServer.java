package dev.stem.test.server;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;

/// The PostgreSQL server of integration tests, found once per JVM:
///
/// 1. `STEM_TEST_POSTGRES_URL` (a `jdbc:postgresql://` URL) when set; a server that does not
///    answer there fails the test, as the URL was given on purpose;
/// 2. else a server answering on 127.0.0.1:5432 as user `postgres` without a password, database
///    `test` or else `postgres` (unless `STEM_TEST_NO_DEFAULTS=true`);
/// 3. else a Testcontainers `postgres:16-alpine` container when Docker is available;
/// 4. else none: a test class annotated [RequiresPostgres] is skipped with the reason (failed when
///    [TestServerPolicy#servicesRequired()]), and the methods here abort or fail the calling test.
///
/// Test classes share the server, so each names its tables with its own [#randomPrefix()] and
/// drops them with [#dropTables(String)] afterwards.
public final class PostgresTestServer {

    /// The variable naming the server.
    public static final String URL_VARIABLE = "STEM_TEST_POSTGRES_URL";

    /// The servers tried, in order, when the variable is unset.
    public static final List<String> DEFAULT_URLS = List.of(
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private static final String JDBC_PREFIX = "jdbc:postgresql://";

    private static final int PROBE_TIMEOUT_SECONDS = 2;

    private static @Nullable Found found;

    private static @Nullable String unavailable;

    private static @Nullable HikariDataSource shared;

    private PostgresTestServer() {
    }

    /// Why there is no server, or `null` when there is one; looks it up on the first call.
    ///
    /// @throws IllegalStateException when `STEM_TEST_POSTGRES_URL` is set and nothing answers there
    public static synchronized @Nullable String unavailableReason() {
        if (found == null && unavailable == null) {
            resolve();
        }
        return unavailable;
    }

    /// The server's JDBC URL; aborts (skips) or fails the calling test when there is no server.
    public static String jdbcUrl() {
        return get().jdbcUrl();
    }

    /// The server's JDBC URL with the user name and password as query parameters when they are not
    /// part of [#jdbcUrl()] already (a container's), for a process that gets one URL.
    public static String jdbcUrlWithCredentials() {
        Found server = get();
        if (server.username() == null) {
            return server.jdbcUrl();
        }
        return server.jdbcUrl() + (server.jdbcUrl().contains("?") ? "&" : "?") + "user="
                + encode(server.username()) + "&password=" + encode(Objects.requireNonNullElse(server.password(), ""));
    }

    /// The user name, when it is not part of [#jdbcUrl()] (a container's).
    public static @Nullable String username() {
        return get().username();
    }

    /// The password, when it is not part of [#jdbcUrl()] (a container's).
    public static @Nullable String password() {
        return get().password();
    }

    /// A pooled data source on the server shared by every caller in this JVM (up to 12
    /// connections, none kept idle); closed when the JVM exits.
    public static synchronized DataSource dataSource() {
        if (shared == null) {
            Found server = get();
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl(server.jdbcUrl());
            if (server.username() != null) {
                config.setUsername(server.username());
                config.setPassword(server.password());
            }
            config.setMaximumPoolSize(12);
            config.setMinimumIdle(0);
            config.setPoolName("stem-test-postgres");
            HikariDataSource pool = new HikariDataSource(config);
            Runtime.getRuntime().addShutdownHook(new Thread(pool::close, "postgres-test-server-shutdown"));
            shared = pool;
        }
        return shared;
    }

    /// A `JdbcTemplate` on [#dataSource()].
    public static JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource());
    }

    /// `spring.datasource.*` properties for the server, such as `spring.datasource.url=jdbc:...`;
    /// prefix each with `--` for command-line arguments.
    public static List<String> dataSourceProperties() {
        Found server = get();
        List<String> properties = new ArrayList<>(List.of("spring.datasource.url=" + server.jdbcUrl()));
        if (server.username() != null) {
            properties.add("spring.datasource.username=" + server.username());
            properties.add("spring.datasource.password=" + server.password());
        }
        return properties;
    }

    /// The server as a `postgresql://[user:password@]host:port/database?...` URL, the form of
    /// `stem.broker.url` and `stem.backend.url`.
    public static String postgresqlUrl() {
        Found server = get();
        String credentials = server.username() == null ? "" : encode(server.username()) + ":"
                + encode(Objects.requireNonNullElse(server.password(), "")) + "@";
        return "postgresql://" + credentials + server.jdbcUrl().substring(JDBC_PREFIX.length());
    }

    /// A fresh table prefix no other test uses, such as `t3fa9c2d1e0_`.
    public static String randomPrefix() {
        byte[] bytes = new byte[5];
        ThreadLocalRandom.current().nextBytes(bytes);
        return "t" + HexFormat.of().formatHex(bytes) + "_";
    }

    /// Drops every table of the current schema whose name starts with `prefix`, when a server was
    /// found, and does nothing otherwise: for an `@AfterAll` or `@AfterEach` that runs even when the
    /// lookup skipped the test.
    public static void dropTables(String prefix) {
        synchronized (PostgresTestServer.class) {
            if (found == null) {
                return;
            }
        }
        dropTables(dataSource(), prefix);
    }

    /// Drops every table of `dataSource`'s current schema whose name starts with `prefix`.
    public static void dropTables(DataSource dataSource, String prefix) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<String> tables = jdbc.queryForList("""
                SELECT quote_ident(tablename) FROM pg_tables
                WHERE schemaname = current_schema() AND starts_with(tablename, ?)""", String.class, prefix);
        if (!tables.isEmpty()) {
            jdbc.execute("DROP TABLE IF EXISTS " + String.join(", ", tables) + " CASCADE");
        }
    }

    private static synchronized Found get() {
        String reason = unavailableReason();
        if (reason != null) {
            TestServerPolicy.unavailable(reason);
        }
        return Objects.requireNonNull(found);
    }

    private static void resolve() {
        String variable = TestServerPolicy.setting(URL_VARIABLE);
        if (variable != null) {
            if (!variable.startsWith(JDBC_PREFIX)) {
                throw new IllegalStateException(URL_VARIABLE + " must be a " + JDBC_PREFIX + " URL, was '"
                        + redact(variable) + "'");
            }
            String failure = connect(variable, null, null);
            if (failure != null) {
                throw new IllegalStateException(URL_VARIABLE + " is set, but no PostgreSQL answers there: " + failure);
            }
            found = new Found(variable, null, null);
            return;
        }
        String defaultFailure = "not tried, " + TestServerPolicy.NO_DEFAULTS + " is true";
        if (TestServerPolicy.defaultPortsAllowed()) {
            for (String candidate : DEFAULT_URLS) {
                defaultFailure = connect(candidate, null, null);
                if (defaultFailure == null) {
                    found = new Found(candidate, null, null);
                    return;
                }
            }
        }
        String docker = Docker.unavailableReason();
        if (docker == null) {
            found = PostgresContainer.start();
            return;
        }
        unavailable = "No PostgreSQL for integration tests: " + URL_VARIABLE + " is not set, 127.0.0.1:5432 "
                + defaultFailure + ", and " + docker;
    }

    /// `null` when the server at `url` accepts a connection, else what went wrong (without a password).
    static @Nullable String connect(String url, @Nullable String username, @Nullable String password) {
        Properties properties = new Properties();
        properties.setProperty("connectTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
        properties.setProperty("loginTimeout", Integer.toString(PROBE_TIMEOUT_SECONDS));
        if (username != null) {
            properties.setProperty("user", username);
            properties.setProperty("password", Objects.requireNonNullElse(password, ""));
        }
        try (Connection connection = DriverManager.getConnection(url, properties)) {
            return connection.isValid(PROBE_TIMEOUT_SECONDS) ? null : "does not answer at " + redact(url);
        }
        catch (SQLException ex) {
            return "does not answer at " + redact(url) + " (" + ex.getMessage() + ")";
        }
    }

    private static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&]*", "$1****");
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /// A server found: its JDBC URL and, for a container, the credentials it needs.
    record Found(String jdbcUrl, @Nullable String username, @Nullable String password) {
    }
}

package dev.stem.boot.autoconfigure.jdbc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/// The PostgreSQL server the integration tests run against, found once per JVM:
/// `STEM_TEST_POSTGRES_URL` when set; else a Testcontainers container when Docker is available;
/// else the calling test fails when `STEM_REQUIRE_SERVICES=true` or `CI=true`, and is skipped otherwise.
///
/// @param jdbcUrl the server's JDBC URL
/// @param username the user name, when not in the URL
/// @param password the password, when not in the URL
record PostgresTestDatabase(String jdbcUrl, @Nullable String username, @Nullable String password) {

    private static final String URL_VARIABLE = "STEM_TEST_POSTGRES_URL";

    private static final String JDBC_PREFIX = "jdbc:postgresql://";

    private static @Nullable PostgresTestDatabase found;

    private static @Nullable String unavailable;

    /// The test server; fails or skips the calling test when there is none.
    static synchronized PostgresTestDatabase get() {
        if (found == null && unavailable == null) {
            resolve();
        }
        if (found == null) {
            boolean required = "true".equalsIgnoreCase(System.getenv("STEM_REQUIRE_SERVICES"))
                    || "true".equalsIgnoreCase(System.getenv("CI"));
            if (required) {
                Assertions.fail(unavailable + ", and STEM_REQUIRE_SERVICES or CI requires it");
            }
            Assumptions.abort(unavailable + "; skipping PostgreSQL integration tests");
        }
        return found;
    }

    /// A fresh table prefix, so test classes sharing the server never see each other's tables.
    static String randomPrefix() {
        return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "_";
    }

    /// `spring.datasource.*` properties for this server.
    List<String> dataSourceProperties() {
        List<String> properties = new ArrayList<>(List.of("spring.datasource.url=" + this.jdbcUrl));
        if (this.username != null) {
            properties.add("spring.datasource.username=" + this.username);
            properties.add("spring.datasource.password=" + this.password);
        }
        return properties;
    }

    /// This server as a `postgresql://[user:password@]host:port/database?...` URL.
    String postgresqlUrl() {
        String credentials = this.username == null ? ""
                : encode(this.username) + ":" + encode(this.password != null ? this.password : "") + "@";
        return "postgresql://" + credentials + this.jdbcUrl.substring(JDBC_PREFIX.length());
    }

    /// A `JdbcTemplate` on this server, outside any application context.
    JdbcTemplate jdbc() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(this.jdbcUrl);
        if (this.username != null) {
            dataSource.setUsername(this.username);
            dataSource.setPassword(this.password);
        }
        return new JdbcTemplate(dataSource);
    }

    /// Drops every table whose name starts with `prefix`.
    void dropTables(String prefix) {
        JdbcTemplate jdbc = jdbc();
        List<String> tables = jdbc.queryForList(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND starts_with(tablename, ?)",
                String.class, prefix);
        for (String table : tables) {
            jdbc.execute("DROP TABLE IF EXISTS " + table + " CASCADE");
        }
    }

    private static void resolve() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            if (!url.startsWith(JDBC_PREFIX)) {
                Assertions.fail(URL_VARIABLE + " must be a jdbc:postgresql:// URL, was '" + url + "'");
            }
            found = new PostgresTestDatabase(url, null, null);
            return;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            found = new PostgresTestDatabase(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            return;
        }
        unavailable = "No PostgreSQL server: " + URL_VARIABLE + " is not set and Docker is not available";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

package dev.stem.samples.postgres;

import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/// The PostgreSQL server the smoke test runs against: `STEM_TEST_POSTGRES_URL` when set; else a
/// Testcontainers container when Docker is available; else the test fails when
/// `STEM_REQUIRE_SERVICES=true` or `CI=true`, and is skipped otherwise.
///
/// @param jdbcUrl the server's JDBC URL
/// @param username the user name, when not in the URL
/// @param password the password, when not in the URL
record PostgresTestServer(String jdbcUrl, @Nullable String username, @Nullable String password) {

    private static final String URL_VARIABLE = "STEM_TEST_POSTGRES_URL";

    /// The test server; fails or skips the calling test when there is none.
    static PostgresTestServer find() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new PostgresTestServer(url, null, null);
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            return new PostgresTestServer(container.getJdbcUrl(), container.getUsername(), container.getPassword());
        }
        String unavailable = "No PostgreSQL server: " + URL_VARIABLE + " is not set and Docker is not available";
        if ("true".equalsIgnoreCase(System.getenv("STEM_REQUIRE_SERVICES"))
                || "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(unavailable + ", and STEM_REQUIRE_SERVICES or CI requires it");
        }
        Assumptions.abort(unavailable + "; skipping the PostgreSQL sample's smoke test");
        throw new IllegalStateException("unreachable: abort throws");
    }

    /// `--spring.datasource.*` arguments for this server.
    List<String> dataSourceArguments() {
        List<String> arguments = new ArrayList<>(List.of("--spring.datasource.url=" + this.jdbcUrl));
        if (this.username != null) {
            arguments.add("--spring.datasource.username=" + this.username);
            arguments.add("--spring.datasource.password=" + this.password);
        }
        return arguments;
    }

    /// A `JdbcTemplate` on this server.
    JdbcTemplate jdbc() {
        DriverManagerDataSource dataSource = new DriverManagerDataSource(this.jdbcUrl);
        if (this.username != null) {
            dataSource.setUsername(this.username);
            dataSource.setPassword(this.password);
        }
        return new JdbcTemplate(dataSource);
    }
}

package dev.stem.jdbc;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/// Finds the PostgreSQL server the integration tests run against, once per JVM:
/// `STEM_TEST_POSTGRES_URL` when set; else a Testcontainers container when Docker is available;
/// else the calling test fails when `STEM_REQUIRE_SERVICES=true` or `CI=true`, and is skipped otherwise.
final class PostgresTestServer {

    private static final String URL_VARIABLE = "STEM_TEST_POSTGRES_URL";

    private static final Object lock = new Object();

    private static HikariDataSource dataSource;

    private static String unavailable;

    private PostgresTestServer() {
    }

    /// A pooled data source on the test server, shared by every test class.
    static DataSource dataSource() {
        synchronized (lock) {
            if (dataSource == null && unavailable == null) {
                resolve();
            }
            if (dataSource == null) {
                if (isRequired()) {
                    Assertions.fail(unavailable + ", and STEM_REQUIRE_SERVICES or CI requires it");
                }
                Assumptions.abort(unavailable + "; skipping PostgreSQL integration tests");
            }
            return dataSource;
        }
    }

    private static void resolve() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            dataSource = pool(url, null, null);
            return;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
            container.start();
            dataSource = pool(container.getJdbcUrl(), container.getUsername(), container.getPassword());
            return;
        }
        unavailable = "No PostgreSQL server: " + URL_VARIABLE + " is not set and Docker is not available";
    }

    private static boolean isRequired() {
        return "true".equalsIgnoreCase(System.getenv("STEM_REQUIRE_SERVICES"))
                || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        if (user != null) {
            config.setUsername(user);
            config.setPassword(password);
        }
        config.setMaximumPoolSize(12);
        config.setMinimumIdle(0);
        config.setPoolName("stem-jdbc-tests");
        return new HikariDataSource(config);
    }
}

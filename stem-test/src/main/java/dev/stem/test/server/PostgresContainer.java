package dev.stem.test.server;

import org.testcontainers.postgresql.PostgreSQLContainer;

/// Starts the `postgres:16-alpine` container of [PostgresTestServer]; Testcontainers stops it when the JVM exits.
final class PostgresContainer {

    private PostgresContainer() {
    }

    /// Starts a container and returns its URL and credentials.
    static PostgresTestServer.Found start() {
        PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
        container.start();
        return new PostgresTestServer.Found(container.getJdbcUrl(), container.getUsername(), container.getPassword());
    }
}

package dev.stem.jdbc;

import javax.sql.DataSource;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.jdbc.core.JdbcTemplate;

import dev.stem.test.server.PostgresTestServer;

/// Gives a test class its own set of Stem tables on the shared test server: a random table prefix,
/// migrated before the first test and dropped after the last. Register it as a static field with
/// `@RegisterExtension`.
final class PostgresTestSchema implements BeforeAllCallback, AfterAllCallback {

    private DataSource dataSource;

    private TablePrefix prefix;

    @Override
    public void beforeAll(ExtensionContext context) {
        this.dataSource = PostgresTestServer.dataSource();
        this.prefix = randomPrefix();
        new StemJdbcSchema(this.dataSource, this.prefix).migrate();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (this.prefix != null) {
            dropTables(this.dataSource, this.prefix);
        }
    }

    DataSource dataSource() {
        return this.dataSource;
    }

    TablePrefix prefix() {
        return this.prefix;
    }

    JdbcTemplate jdbc() {
        return new JdbcTemplate(this.dataSource);
    }

    /// A fresh prefix no other test uses, such as `t3fa9c2d1e0_`.
    static TablePrefix randomPrefix() {
        return TablePrefix.of(PostgresTestServer.randomPrefix());
    }

    /// Drops every table whose name starts with `prefix`.
    static void dropTables(DataSource dataSource, TablePrefix prefix) {
        PostgresTestServer.dropTables(dataSource, prefix.value());
    }
}

package dev.stem.boot.actuate;

import org.junit.jupiter.api.AfterEach;

import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

/// [StemEndpointIntegrationTests] on PostgreSQL, under a private table prefix.
@RequiresPostgres
class StemEndpointPostgresIntegrationTests extends StemEndpointIntegrationTests {

    private final String prefix = PostgresTestServer.randomPrefix();

    @Override
    String[] properties(String... more) {
        return TestApplications.postgres(this.prefix, more);
    }

    @AfterEach
    void dropTables() {
        PostgresTestServer.dropTables(this.prefix);
    }
}

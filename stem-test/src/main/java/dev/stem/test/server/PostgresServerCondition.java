package dev.stem.test.server;

/// The condition behind [RequiresPostgres].
final class PostgresServerCondition extends ServerCondition {

    PostgresServerCondition() {
        super("PostgreSQL", PostgresTestServer::unavailableReason);
    }
}

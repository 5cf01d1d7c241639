package dev.stem.boot.autoconfigure.security;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.jdbc.StemJdbcAutoConfiguration;
import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

/// [HostileInputScenarios] on PostgreSQL: job rows inserted with SQL (a text column cannot hold
/// invalid UTF-8, so that case is Redis's only).
@RequiresPostgres
class PostgresHostileInputTests extends HostileInputScenarios {

    private static final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private final String prefix = PostgresTestServer.randomPrefix();

    PostgresHostileInputTests() {
        prefixes.add(this.prefix);
    }

    @AfterAll
    static void dropTables() {
        prefixes.forEach(PostgresTestServer::dropTables);
    }

    @Override
    protected ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        StemJdbcAutoConfiguration.class, StemAutoConfiguration.class))
                .withPropertyValues("stem.jdbc.table-prefix=" + this.prefix, "stem.worker.shutdown-timeout=2s",
                        "stem.worker.fetch-wait=200ms", "stem.broker.url=" + PostgresTestServer.postgresqlUrl());
    }

    @Override
    protected void write(AssertableApplicationContext context, String payload) {
        PostgresTestServer.jdbc().update("INSERT INTO " + this.prefix + "jobs (message_id, queue, payload) VALUES (?, ?, ?)",
                "raw-" + UUID.randomUUID(), "default", payload.replace("\u0000", ""));
    }
}

package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// The broker's own lease-extension connection survives the server terminating its session
/// (`pg_terminate_backend`, as an operator or a failover does): the extension that finds it gone
/// runs at once on a fresh connection instead of failing and leaving the lease to lapse.
@RequiresPostgres
class PostgresLeaseConnectionIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Test
    void extensionWhoseSessionWasTerminatedRunsAtOnceOnAFreshConnection() throws Exception {
        String applicationName = "stem-lease-" + postgres.prefix().value();
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(PostgresTestServer.jdbcUrlWithCredentials());
        config.addDataSourceProperty("ApplicationName", applicationName);
        config.setMaximumPoolSize(2);
        config.setPoolName(applicationName);
        String queue = "q" + System.nanoTime();
        try (HikariDataSource pool = new HikariDataSource(config);
                PostgresBroker broker = new PostgresBroker(pool, postgres.prefix(), new EnvelopeCodec(),
                        new PostgresBrokerOptions(Duration.ofMillis(500), Duration.ofMillis(250), false), null)) {
            broker.publish(Envelope.builder("lease.task").queue(queue)
                    .createdAt(Instant.parse("2026-01-01T00:00:00Z")).build());
            Delivery delivery = broker.fetch(new FetchRequest("w1", List.of(queue), 1, Duration.ZERO,
                    Duration.ofSeconds(30))).getFirst();
            assertThat(broker.extendLease(delivery, Duration.ofSeconds(30))).isTrue();

            Integer terminated = postgres.jdbc().queryForObject("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 10000)) "
                    + "FROM pg_stat_activity WHERE application_name = ?", Integer.class, applicationName);
            assertThat(terminated).as("sessions terminated").isPositive();

            assertThat(broker.extendLease(delivery, Duration.ofSeconds(30))).as("the extension after the termination")
                    .isTrue();
        }
    }
}

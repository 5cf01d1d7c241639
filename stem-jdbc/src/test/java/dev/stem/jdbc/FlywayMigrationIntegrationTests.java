package dev.stem.jdbc;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// The Flyway recipe of `docs/postgres.md`: the module's scripts run by a separate Flyway history.
@RequiresPostgres
class FlywayMigrationIntegrationTests {

    private DataSource dataSource;

    private TablePrefix prefix;

    @BeforeEach
    void setUp() {
        this.dataSource = PostgresTestServer.dataSource();
        this.prefix = PostgresTestSchema.randomPrefix();
    }

    @AfterEach
    void tearDown() {
        if (this.dataSource != null) {
            PostgresTestSchema.dropTables(this.dataSource, this.prefix);
        }
    }

    @Test
    void flywayRunsTheSchemaScriptsWithThePrefixPlaceholder() throws Exception {
        Flyway flyway = Flyway.configure()
                .dataSource(this.dataSource)
                .locations("classpath:dev/stem/jdbc")
                .table(this.prefix.table("flyway_history"))
                .placeholders(Map.of("prefix", this.prefix.value()))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();

        assertThat(flyway.migrate().migrationsExecuted)
                .isEqualTo(new StemJdbcSchema(this.dataSource, this.prefix).scripts().size());
        assertThat(flyway.migrate().migrationsExecuted).isZero();

        try (PostgresBroker broker = new PostgresBroker(this.dataSource, this.prefix, new EnvelopeCodec())) {
            Envelope sent = Envelope.builder("flyway.task").queue("flyway").build();
            broker.publish(sent);
            List<Delivery> deliveries = broker.fetch(new FetchRequest("w1", List.of("flyway"), 1, Duration.ZERO,
                    Duration.ofSeconds(30)));
            assertThat(deliveries).extracting(Delivery::id).containsExactly(sent.id());
        }
    }
}

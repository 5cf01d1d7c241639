package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.BrokerUnavailableException;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/// With the database unreachable, every broker call fails loudly with a [BrokerUnavailableException]
/// that names the server and never the password: nothing is dropped or reported empty.
class PostgresBrokerOutageTests {

    private static final DriverManagerDataSource OFFLINE =
            new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/stem?connectTimeout=1&user=stem&password=s3cr3t");

    private final PostgresBroker broker = new PostgresBroker(OFFLINE, TablePrefix.DEFAULT, new EnvelopeCodec(),
            new PostgresBrokerOptions(Duration.ofMillis(100), Duration.ofSeconds(1), false), null);

    @Test
    void publishFailsNamingTheServerButNotThePassword() {
        assertThatExceptionOfType(BrokerUnavailableException.class)
                .isThrownBy(() -> this.broker.publish(Envelope.builder("outage.task").build()))
                .withMessageContaining("PostgreSQL at 127.0.0.1:1 is unavailable")
                .withMessageNotContaining("s3cr3t");
    }

    @Test
    void resultWritesAndReadsFailNamingTheServer() {
        try (JdbcResultBackend backend = new JdbcResultBackend(OFFLINE, TablePrefix.DEFAULT, null, Duration.ofSeconds(1))) {
            TaskResult result = new TaskResult("t1", "outage.task", TaskState.SUCCESS, null, null, Map.of(), 0, 1,
                    Instant.now());
            assertThatExceptionOfType(BrokerUnavailableException.class)
                    .isThrownBy(() -> backend.store(result, Duration.ofMinutes(1)))
                    .withMessageContaining("127.0.0.1:1").withMessageNotContaining("s3cr3t");
            assertThatExceptionOfType(BrokerUnavailableException.class).isThrownBy(() -> backend.get("t1"));
        }
    }

    @Test
    void fetchFailsInsteadOfReturningNothing() {
        assertThatExceptionOfType(BrokerUnavailableException.class).isThrownBy(() -> this.broker.fetch(
                new FetchRequest("w1", List.of("default"), 1, Duration.ofMillis(500), Duration.ofSeconds(30))))
                .withMessageContaining("127.0.0.1:1");
    }
}

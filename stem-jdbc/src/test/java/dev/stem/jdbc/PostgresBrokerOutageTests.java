package dev.stem.jdbc;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.stem.broker.BrokerUnavailableException;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/// With the database unreachable, every broker call fails loudly with a [BrokerUnavailableException]
/// that names the server and never the password: nothing is dropped or reported empty.
class PostgresBrokerOutageTests {

    private final PostgresBroker broker = new PostgresBroker(
            new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/stem?connectTimeout=1&user=stem&password=s3cr3t"),
            TablePrefix.DEFAULT, new EnvelopeCodec(),
            new PostgresBrokerOptions(Duration.ofMillis(100), Duration.ofSeconds(1), false), null);

    @Test
    void publishFailsNamingTheServerButNotThePassword() {
        assertThatExceptionOfType(BrokerUnavailableException.class)
                .isThrownBy(() -> this.broker.publish(Envelope.builder("outage.task").build()))
                .withMessageContaining("PostgreSQL at 127.0.0.1:1 is unavailable")
                .withMessageNotContaining("s3cr3t");
    }

    @Test
    void fetchFailsInsteadOfReturningNothing() {
        assertThatExceptionOfType(BrokerUnavailableException.class).isThrownBy(() -> this.broker.fetch(
                new FetchRequest("w1", List.of("default"), 1, Duration.ofMillis(500), Duration.ofSeconds(30))))
                .withMessageContaining("127.0.0.1:1");
    }
}

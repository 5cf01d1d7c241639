package dev.stem.jdbc;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;

import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/// With the database unreachable, every broker call fails loudly: nothing is dropped or reported empty.
class PostgresBrokerOutageTests {

    private final PostgresBroker broker = new PostgresBroker(
            new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/stem?connectTimeout=1"), TablePrefix.DEFAULT,
            new EnvelopeCodec(), new PostgresBrokerOptions(Duration.ofMillis(100), Duration.ofSeconds(1), false), null);

    @Test
    void publishFailsWithADataAccessException() {
        assertThatExceptionOfType(DataAccessException.class)
                .isThrownBy(() -> this.broker.publish(Envelope.builder("outage.task").build()));
    }

    @Test
    void fetchFailsInsteadOfReturningNothing() {
        assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.broker.fetch(
                new FetchRequest("w1", List.of("default"), 1, Duration.ofMillis(500), Duration.ofSeconds(30))));
    }
}

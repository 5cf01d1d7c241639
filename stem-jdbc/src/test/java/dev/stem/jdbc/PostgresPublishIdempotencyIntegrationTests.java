package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// A publish that is retried or replayed never stores a second job with the same message id.
@RequiresPostgres
class PostgresPublishIdempotencyIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Test
    void publishingAMessageIdTwiceKeepsOneJob() throws Exception {
        String queue = "q" + System.nanoTime();
        Envelope sent = Envelope.builder("once.task").queue(queue).createdAt(Instant.EPOCH).build();
        Envelope other = Envelope.builder("once.task").queue(queue).createdAt(Instant.EPOCH).build();
        try (PostgresBroker broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec())) {
            broker.publish(sent);
            broker.publish(sent);
            broker.publishAll(List.of(sent, other, other));

            assertThat(broker.stats(queue).ready()).isEqualTo(2);
            List<Delivery> deliveries = broker.fetch(new FetchRequest("w1", List.of(queue), 10, Duration.ZERO,
                    Duration.ofSeconds(30)));
            assertThat(deliveries).extracting(Delivery::id).containsExactly(sent.id(), other.id());
        }
    }

    @Test
    void theJobsTableHasAUniqueIndexOnTheMessageId() {
        assertThat(postgres.jdbc().queryForObject("""
                SELECT count(*) FROM pg_indexes
                WHERE tablename = ? AND indexdef LIKE 'CREATE UNIQUE INDEX %(message_id)'""", Long.class,
                postgres.prefix().table("jobs"))).isEqualTo(1);
    }
}

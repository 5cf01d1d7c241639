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

/// A stored message over the payload limit (a 50 MiB argument written straight into the jobs table)
/// is dead-lettered by the fetch without being read, and the next message runs.
@RequiresPostgres
class PostgresOversizedPayloadIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Test
    void oversizedJobIsDeadLetteredUnreadAndTheNextOneIsFetched() throws Exception {
        String queue = "q" + System.nanoTime();
        EnvelopeCodec codec = new EnvelopeCodec();
        insertWithBlob(codec, queue, "oversized-1", 52428800);
        Envelope next = Envelope.builder("small.task").queue(queue).createdAt(Instant.EPOCH).build();
        PostgresBrokerOptions options = PostgresBrokerOptions.DEFAULTS.withMaxPayloadBytes(1024 * 1024);
        try (PostgresBroker broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), codec, options,
                null)) {
            broker.publish(next);

            List<Delivery> deliveries = broker.fetch(new FetchRequest("w1", List.of(queue), 10, Duration.ZERO,
                    Duration.ofSeconds(30)));

            assertThat(deliveries).extracting(Delivery::id).containsExactly(next.id());
            assertThat(postgres.jdbc().queryForMap(postgres.prefix().apply("""
                    SELECT reason_code, octet_length(payload) AS bytes FROM ${prefix}dead_letters
                    WHERE message_id = 'oversized-1'"""))).containsEntry("reason_code", "payload-too-large")
                    .hasEntrySatisfying("bytes", bytes -> assertThat(((Number) bytes).longValue()).isGreaterThan(52428800));
            assertThat(broker.stats(queue).inFlight()).isEqualTo(1);
        }
    }

    @Test
    void jobOverTheCodecsLimitIsDeadLetteredAsTooLargeNotMalformed() throws Exception {
        String queue = "q" + System.nanoTime();
        EnvelopeCodec codec = new EnvelopeCodec(64 * 1024);
        insertWithBlob(codec, queue, "over-codec-1", 128 * 1024);
        PostgresBrokerOptions options = PostgresBrokerOptions.DEFAULTS.withMaxPayloadBytes(1024 * 1024);
        try (PostgresBroker broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), codec, options,
                null)) {
            assertThat(broker.fetch(new FetchRequest("w1", List.of(queue), 10, Duration.ZERO,
                    Duration.ofSeconds(30)))).isEmpty();
            assertThat(postgres.jdbc().queryForObject(postgres.prefix().apply(
                    "SELECT reason_code FROM ${prefix}dead_letters WHERE message_id = 'over-codec-1'"), String.class))
                    .isEqualTo(PostgresBroker.PAYLOAD_TOO_LARGE);
        }
    }

    /// Stores a job whose envelope carries an extra string field of `blobBytes` characters.
    private static void insertWithBlob(EnvelopeCodec codec, String queue, String id, int blobBytes) {
        String head = codec.encode(Envelope.builder("big.task").id(id).queue(queue).createdAt(Instant.EPOCH).build());
        postgres.jdbc().update(postgres.prefix().apply("""
                INSERT INTO ${prefix}jobs (message_id, queue, payload)
                VALUES (?, ?, overlay(? placing '{"blob":"' || repeat('x', ?) || '",' from 1 for 1))"""),
                id, queue, head, blobBytes);
    }
}

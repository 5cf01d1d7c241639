package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// 100,000 jobs through one queue: the claim keeps using the ready index, in its generic prepared
/// plan too, however many jobs went through. The fetch times are printed, never asserted.
@RequiresPostgres
class PostgresBrokerChurnIntegrationTests {

    private static final int TOTAL = 100_000;

    private static final int BATCH = 100;

    private static final int WARM_UP = 50;

    private static final int SAMPLE = 200;

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Test
    void fetchStaysAnIndexScanAsTheTableChurns() throws Exception {
        String queue = "churn";
        try (PostgresBroker broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec())) {
            long publishStart = System.nanoTime();
            List<Envelope> batch = new ArrayList<>();
            for (int i = 0; i < TOTAL; i++) {
                batch.add(Envelope.builder("churn.task").queue(queue).createdAt(Instant.EPOCH).build());
                if (batch.size() == 1_000) {
                    broker.publishAll(batch);
                    batch.clear();
                }
            }
            long publishNanos = System.nanoTime() - publishStart;
            postgres.jdbc().execute("ANALYZE " + postgres.prefix().table("jobs"));
            String planAtStart = plan(broker, queue);

            FetchRequest request = new FetchRequest("churner", List.of(queue), BATCH, Duration.ZERO, Duration.ofMinutes(5));
            List<Long> fetchNanos = new ArrayList<>();
            String planNearEnd = null;
            int processed = 0;
            long processStart = System.nanoTime();
            while (true) {
                long start = System.nanoTime();
                List<Delivery> deliveries = broker.fetch(request);
                long elapsed = System.nanoTime() - start;
                if (deliveries.isEmpty()) {
                    break;
                }
                if (deliveries.size() == BATCH) {
                    fetchNanos.add(elapsed);
                }
                assertThat(broker.ackAll(deliveries)).isEqualTo(deliveries.size());
                processed += deliveries.size();
                if (planNearEnd == null && processed >= TOTAL - 5_000) {
                    planNearEnd = plan(broker, queue);
                }
            }
            long processNanos = System.nanoTime() - processStart;

            double startMicros = medianMicros(fetchNanos.subList(WARM_UP, WARM_UP + SAMPLE));
            double endMicros = medianMicros(fetchNanos.subList(fetchNanos.size() - SAMPLE, fetchNanos.size()));
            System.out.printf("Churn: published %,d in %d ms (%,.0f jobs/s); fetched+acked in %d ms (%,.0f jobs/s); "
                    + "median fetch of %d: %.0f us at start, %.0f us at end; dead tuples %,d%n%s%n%s%n", TOTAL,
                    publishNanos / 1_000_000, TOTAL / (publishNanos / 1e9), processNanos / 1_000_000,
                    TOTAL / (processNanos / 1e9), BATCH, startMicros, endMicros, broker.deadTupleCount(),
                    planAtStart, planNearEnd);
            assertThat(processed).isEqualTo(TOTAL);
            assertThat(planAtStart).contains("Index Scan using " + postgres.prefix().table("jobs_ready_idx"));
            assertThat(planNearEnd).contains("Index Scan using " + postgres.prefix().table("jobs_ready_idx"));
            assertThat(ClaimPlan.generic(postgres.dataSource(), broker, queue, BATCH, false))
                    .contains("Index Scan using " + postgres.prefix().table("jobs_ready_idx"))
                    .doesNotContain("Seq Scan");
        }
    }

    private static String plan(PostgresBroker broker, String queue) {
        return String.join("\n", postgres.jdbc().queryForList("EXPLAIN " + broker.claimSql(), String.class,
                queue, BATCH, true, "explain", 0L, 1000L, 1_048_576L));
    }

    private static double medianMicros(List<Long> nanos) {
        long[] sorted = nanos.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[sorted.length / 2] / 1_000.0;
    }
}

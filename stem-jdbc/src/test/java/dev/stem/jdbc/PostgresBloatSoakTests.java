package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.BrokerUnavailableException;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;

/// Soak: two rounds of 200,000 tasks through one queue with autovacuum off for the jobs table,
/// 16 consumers settling with results and acks in one statement, 10 s leases. Every task is
/// settled in each round, none is dead-lettered, and progress never stops for a minute.
///
/// Not part of the default build: run it by hand with
/// `./mvnw -pl stem-jdbc -am verify -Dtest=PostgresBloatSoakTests -Dstem.soak=true -Dsurefire.failIfNoSpecifiedTests=false`.
@RequiresPostgres
@Tag("soak")
@EnabledIfSystemProperty(named = "stem.soak", matches = "true")
class PostgresBloatSoakTests {

    private static final int TASKS = 200_000;

    private static final int CONSUMERS = 16;

    private static final Duration LEASE = Duration.ofSeconds(10);

    private static final Duration STALL = Duration.ofMinutes(1);

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Test
    void twoRoundsOverABloatedTableNeverStall() throws Exception {
        postgres.jdbc().execute("ALTER TABLE " + postgres.prefix().table("jobs") + " SET (autovacuum_enabled = false)");
        postgres.jdbc().execute("ALTER TABLE " + postgres.prefix().table("results") + " SET (autovacuum_enabled = false)");
        try (PostgresBroker broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec());
                JdbcResultBackend backend = new JdbcResultBackend(postgres.dataSource(), postgres.prefix())) {
            for (int round = 1; round <= 2; round++) {
                runRound(round, broker, backend);
            }
            assertThat(postgres.jdbc().queryForObject(postgres.prefix().apply("SELECT count(*) FROM ${prefix}dead_letters"),
                    Long.class)).isZero();
        }
    }

    private static void runRound(int round, PostgresBroker broker, JdbcResultBackend backend) throws Exception {
        String queue = "soak" + round;
        List<Envelope> batch = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            batch.add(Envelope.builder("soak.task").queue(queue).createdAt(Instant.EPOCH).build());
            if (batch.size() == 1_000) {
                broker.publishAll(batch);
                batch.clear();
            }
        }
        Set<String> done = ConcurrentHashMap.newKeySet();
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger unavailable = new AtomicInteger();
        AtomicLong lastProgress = new AtomicLong(System.nanoTime());
        AtomicBoolean finished = new AtomicBoolean();
        long start = System.nanoTime();
        try (ExecutorService consumers = Executors.newFixedThreadPool(CONSUMERS)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CONSUMERS; c++) {
                String consumer = "soak-" + round + "-" + c;
                running.add(consumers.submit(() -> {
                    FetchRequest request = new FetchRequest(consumer, List.of(queue), 16, Duration.ofMillis(200), LEASE);
                    while (!finished.get()) {
                        List<Delivery> deliveries;
                        try {
                            deliveries = broker.fetch(request);
                        }
                        catch (BrokerUnavailableException ex) {
                            unavailable.incrementAndGet();
                            continue;
                        }
                        if (deliveries.isEmpty()) {
                            continue;
                        }
                        runs.addAndGet(deliveries.size());
                        List<TaskResult> results = deliveries.stream().map(PostgresBloatSoakTests::result).toList();
                        broker.storeAndAckAll(backend, results, Duration.ofHours(1), deliveries);
                        deliveries.forEach(delivery -> done.add(delivery.id()));
                        lastProgress.set(System.nanoTime());
                    }
                    return null;
                }));
            }
            while (done.size() < TASKS) {
                assertThat(Duration.ofNanos(System.nanoTime() - lastProgress.get()))
                        .as("round %d stalled with %,d of %,d done", round, done.size(), TASKS)
                        .isLessThan(STALL);
                Thread.sleep(1_000);
            }
            finished.set(true);
            for (Future<?> consumer : running) {
                consumer.get(2, TimeUnit.MINUTES);
            }
        }
        System.out.printf("Round %d: %,d tasks, %,d runs, %,d claims refused as unavailable, %d s, dead tuples %,d%n",
                round, done.size(), runs.get(), unavailable.get(),
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start), broker.deadTupleCount());
        assertThat(done).hasSize(TASKS);
        assertThat(broker.stats(queue).inFlight() + broker.stats(queue).ready()).isZero();
    }

    private static TaskResult result(Delivery delivery) {
        return new TaskResult(delivery.id(), delivery.envelope().task(), TaskState.SUCCESS,
                JsonNodeFactory.instance.stringNode("done"), null, Map.of(), delivery.envelope().attempt(),
                delivery.deliveryCount(), Instant.now());
    }
}

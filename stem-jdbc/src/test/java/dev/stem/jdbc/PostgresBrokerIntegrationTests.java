package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;

import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@RequiresPostgres
class PostgresBrokerIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    private final EnvelopeCodec codec = new EnvelopeCodec();

    private PostgresBroker broker;

    private JdbcTemplate jdbc;

    private String queue;

    @BeforeEach
    void setUp() {
        this.broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), this.codec);
        this.jdbc = postgres.jdbc();
        this.queue = "q" + System.nanoTime();
    }

    @AfterEach
    void tearDown() {
        this.broker.close();
    }

    @Test
    void publishedMessageIsFetchedOnceAndAckRemovesIt() throws Exception {
        Envelope envelope = envelope(this.queue);
        this.broker.publish(envelope);

        List<Delivery> deliveries = this.broker.fetch(request("w1", 10, Duration.ofSeconds(30)));

        assertThat(deliveries).singleElement().satisfies(delivery -> {
            assertThat(delivery.envelope()).isEqualTo(envelope);
            assertThat(delivery.deliveryCount()).isEqualTo(1);
            assertThat(delivery.leaseExpiresAt()).isAfter(Instant.now().plusSeconds(20));
        });
        assertThat(this.broker.fetch(request("w2", 10, Duration.ofSeconds(30)))).isEmpty();
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 1, 0));
        assertThat(this.broker.ack(deliveries.getFirst())).isTrue();
        assertThat(this.broker.ack(deliveries.getFirst())).isFalse();
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 0, 0));
        assertThat(this.broker.queues()).contains(this.queue);
    }

    @Test
    void transactionalEnqueueCommitsOrRollsBackWithTheCaller() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(postgres.dataSource()));

        transaction.executeWithoutResult(status -> {
            this.broker.publish(envelope(this.queue));
            status.setRollbackOnly();
        });
        assertThat(this.broker.stats(this.queue).ready()).isZero();
        assertThat(this.broker.fetch(request("w1", 10, Duration.ofSeconds(30)))).isEmpty();

        Envelope committed = envelope(this.queue);
        transaction.executeWithoutResult(status -> this.broker.publish(committed));
        assertThat(this.broker.fetch(request("w1", 10, Duration.ofSeconds(30))))
                .extracting(Delivery::envelope).containsExactly(committed);
    }

    @Test
    void fetchDoesNotJoinTheCallersTransaction() {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(postgres.dataSource()));
        Envelope committed = envelope(this.queue);
        this.broker.publish(committed);

        List<Delivery> claimed = transaction.execute(status -> {
            this.broker.publish(envelope(this.queue));
            try {
                List<Delivery> deliveries = this.broker.fetch(request("w1", 10, Duration.ofSeconds(30)));
                status.setRollbackOnly();
                return deliveries;
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });

        assertThat(claimed).extracting(Delivery::envelope).containsExactly(committed);
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 1, 0));
    }

    @Test
    void malformedPayloadGoesToDeadLettersAndIsNeverReturned() throws Exception {
        this.jdbc.update(postgres.prefix().apply(
                "INSERT INTO ${prefix}jobs (message_id, queue, payload) VALUES ('broken-1', ?, '{not json')"), this.queue);
        Envelope good = envelope(this.queue);
        this.broker.publish(good);

        List<Delivery> deliveries = this.broker.fetch(request("w1", 10, Duration.ofSeconds(30)));

        assertThat(deliveries).extracting(Delivery::envelope).containsExactly(good);
        assertThat(this.broker.deadLetters(this.queue, 0, 10)).singleElement().satisfies(letter -> {
            assertThat(letter.id()).isEqualTo("broken-1");
            assertThat(letter.payload()).isEqualTo("{not json");
            assertThat(letter.envelope()).isNull();
            assertThat(letter.reason().code()).isEqualTo(DeadLetterReason.MALFORMED);
        });
        assertThat(this.broker.replayDeadLetters(this.queue, List.of("broken-1"))).isZero();
        assertThat(this.broker.stats(this.queue).dead()).isEqualTo(1);
    }

    @Test
    void expiredLeaseIsReapedAndTheStaleHolderIsFencedOut() throws Exception {
        this.broker.publish(envelope(this.queue));
        Delivery first = this.broker.fetch(request("w1", 1, Duration.ofMillis(200))).getFirst();

        Thread.sleep(300);
        List<Delivery> again = this.broker.fetch(request("w2", 1, Duration.ofSeconds(30), Duration.ofSeconds(5)));

        assertThat(again).singleElement().satisfies(delivery -> {
            assertThat(delivery.id()).isEqualTo(first.id());
            assertThat(delivery.deliveryCount()).isEqualTo(2);
        });
        Delivery second = again.getFirst();
        assertThat(this.broker.ack(first)).isFalse();
        assertThat(this.broker.extendLease(first, Duration.ofSeconds(5))).isFalse();
        assertThat(this.broker.release(first)).isFalse();
        assertThat(this.broker.deadLetter(first, DeadLetterReason.of("x", "stale"))).isFalse();
        assertThat(this.broker.retry(first, first.envelope().nextAttempt(Instant.now()), Instant.now())).isFalse();
        assertThat(this.broker.extendLease(second, Duration.ofSeconds(5))).isTrue();
        assertThat(this.broker.ack(second)).isTrue();
    }

    @Test
    void retryReschedulesTheSameRowAsItsNextAttempt() throws Exception {
        this.broker.publish(envelope(this.queue));
        Delivery delivery = this.broker.fetch(request("w1", 1, Duration.ofSeconds(30))).getFirst();
        Instant runAt = Instant.now().plusMillis(700);

        assertThat(this.broker.retry(delivery, delivery.envelope().nextAttempt(runAt), runAt)).isTrue();

        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 1, 0, 0));
        assertThat(this.broker.fetch(request("w1", 1, Duration.ofSeconds(30)))).isEmpty();
        List<Delivery> retried = this.broker.fetch(request("w1", 1, Duration.ofSeconds(30), Duration.ofSeconds(5)));
        assertThat(retried).singleElement().satisfies(next -> {
            assertThat(next.envelope().attempt()).isEqualTo(1);
            assertThat(next.deliveryCount()).isEqualTo(1);
        });
        assertThat(this.broker.ack(delivery)).isFalse();
    }

    @Test
    void releaseMakesTheMessageReadyWithoutCountingADelivery() throws Exception {
        this.broker.publish(envelope(this.queue));
        Delivery delivery = this.broker.fetch(request("w1", 1, Duration.ofSeconds(30))).getFirst();

        assertThat(this.broker.release(delivery)).isTrue();

        Delivery again = this.broker.fetch(request("w2", 1, Duration.ofSeconds(30))).getFirst();
        assertThat(again.deliveryCount()).isEqualTo(1);
        assertThat(this.broker.ack(delivery)).isFalse();
        assertThat(this.broker.ack(again)).isTrue();
    }

    @Test
    void deadLettersCanBeListedShownReplayedAndPurged() throws Exception {
        List<Envelope> envelopes = List.of(envelope(this.queue), envelope(this.queue), envelope(this.queue));
        this.broker.publishAll(envelopes);
        List<Delivery> deliveries = this.broker.fetch(request("w1", 3, Duration.ofSeconds(30)));
        for (Delivery delivery : deliveries) {
            assertThat(this.broker.deadLetter(delivery, new DeadLetterReason(DeadLetterReason.NOT_RETRYABLE, "boom",
                    "java.lang.IllegalStateException"))).isTrue();
        }

        List<DeadLetter> letters = this.broker.deadLetters(this.queue, 0, 10);
        assertThat(letters).extracting(DeadLetter::id).containsExactlyElementsOf(envelopes.stream().map(Envelope::id).toList());
        assertThat(this.broker.deadLetters(this.queue, 1, 1)).extracting(DeadLetter::id).containsExactly(envelopes.get(1).id());
        assertThat(this.broker.deadLetter(this.queue, envelopes.get(2).id())).hasValueSatisfying(letter -> {
            assertThat(letter.envelope()).isEqualTo(envelopes.get(2));
            assertThat(letter.reason()).isEqualTo(new DeadLetterReason(DeadLetterReason.NOT_RETRYABLE, "boom",
                    "java.lang.IllegalStateException"));
        });

        assertThat(this.broker.replayDeadLetters(this.queue, List.of(envelopes.get(0).id(), "unknown"))).isEqualTo(1);
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 1, 0, 0, 2));
        Delivery replayed = this.broker.fetch(request("w1", 3, Duration.ofSeconds(30))).getFirst();
        assertThat(replayed.envelope().id()).isEqualTo(envelopes.get(0).id());
        assertThat(replayed.envelope().attempt()).isEqualTo(envelopes.get(0).attempt() + 1);

        assertThat(this.broker.purgeDeadLetters(this.queue)).isEqualTo(2);
        assertThat(this.broker.deadLetters(this.queue, 0, 10)).isEmpty();
    }

    @Test
    void higherPriorityFirstThenPublishOrderAndDelayedMessagesWait() throws Exception {
        Envelope low1 = envelope(this.queue);
        Envelope low2 = envelope(this.queue);
        Envelope high = envelope(this.queue).toBuilder().priority(9).build();
        Envelope delayed = envelope(this.queue).toBuilder().priority(9).eta(Instant.now().plusSeconds(60)).build();
        this.broker.publishAll(List.of(low1, low2, delayed, high));

        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 3, 1, 0, 0));
        assertThat(this.broker.fetch(request("w1", 10, Duration.ofSeconds(30))))
                .extracting(Delivery::envelope).containsExactly(high, low1, low2);
        assertThat(this.broker.purge(this.queue)).isEqualTo(1);
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 3, 0));
    }

    @Test
    void queuesAreReadInTheOrderOfPreference() throws Exception {
        String other = this.queue + "-b";
        Envelope inOther = envelope(other);
        Envelope inFirst = envelope(this.queue);
        this.broker.publishAll(List.of(inOther, inFirst));

        List<Delivery> deliveries = this.broker.fetch(new FetchRequest("w1", List.of(this.queue, other), 1,
                Duration.ZERO, Duration.ofSeconds(30)));
        assertThat(deliveries).extracting(Delivery::envelope).containsExactly(inFirst);
        assertThat(this.broker.fetch(new FetchRequest("w1", List.of(this.queue, other), 5,
                Duration.ZERO, Duration.ofSeconds(30)))).extracting(Delivery::envelope).containsExactly(inOther);
    }

    @Test
    void idleFetchWakesOnNotifyLongBeforeThePollInterval() throws Exception {
        PostgresBrokerOptions slowPoll = new PostgresBrokerOptions(Duration.ofSeconds(20), Duration.ofSeconds(1), true);
        try (PostgresBroker listening = new PostgresBroker(postgres.dataSource(), postgres.prefix(), this.codec, slowPoll,
                null); ExecutorService executor = Executors.newSingleThreadExecutor()) {
            Thread.sleep(500);
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Future<List<Delivery>> fetch = executor.submit(
                        () -> listening.fetch(request("w1", 1, Duration.ofSeconds(30), Duration.ofSeconds(10))));
                Thread.sleep(200);
                long start = System.nanoTime();
                this.broker.publish(envelope(this.queue));
                List<Delivery> deliveries = fetch.get(10, TimeUnit.SECONDS);
                latencies.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                assertThat(deliveries).hasSize(1);
                listening.ack(deliveries.getFirst());
            }
            System.out.println("Wake-up latency (ms) from publish to fetched: " + latencies);
            assertThat(latencies).allSatisfy(ms -> assertThat(ms).isLessThan(1_000));
        }
    }

    @Test
    void pollFallbackDeliversWithoutNotifications() throws Exception {
        PostgresBrokerOptions pollOnly = new PostgresBrokerOptions(Duration.ofMillis(100), Duration.ofSeconds(1), false);
        try (PostgresBroker polling = new PostgresBroker(postgres.dataSource(), postgres.prefix(), this.codec, pollOnly,
                null); ExecutorService executor = Executors.newSingleThreadExecutor()) {
            Future<List<Delivery>> fetch = executor.submit(
                    () -> polling.fetch(request("w1", 1, Duration.ofSeconds(30), Duration.ofSeconds(10))));
            Thread.sleep(300);
            long start = System.nanoTime();
            this.broker.publish(envelope(this.queue));
            assertThat(fetch.get(10, TimeUnit.SECONDS)).hasSize(1);
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1_000);
        }
    }

    @Test
    void concurrentFetchersNeverShareAMessage() throws Exception {
        int total = 2_000;
        List<Envelope> envelopes = new ArrayList<>();
        for (int i = 0; i < total; i++) {
            envelopes.add(envelope(this.queue));
        }
        this.broker.publishAll(envelopes);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(4)) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                String consumer = "w" + w;
                workers.add(executor.submit(() -> {
                    while (true) {
                        List<Delivery> deliveries = this.broker.fetch(request(consumer, 50, Duration.ofSeconds(30)));
                        if (deliveries.isEmpty()) {
                            return null;
                        }
                        for (Delivery delivery : deliveries) {
                            if (!seen.add(delivery.id())) {
                                synchronized (duplicates) {
                                    duplicates.add(delivery.id());
                                }
                            }
                        }
                        assertThat(this.broker.ackAll(deliveries)).isEqualTo(deliveries.size());
                    }
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(duplicates).isEmpty();
        assertThat(seen).hasSize(total);
        assertThat(new HashSet<>(envelopes.stream().map(Envelope::id).toList())).isEqualTo(seen);
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 0, 0));
    }

    @Test
    void storeAndAckAllStoresAcksAndWakesResultWaitersInOneStatement() throws Exception {
        try (PostgresListener listener = PostgresListener.started(postgres.dataSource());
                JdbcResultBackend backend = new JdbcResultBackend(postgres.dataSource(), postgres.prefix(), listener,
                        Duration.ofSeconds(30));
                ExecutorService executor = Executors.newSingleThreadExecutor()) {
            assertThat(listener.awaitListening(postgres.prefix().table("results"), Duration.ofSeconds(10))).isTrue();
            List<Envelope> sent = List.of(envelope(this.queue), envelope(this.queue));
            this.broker.publishAll(sent);
            List<Delivery> deliveries = this.broker.fetch(request("w1", 10, Duration.ofSeconds(30)));
            Future<Optional<TaskResult>> waiting = executor.submit(
                    () -> backend.await(sent.getFirst().id(), Duration.ofSeconds(20)));
            Thread.sleep(300);
            long start = System.nanoTime();

            assertThat(this.broker.storeAndAckAll(backend, results(sent), Duration.ofMinutes(5), deliveries))
                    .isEqualTo(2);

            assertThat(waiting.get(20, TimeUnit.SECONDS)).hasValueSatisfying(
                    stored -> assertThat(stored.state()).isEqualTo(TaskState.SUCCESS));
            assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2_000);
            assertThat(backend.get(sent.get(1).id())).isPresent();
            assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 0, 0));
        }
    }

    @Test
    void storeAndAckAllWritesResultsUnderTheBackendsOwnTablePrefix() throws Exception {
        TablePrefix resultsPrefix = PostgresTestSchema.randomPrefix();
        new StemJdbcSchema(postgres.dataSource(), resultsPrefix).migrate();
        try (JdbcResultBackend backend = new JdbcResultBackend(postgres.dataSource(), resultsPrefix)) {
            Envelope sent = envelope(this.queue);
            this.broker.publish(sent);
            List<Delivery> deliveries = this.broker.fetch(request("w1", 10, Duration.ofSeconds(30)));

            assertThat(this.broker.storeAndAckAll(backend, results(List.of(sent)), Duration.ofMinutes(5), deliveries))
                    .isEqualTo(1);

            assertThat(backend.get(sent.id())).isPresent();
            assertThat(this.jdbc.queryForObject(postgres.prefix().apply(
                    "SELECT count(*) FROM ${prefix}results WHERE task_id = ?"), Long.class, sent.id())).isZero();
            assertThat(this.broker.stats(this.queue).inFlight()).isZero();
        }
        finally {
            PostgresTestSchema.dropTables(postgres.dataSource(), resultsPrefix);
        }
    }

    @Test
    void storeAndAckAllAcksNothingWhenTheResultsCannotBeStored() throws Exception {
        try (JdbcResultBackend missingTables = new JdbcResultBackend(postgres.dataSource(),
                PostgresTestSchema.randomPrefix())) {
            Envelope sent = envelope(this.queue);
            this.broker.publish(sent);
            List<Delivery> deliveries = this.broker.fetch(request("w1", 10, Duration.ofSeconds(30)));

            assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> this.broker.storeAndAckAll(
                    missingTables, results(List.of(sent)), Duration.ofMinutes(5), deliveries));

            assertThat(this.broker.stats(this.queue).inFlight()).isEqualTo(1);
            assertThat(this.broker.ackAll(deliveries)).isEqualTo(1);
        }
    }

    @Test
    void storeAndAckAllJoinsTheCallersTransaction() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(postgres.dataSource()));
        try (JdbcResultBackend backend = new JdbcResultBackend(postgres.dataSource(), postgres.prefix())) {
            Envelope sent = envelope(this.queue);
            this.broker.publish(sent);
            List<Delivery> deliveries = this.broker.fetch(request("w1", 10, Duration.ofSeconds(30)));

            transaction.executeWithoutResult(status -> {
                assertThat(this.broker.storeAndAckAll(backend, results(List.of(sent)), Duration.ofMinutes(5),
                        deliveries)).isEqualTo(1);
                status.setRollbackOnly();
            });
            assertThat(backend.get(sent.id())).isEmpty();
            assertThat(this.broker.stats(this.queue).inFlight()).isEqualTo(1);

            transaction.executeWithoutResult(status -> assertThat(this.broker.storeAndAckAll(backend,
                    results(List.of(sent)), Duration.ofMinutes(5), deliveries)).isEqualTo(1));
            assertThat(backend.get(sent.id())).isPresent();
            assertThat(this.broker.stats(this.queue).inFlight()).isZero();
        }
    }

    @Test
    void receiptsFromElsewhereAreRejectedWithAClearError() {
        Delivery forged = new Delivery(envelope(this.queue), "1-0", 1, Instant.now());
        assertThatIllegalArgumentException().isThrownBy(() -> this.broker.ack(forged)).withMessageContaining("1-0");
    }

    private FetchRequest request(String consumer, int max, Duration lease) {
        return request(consumer, max, lease, Duration.ZERO);
    }

    private FetchRequest request(String consumer, int max, Duration lease, Duration maxWait) {
        return new FetchRequest(consumer, List.of(this.queue), max, maxWait, lease);
    }

    private static List<TaskResult> results(List<Envelope> envelopes) {
        return envelopes.stream().map(envelope -> new TaskResult(envelope.id(), envelope.task(), TaskState.SUCCESS,
                JsonNodeFactory.instance.stringNode("done"), null, Map.of(), envelope.attempt(), Instant.now()))
                .toList();
    }

    private static Envelope envelope(String queue) {
        return Envelope.builder("test.task").queue(queue).createdAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    }
}

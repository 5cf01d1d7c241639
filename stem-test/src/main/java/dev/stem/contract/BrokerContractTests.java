package dev.stem.contract;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.broker.ReplayRefusedException;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.Envelope;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.retry.ExponentialBackOff;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;
import dev.stem.test.StemTestWorker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/// The promises of [Broker], checked against a real adapter: extend this class, return a fresh
/// broker from [#createBroker()], and the kit runs every check against it.
///
/// Every test uses its own random queues and ids, so the broker may share a server with other
/// tests. Lease-related tests use leases of 1 s and wait at most 15 s for a redelivery.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class BrokerContractTests {

    /// A short lease, for the tests that let one lapse.
    protected static final Duration SHORT_LEASE = Duration.ofSeconds(1);

    /// A lease that does not lapse during a test.
    protected static final Duration LONG_LEASE = Duration.ofSeconds(60);

    /// Longest wait for something the broker promises to do eventually.
    protected static final Duration PATIENCE = Duration.ofSeconds(15);

    /// How long to look before concluding that nothing is deliverable.
    protected static final Duration BRIEF = Duration.ofMillis(300);

    /// Slack allowed between the broker's clock and this JVM's when checking due times.
    protected static final Duration CLOCK_TOLERANCE = Duration.ofMillis(250);

    private final List<String> usedQueues = new ArrayList<>();

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private Broker broker;

    private String queue;

    /// Returns a new broker to test; it is closed after each test.
    protected abstract Broker createBroker();

    /// The result backend [Broker#storeAndAckAll] is tested with, closed after each test: by
    /// default an in-memory one. An adapter that settles in one step with a backend on its own
    /// store returns such a backend, so that path is tested.
    protected ResultBackend createResultBackend() {
        return new InMemoryResultBackend();
    }

    /// The revoke store [Broker#checksRevokesOf] is tested with: by default an in-memory one, which
    /// no adapter reads. An adapter that checks revokes in its fetch returns the store it reads, so
    /// that path is tested.
    protected RevokeStore createRevokeStore() {
        return new InMemoryRevokeStore();
    }

    @BeforeEach
    void createSubject() {
        this.broker = createBroker();
        this.queue = newQueue();
    }

    @AfterEach
    void closeSubject() {
        this.executor.shutdownNow();
        if (this.broker == null) {
            return;
        }
        try {
            for (String used : this.usedQueues) {
                this.broker.purge(used);
                this.broker.purgeDeadLetters(used);
            }
        }
        finally {
            this.broker.close();
        }
    }

    @Test
    void publishedMessageIsFetchedOnceAndAcked() throws Exception {
        Envelope sent = message().headers(Map.of("trace", "abc")).priority(0).build();
        this.broker.publish(sent);

        List<Delivery> deliveries = fetch("consumer-a", 10, PATIENCE, LONG_LEASE);

        assertThat(deliveries).hasSize(1);
        Delivery delivery = deliveries.get(0);
        assertSameMessage(delivery.envelope(), sent);
        assertThat(delivery.deliveryCount()).isEqualTo(1);
        assertThat(delivery.receipt()).isNotBlank();
        assertThat(delivery.leaseExpiresAt()).isAfter(Instant.now());
        assertThat(this.broker.ack(delivery)).isTrue();
        assertThat(this.broker.ack(delivery)).isFalse();
        assertThat(fetch("consumer-a", 10, BRIEF, LONG_LEASE)).isEmpty();
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 0, 0));
    }

    @Test
    void publishAllDeliversEveryMessage() throws Exception {
        List<Envelope> sent = List.of(message().build(), message().build(), message().build(), message().build(),
                message().build());
        this.broker.publishAll(sent);

        List<Delivery> deliveries = fetchAll("consumer-a", 10, sent.size());

        assertThat(deliveries).extracting(Delivery::id)
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(Envelope::id).toList());
        assertThat(this.broker.ackAll(deliveries)).isEqualTo(sent.size());
        assertThat(this.broker.stats(this.queue).inFlight()).isZero();
    }

    @Test
    void oldestReadyAgeIsKeptWhileAMessageIsReady() throws Exception {
        assertThat(this.broker.oldestReadyAge(this.queue)).isEmpty();
        this.broker.publish(message().build());

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(this.broker.oldestReadyAge(this.queue))
                .hasValueSatisfying(age -> assertThat(age).isGreaterThanOrEqualTo(Duration.ZERO)
                        .isLessThan(Duration.ofMinutes(5))));

        List<Delivery> deliveries = fetchAll("consumer-a", 10, 1);
        assertThat(this.broker.oldestReadyAge(this.queue)).isEmpty();
        assertThat(this.broker.ackAll(deliveries)).isEqualTo(1);
    }

    @Test
    void fetchWaitsUpToMaxWaitThenReturnsEmpty() throws Exception {
        long start = System.nanoTime();

        List<Delivery> deliveries = fetch("consumer-a", 10, Duration.ofMillis(500), LONG_LEASE);

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(deliveries).isEmpty();
        assertThat(elapsed).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
    }

    @Test
    void waitingFetchReturnsSoonAfterAMessageArrives() throws Exception {
        Envelope sent = message().build();
        long start = System.nanoTime();
        Future<List<Delivery>> waiting = this.executor
                .submit(() -> fetch("consumer-a", 10, Duration.ofSeconds(20), LONG_LEASE));
        Thread.sleep(300);

        this.broker.publish(sent);

        List<Delivery> deliveries = waiting.get(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(deliveries).extracting(Delivery::id).containsExactly(sent.id());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(this.broker.ack(deliveries.get(0))).isTrue();
    }

    @Test
    void fetchLeasesAtMostMaxMessages() throws Exception {
        List<Envelope> sent = List.of(message().build(), message().build(), message().build(), message().build(),
                message().build());
        this.broker.publishAll(sent);

        List<Delivery> first = fetch("consumer-a", 2, PATIENCE, LONG_LEASE);
        assertThat(first).isNotEmpty().hasSizeLessThanOrEqualTo(2);
        List<Delivery> all = new ArrayList<>(first);
        await().atMost(PATIENCE).until(() -> {
            List<Delivery> more = fetch("consumer-a", 2, BRIEF, LONG_LEASE);
            assertThat(more).hasSizeLessThanOrEqualTo(2);
            all.addAll(more);
            return all.size() >= sent.size();
        });

        assertThat(all).extracting(Delivery::id)
                .containsExactlyInAnyOrderElementsOf(sent.stream().map(Envelope::id).toList());
        assertThat(this.broker.ackAll(all)).isEqualTo(sent.size());
    }

    @Test
    void fetchReadsQueuesInTheOrderGiven() throws Exception {
        String second = newQueue();
        Envelope later = message().queue(second).build();
        Envelope laterToo = message().queue(second).build();
        this.broker.publishAll(List.of(later, laterToo));
        Envelope preferred = message().build();
        this.broker.publish(preferred);

        List<Delivery> first = fetch("consumer-a", List.of(this.queue, second), 1, PATIENCE, LONG_LEASE);
        assertThat(first).extracting(Delivery::id).containsExactly(preferred.id());

        List<Delivery> rest = fetchAll("consumer-a", List.of(this.queue, second), 5, 2);
        assertThat(rest).extracting(Delivery::id).containsExactlyInAnyOrder(later.id(), laterToo.id());
        assertThat(rest).extracting(Delivery::queue).containsOnly(second);
        assertThat(this.broker.ackAll(first)).isEqualTo(1);
        assertThat(this.broker.ackAll(rest)).isEqualTo(2);
    }

    @Test
    void expiredLeaseIsDeliveredAgainWithAHigherDeliveryCount() throws Exception {
        Envelope sent = message().build();
        this.broker.publish(sent);
        Delivery first = single(fetch("consumer-a", 1, PATIENCE, SHORT_LEASE));

        Delivery second = awaitOne("consumer-b", LONG_LEASE);

        assertThat(second.id()).isEqualTo(sent.id());
        assertThat(second.deliveryCount()).isEqualTo(first.deliveryCount() + 1).isEqualTo(2);
        assertThat(second.receipt()).isNotEqualTo(first.receipt());
        assertThat(this.broker.ack(second)).isTrue();
    }

    @Test
    void staleDeliveryChangesNothing() throws Exception {
        Envelope sent = message().build();
        this.broker.publish(sent);
        Delivery stale = single(fetch("consumer-a", 1, PATIENCE, SHORT_LEASE));
        Delivery current = awaitOne("consumer-b", LONG_LEASE);
        DeadLetterReason reason = DeadLetterReason.of(DeadLetterReason.NOT_RETRYABLE, "stale");

        assertThat(this.broker.ack(stale)).isFalse();
        assertThat(this.broker.retry(stale, stale.envelope().nextAttempt(Instant.now()), Instant.now())).isFalse();
        assertThat(this.broker.deadLetter(stale, reason)).isFalse();
        assertThat(this.broker.release(stale)).isFalse();
        assertThat(this.broker.extendLease(stale, LONG_LEASE)).isFalse();
        assertThat(this.broker.ackAll(List.of(stale))).isZero();

        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 1, 0));
        assertThat(this.broker.deadLetter(this.queue, sent.id())).isEmpty();
        assertThat(fetch("consumer-c", 10, BRIEF, LONG_LEASE)).isEmpty();
        assertThat(this.broker.ack(current)).isTrue();
    }

    @Test
    void storeAndAckAllStoresEveryResultAndAcksEveryHeldDelivery() throws Exception {
        List<Envelope> sent = List.of(message().build(), message().build(), message().build());
        this.broker.publishAll(sent);
        List<Delivery> deliveries = fetchAll("consumer-a", 10, sent.size());
        List<TaskResult> results = deliveries.stream().map(delivery -> success(delivery.envelope())).toList();

        try (ResultBackend backend = createResultBackend()) {
            assertThat(this.broker.storeAndAckAll(backend, results, Duration.ofMinutes(5), deliveries))
                    .isEqualTo(sent.size());

            for (Envelope envelope : sent) {
                assertThat(backend.get(envelope.id())).hasValueSatisfying(stored -> {
                    assertThat(stored.state()).isEqualTo(TaskState.SUCCESS);
                    assertThat(stored.result()).isEqualTo(JsonNodeFactory.instance.stringNode("done " + envelope.id()));
                });
            }
        }
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 0, 0));
        assertThat(fetch("consumer-a", 10, BRIEF, LONG_LEASE)).isEmpty();
    }

    @Test
    void storeAndAckAllAcksOnlyWhatIsHeldAndStoresItsResults() throws Exception {
        Envelope lost = message().build();
        this.broker.publish(lost);
        Delivery stale = single(fetch("consumer-a", 1, PATIENCE, SHORT_LEASE));
        Delivery current = awaitOne("consumer-b", LONG_LEASE);
        Envelope held = message().build();
        this.broker.publish(held);
        Delivery mine = single(fetch("consumer-a", 1, PATIENCE, LONG_LEASE));

        try (ResultBackend backend = createResultBackend()) {
            assertThat(this.broker.storeAndAckAll(backend, List.of(success(lost), success(held)),
                    Duration.ofMinutes(5), List.of(stale, mine))).isEqualTo(1);

            assertThat(backend.get(held.id())).hasValueSatisfying(
                    stored -> assertThat(stored.state()).isEqualTo(TaskState.SUCCESS));
        }
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 1, 0));
        assertThat(this.broker.ack(current)).isTrue();
    }

    @Test
    void storeAndAckAllWithoutResultsOnlyAcks() throws Exception {
        this.broker.publish(message().build());
        List<Delivery> deliveries = fetchAll("consumer-a", 10, 1);

        try (ResultBackend backend = createResultBackend()) {
            assertThat(this.broker.storeAndAckAll(backend, List.of(), Duration.ofMinutes(5), deliveries)).isEqualTo(1);
        }
        assertThat(this.broker.stats(this.queue).inFlight()).isZero();
    }

    @Test
    void extendedLeaseKeepsTheMessageFromRedelivery() throws Exception {
        this.broker.publish(message().build());
        Delivery delivery = single(fetch("consumer-a", 1, PATIENCE, SHORT_LEASE));

        assertThat(this.broker.extendLease(delivery, Duration.ofSeconds(20))).isTrue();

        assertThat(fetch("consumer-b", 10, SHORT_LEASE.multipliedBy(2), LONG_LEASE)).isEmpty();
        assertThat(this.broker.stats(this.queue).inFlight()).isEqualTo(1);
        assertThat(this.broker.ack(delivery)).isTrue();
    }

    @Test
    void delayedMessageIsDeliveredOnlyAfterItsEta() throws Exception {
        Instant eta = Instant.now().plusMillis(1500);
        Envelope sent = message().eta(eta).build();
        this.broker.publish(sent);

        QueueStats waiting = this.broker.stats(this.queue);
        assertThat(waiting.delayed()).isEqualTo(1);
        assertThat(waiting.ready()).isZero();
        assertThat(fetch("consumer-a", 10, BRIEF, LONG_LEASE)).isEmpty();

        Delivery delivery = awaitOne("consumer-a", LONG_LEASE);
        assertThat(Instant.now()).isAfterOrEqualTo(eta.minus(CLOCK_TOLERANCE));
        assertThat(delivery.id()).isEqualTo(sent.id());
        assertThat(delivery.deliveryCount()).isEqualTo(1);
        assertThat(this.broker.ack(delivery)).isTrue();
    }

    @Test
    void higherPriorityIsDeliveredFirst() throws Exception {
        this.broker.publish(message().priority(0).build());
        this.broker.publish(message().priority(5).build());
        this.broker.publish(message().priority(9).build());
        this.broker.publish(message().priority(3).build());

        List<Integer> priorities = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Delivery delivery = single(fetch("consumer-a", 1, PATIENCE, LONG_LEASE));
            priorities.add(delivery.envelope().priority());
            assertThat(this.broker.ack(delivery)).isTrue();
        }

        assertThat(priorities).containsExactly(9, 5, 3, 0);
    }

    @Test
    void retrySchedulesTheNextAttemptAtRunAt() throws Exception {
        Envelope sent = message().build();
        this.broker.publish(sent);
        Delivery delivery = single(fetch("consumer-a", 1, PATIENCE, LONG_LEASE));
        Instant runAt = Instant.now().plusMillis(1500);

        assertThat(this.broker.retry(delivery, delivery.envelope().nextAttempt(runAt), runAt)).isTrue();

        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 1, 0, 0));
        assertThat(this.broker.ack(delivery)).isFalse();
        assertThat(fetch("consumer-a", 10, BRIEF, LONG_LEASE)).isEmpty();
        Delivery next = awaitOne("consumer-b", LONG_LEASE);
        assertThat(Instant.now()).isAfterOrEqualTo(runAt.minus(CLOCK_TOLERANCE));
        assertThat(next.id()).isEqualTo(sent.id());
        assertThat(next.envelope().attempt()).isEqualTo(1);
        assertThat(next.deliveryCount()).isEqualTo(1);
        assertThat(this.broker.ack(next)).isTrue();
    }

    @Test
    void retryDueNowIsReadyAtOnce() throws Exception {
        this.broker.publish(message().build());
        Delivery delivery = single(fetch("consumer-a", 1, PATIENCE, LONG_LEASE));
        Instant now = Instant.now();

        assertThat(this.broker.retry(delivery, delivery.envelope().nextAttempt(now), now)).isTrue();

        Delivery next = single(fetch("consumer-b", 1, PATIENCE, LONG_LEASE));
        assertThat(next.id()).isEqualTo(delivery.id());
        assertThat(next.envelope().attempt()).isEqualTo(1);
        assertThat(this.broker.ack(next)).isTrue();
    }

    @Test
    void releasedMessageIsReadyAtOnceWithoutCountingAFailedDelivery() throws Exception {
        Envelope sent = message().build();
        this.broker.publish(sent);
        Delivery delivery = single(fetch("consumer-a", 1, PATIENCE, LONG_LEASE));

        assertThat(this.broker.release(delivery)).isTrue();

        assertThat(this.broker.ack(delivery)).isFalse();
        Delivery again = single(fetch("consumer-b", 1, PATIENCE, LONG_LEASE));
        assertThat(again.id()).isEqualTo(sent.id());
        assertThat(again.deliveryCount()).isEqualTo(delivery.deliveryCount());
        assertThat(this.broker.ack(again)).isTrue();
    }

    @Test
    void deadLettersCanBeListedShownReplayedAndPurged() throws Exception {
        Envelope first = message().attempt(2).eta(Instant.now().minusSeconds(60)).build();
        Envelope second = message().build();
        DeadLetterReason firstReason = new DeadLetterReason(DeadLetterReason.NOT_RETRYABLE, "boom " + first.id(),
                IllegalStateException.class.getName());
        DeadLetterReason secondReason = DeadLetterReason.of(DeadLetterReason.MAX_RETRIES_EXCEEDED, "gave up");
        Instant before = Instant.now();
        publishAndDeadLetter(first, firstReason);
        Thread.sleep(20);
        publishAndDeadLetter(second, secondReason);
        Instant after = Instant.now();

        List<DeadLetter> letters = this.broker.deadLetters(this.queue, 0, 10);
        assertThat(letters).extracting(DeadLetter::id).containsExactly(first.id(), second.id());
        DeadLetter letter = letters.get(0);
        assertThat(letter.queue()).isEqualTo(this.queue);
        assertThat(letter.reason()).isEqualTo(firstReason);
        assertThat(letter.payload()).contains(first.id());
        assertThat(letter.envelope()).isNotNull();
        assertSameMessage(letter.envelope(), first);
        assertThat(letter.deadAt()).isBetween(before.minusSeconds(5), after.plusSeconds(5));
        assertThat(this.broker.deadLetter(this.queue, second.id())).get().extracting(DeadLetter::reason)
                .isEqualTo(secondReason);
        assertThat(this.broker.deadLetter(this.queue, RandomNames.of("missing"))).isEmpty();
        assertThat(this.broker.deadLetters(this.queue, 1, 10)).extracting(DeadLetter::id).containsExactly(second.id());
        assertThat(this.broker.deadLetters(this.queue, 0, 1)).extracting(DeadLetter::id).containsExactly(first.id());
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 0, 2));

        assertThat(this.broker.replayDeadLetters(this.queue, List.of(first.id(), RandomNames.of("missing"))))
                .isEqualTo(1);

        assertThat(this.broker.deadLetters(this.queue, 0, 10)).extracting(DeadLetter::id)
                .containsExactly(second.id());
        Delivery replayed = single(fetch("consumer-a", 1, PATIENCE, LONG_LEASE));
        assertThat(replayed.id()).isEqualTo(first.id());
        assertThat(replayed.envelope().attempt()).isEqualTo(first.attempt() + 1);
        assertThat(replayed.envelope().maxRetries()).isEqualTo(first.attempt() + 1 + first.maxRetries());
        assertThat(replayed.envelope().eta()).isNull();
        assertThat(this.broker.ack(replayed)).isTrue();

        assertThat(this.broker.purgeDeadLetters(this.queue)).isEqualTo(1);
        assertThat(this.broker.deadLetters(this.queue, 0, 10)).isEmpty();
        assertThat(this.broker.stats(this.queue).dead()).isZero();
    }

    @Test
    void aReplayPublishesWhatItsHookReturnsForEachDeadLetterAndARefusalReplaysNone() throws Exception {
        Envelope first = message().build();
        Envelope second = message().build();
        publishAndDeadLetter(first, DeadLetterReason.of(DeadLetterReason.NOT_RETRYABLE, "boom"));
        publishAndDeadLetter(second, DeadLetterReason.of(DeadLetterReason.NOT_RETRYABLE, "boom"));
        List<String> seen = new CopyOnWriteArrayList<>();
        RepublishInterceptor refuseSecond = (stored, next) -> {
            if (stored.id().equals(second.id())) {
                throw new ReplayRefusedException(stored.id(), "refused " + stored.id());
            }
            return next;
        };

        assertThatThrownBy(() -> this.broker.replayDeadLetters(this.queue, List.of(first.id(), second.id()),
                refuseSecond)).isInstanceOf(ReplayRefusedException.class).hasMessageContaining(second.id());
        assertThat(this.broker.deadLetters(this.queue, 0, 10)).extracting(DeadLetter::id)
                .containsExactly(first.id(), second.id());
        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 0, 2));

        RepublishInterceptor marking = (stored, next) -> {
            seen.add(stored.id() + ":" + stored.attempt() + "->" + next.attempt());
            Map<String, String> headers = new HashMap<>(next.headers());
            headers.put("replayed-by", "hook");
            return next.toBuilder().headers(headers).build();
        };
        assertThat(this.broker.replayDeadLetters(this.queue, List.of(first.id(), second.id()), marking)).isEqualTo(2);

        assertThat(seen).containsExactlyInAnyOrder(first.id() + ":0->1", second.id() + ":0->1");
        List<Delivery> replayed = fetchAll("consumer-a", 2, 2);
        assertThat(replayed).extracting(Delivery::id).containsExactlyInAnyOrder(first.id(), second.id());
        assertThat(replayed).allSatisfy(delivery -> {
            assertThat(delivery.envelope().headers()).containsEntry("replayed-by", "hook");
            assertThat(delivery.envelope().attempt()).isEqualTo(1);
        });
        replayed.forEach(delivery -> assertThat(this.broker.ack(delivery)).isTrue());
        assertThat(this.broker.stats(this.queue).dead()).isZero();
    }

    @Test
    void replayedDeadLetterStoresTheResultOfItsReplayedRun() {
        AtomicBoolean broken = new AtomicBoolean(true);
        TaskDefinition task = new TaskDefinition("test.replayed", TaskOptions.builder().queue(this.queue)
                .maxRetries(1).backOff(new ExponentialBackOff(Duration.ofMillis(10), 1.0, Duration.ofMillis(10), 0.0))
                .build(), context -> {
                    if (broken.get()) {
                        throw new IllegalStateException("broken on attempt " + context.attempt());
                    }
                    return "fixed on attempt " + context.attempt();
                });
        try (ResultBackend backend = createResultBackend();
                StemTestWorker worker = StemTestWorker.builder().broker(this.broker).backend(backend).task(task)
                        .start()) {
            String id = worker.stem().enqueue("test.replayed", null).id();
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(this.broker.deadLetter(this.queue, id)).isPresent();
                assertThat(backend.get(id)).get().extracting(TaskResult::state, TaskResult::attempt)
                        .containsExactly(TaskState.FAILURE, 1);
            });
            broken.set(false);

            assertThat(this.broker.replayDeadLetters(this.queue, List.of(id))).isEqualTo(1);

            await().atMost(PATIENCE).untilAsserted(() -> assertThat(backend.get(id)).get()
                    .satisfies(result -> {
                        assertThat(result.state()).isEqualTo(TaskState.SUCCESS);
                        assertThat(result.attempt()).isEqualTo(2);
                        assertThat(result.result()).isNotNull();
                        assertThat(result.result().asString()).isEqualTo("fixed on attempt 2");
                    }));
            assertThat(this.broker.deadLetter(this.queue, id)).isEmpty();
        }
    }

    @Test
    void purgeDeletesReadyAndDelayedMessagesButLeavesLeasedOnes() throws Exception {
        this.broker.publish(message().build());
        Delivery leased = single(fetch("consumer-a", 1, PATIENCE, LONG_LEASE));
        this.broker.publishAll(List.of(message().build(), message().build(),
                message().eta(Instant.now().plus(Duration.ofHours(1))).build()));

        assertThat(this.broker.purge(this.queue)).isEqualTo(3);

        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 1, 0));
        assertThat(fetch("consumer-b", 10, BRIEF, LONG_LEASE)).isEmpty();
        assertThat(this.broker.ack(leased)).isTrue();
    }

    @Test
    void statsCountMessagesInEveryState() throws Exception {
        this.broker.publishAll(List.of(message().build(), message().build(), message().build(),
                message().eta(Instant.now().plus(Duration.ofHours(1))).build()));
        Delivery leased = single(fetch("consumer-a", 1, PATIENCE, LONG_LEASE));
        Delivery doomed = single(fetch("consumer-a", 1, PATIENCE, LONG_LEASE));
        assertThat(this.broker.deadLetter(doomed, DeadLetterReason.of(DeadLetterReason.BAD_ARGUMENTS, "bad"))).isTrue();

        assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 1, 1, 1, 1));
        assertThat(this.broker.ack(leased)).isTrue();
    }

    @Test
    void fetchMarksRevokedMessagesOnlyWhenItChecksTheRevokeStore() throws Exception {
        RevokeStore revokes = createRevokeStore();
        Envelope cancelled = message().build();
        Envelope kept = message().build();
        revokes.revoke(cancelled.id(), Duration.ofMinutes(1));
        this.broker.publishAll(List.of(cancelled, kept));

        List<Delivery> deliveries = fetchAll("consumer-a", 10, 2);

        boolean checks = this.broker.checksRevokesOf(revokes);
        assertThat(deliveries).filteredOn(delivery -> delivery.id().equals(cancelled.id())).singleElement()
                .extracting(Delivery::revoked).isEqualTo(checks);
        assertThat(deliveries).filteredOn(delivery -> delivery.id().equals(kept.id())).singleElement()
                .extracting(Delivery::revoked).isEqualTo(false);
        assertThat(this.broker.checksRevokesOf(new InMemoryRevokeStore())).isFalse();
        assertThat(this.broker.ackAll(deliveries)).isEqualTo(2);
    }

    @Test
    void queuesListsAQueueThatHasSeenMessages() {
        this.broker.publish(message().build());

        assertThat(this.broker.queues()).contains(this.queue);
    }

    /// A new random queue name, cleaned up after the test.
    protected String newQueue() {
        String name = RandomNames.of("q");
        this.usedQueues.add(name);
        return name;
    }

    /// A message to this test's queue with a fresh id and small arguments.
    protected Envelope.Builder message() {
        return Envelope.builder("test.contract").queue(this.queue)
                .args(JsonNodeFactory.instance.objectNode().put("text", "hello").put("n", 42));
    }

    private void publishAndDeadLetter(Envelope envelope, DeadLetterReason reason) throws InterruptedException {
        this.broker.publish(envelope);
        Delivery delivery = single(fetch("consumer-a", 1, PATIENCE, LONG_LEASE));
        assertThat(delivery.id()).isEqualTo(envelope.id());
        assertThat(this.broker.deadLetter(delivery, reason)).isTrue();
    }

    private static TaskResult success(Envelope envelope) {
        return new TaskResult(envelope.id(), envelope.task(), TaskState.SUCCESS,
                JsonNodeFactory.instance.stringNode("done " + envelope.id()), null, Map.of(), envelope.attempt(),
                Instant.now());
    }

    private List<Delivery> fetch(String consumer, int maxMessages, Duration maxWait, Duration lease)
            throws InterruptedException {
        return fetch(consumer, List.of(this.queue), maxMessages, maxWait, lease);
    }

    private List<Delivery> fetch(String consumer, List<String> queues, int maxMessages, Duration maxWait,
            Duration lease) throws InterruptedException {
        return this.broker.fetch(new FetchRequest(consumer, queues, maxMessages, maxWait, lease));
    }

    private List<Delivery> fetchAll(String consumer, int maxMessages, int expected) {
        return fetchAll(consumer, List.of(this.queue), maxMessages, expected);
    }

    private List<Delivery> fetchAll(String consumer, List<String> queues, int maxMessages, int expected) {
        List<Delivery> all = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        await().atMost(PATIENCE).until(() -> {
            for (Delivery delivery : fetch(consumer, queues, maxMessages, BRIEF, LONG_LEASE)) {
                all.add(delivery);
                ids.add(delivery.id());
            }
            return ids.size() >= expected;
        });
        return all;
    }

    /// Fetches until one message arrives, for things the broker does in its own time.
    private Delivery awaitOne(String consumer, Duration lease) {
        AtomicReference<List<Delivery>> fetched = new AtomicReference<>(List.of());
        await().atMost(PATIENCE).until(() -> {
            fetched.set(fetch(consumer, 1, Duration.ofMillis(500), lease));
            return !fetched.get().isEmpty();
        });
        return single(fetched.get());
    }

    private static Delivery single(List<Delivery> deliveries) {
        assertThat(deliveries).hasSize(1);
        return deliveries.get(0);
    }

    private static void assertSameMessage(Envelope actual, Envelope expected) {
        assertThat(actual.id()).isEqualTo(expected.id());
        assertThat(actual.task()).isEqualTo(expected.task());
        assertThat(actual.queue()).isEqualTo(expected.queue());
        assertThat(actual.args()).isEqualTo(expected.args());
        assertThat(actual.headers()).isEqualTo(expected.headers());
        assertThat(actual.priority()).isEqualTo(expected.priority());
        assertThat(actual.attempt()).isEqualTo(expected.attempt());
        assertThat(actual.maxRetries()).isEqualTo(expected.maxRetries());
    }
}

package dev.stem.redis;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.StreamReceipt;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

/// Redis-specific behaviour of [RedisStreamsBroker] against a real server: what the contract kit
/// cannot express (raw stream entries, deleted entries, key layout, blocking reads).
@RequiresRedis
class RedisStreamsBrokerIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private RedisConnectionFactory connectionFactory;

    private StringRedisTemplate redis;

    private String prefix;

    private RedisKeys keys;

    private RedisStreamsBroker broker;

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @BeforeEach
    void setUp() {
        this.connectionFactory = RedisTestServer.connectionFactory();
        this.redis = new StringRedisTemplate(this.connectionFactory);
        this.prefix = RedisTestServer.randomPrefix();
        this.keys = new RedisKeys(this.prefix);
        this.broker = new RedisStreamsBroker(this.connectionFactory, this.prefix, new EnvelopeCodec(), Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        this.broker.close();
        RedisTestServer.deleteKeys(this.connectionFactory, this.prefix);
    }

    @Test
    void publishFetchAckLeavesNothingBehind() throws InterruptedException {
        Envelope envelope = envelope("q1", 0);
        this.broker.publish(envelope);

        List<Delivery> deliveries = this.broker.fetch(request("w1", "q1", 10, Duration.ZERO, LEASE));

        assertThat(deliveries).singleElement().satisfies(delivery -> {
            assertThat(delivery.envelope()).isEqualTo(envelope);
            assertThat(delivery.deliveryCount()).isEqualTo(1);
            StreamReceipt receipt = StreamReceipt.parse(delivery.receipt());
            assertThat(receipt.streamKey()).isEqualTo(this.prefix + ":{q:q1}:stream:0");
            assertThat(receipt.consumer()).isEqualTo("w1");
        });
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 1, 0));
        assertThat(this.broker.ack(deliveries.get(0))).isTrue();
        assertThat(this.broker.ack(deliveries.get(0))).isFalse();
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 0, 0));
        assertThat(this.redis.opsForStream().size(this.prefix + ":{q:q1}:stream:0")).isZero();
        assertThat(this.broker.queues()).containsExactly("q1");
    }

    @Test
    void oneFetchReadsHigherPrioritiesFirst() throws InterruptedException {
        this.broker.publishAll(List.of(envelope("q1", 0), envelope("q1", 5), envelope("q1", 9), envelope("q1", 3),
                envelope("q1", 5)));

        List<Delivery> deliveries = this.broker.fetch(request("w1", "q1", 4, Duration.ZERO, LEASE));

        assertThat(deliveries).extracting(delivery -> delivery.envelope().priority()).containsExactly(9, 5, 5, 3);
        assertThat(this.broker.ackAll(deliveries)).isEqualTo(4);
    }

    @Test
    void malformedEntriesGoToTheDeadLetterStreamAndFetchKeepsWorking() throws InterruptedException {
        String stream = this.keys.queue("q1").stream(0);
        String noPayload = this.redis.opsForStream().add(StreamRecords.string(Map.of("foo", "bar")).withStreamKey(stream))
                .getValue();
        String notJson = this.redis.opsForStream().add(StreamRecords.string(Map.of("payload", "{not json"))
                .withStreamKey(stream)).getValue();
        Envelope valid = envelope("q1", 0);
        this.broker.publish(valid);

        List<Delivery> deliveries = this.broker.fetch(request("w1", "q1", 10, Duration.ZERO, LEASE));

        assertThat(deliveries).extracting(Delivery::envelope).containsExactly(valid);
        List<DeadLetter> dead = this.broker.deadLetters("q1", 0, 10);
        assertThat(dead).extracting(DeadLetter::id).containsExactly(noPayload, notJson);
        assertThat(dead).allSatisfy(letter -> {
            assertThat(letter.reason().code()).isEqualTo(DeadLetterReason.MALFORMED);
            assertThat(letter.reason().message()).isNotBlank();
            assertThat(letter.reason().errorType()).isNotBlank();
            assertThat(letter.envelope()).isNull();
            assertThat(letter.deadAt()).isCloseTo(Instant.now(), within(1, ChronoUnit.MINUTES));
        });
        assertThat(dead.get(0).payload()).isEqualTo("{\"foo\":\"bar\"}");
        assertThat(dead.get(1).payload()).isEqualTo("{not json");
        assertThat(this.broker.deadLetter("q1", notJson)).contains(dead.get(1));
        assertThat(this.broker.replayDeadLetters("q1", List.of(notJson))).isZero();
        assertThat(this.broker.ack(deliveries.get(0))).isTrue();
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 0, 2));

        this.broker.publish(envelope("q1", 0));
        assertThat(this.broker.fetch(request("w1", "q1", 10, Duration.ZERO, LEASE))).hasSize(1);
    }

    @Test
    void aStaleConsumerCanNeitherAckNorExtendNorMoveAReclaimedEntry() throws InterruptedException {
        this.broker.publish(envelope("q1", 0));
        Delivery stale = this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, Duration.ofMillis(100))).get(0);
        Thread.sleep(250);

        Delivery current = this.broker.fetch(request("w2", "q1", 1, Duration.ZERO, Duration.ofMillis(100))).get(0);

        assertThat(current.id()).isEqualTo(stale.id());
        assertThat(current.deliveryCount()).isEqualTo(2);
        assertThat(this.broker.ack(stale)).isFalse();
        assertThat(this.broker.extendLease(stale, LEASE)).isFalse();
        assertThat(this.broker.release(stale)).isFalse();
        assertThat(this.broker.retry(stale, stale.envelope().nextAttempt(Instant.now()), Instant.now())).isFalse();
        assertThat(this.broker.deadLetter(stale, DeadLetterReason.of(DeadLetterReason.NOT_RETRYABLE, "stale"))).isFalse();
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 1, 0));
        assertThat(this.broker.ack(current)).isTrue();
    }

    @Test
    void reclaimCountsEveryDelivery() throws InterruptedException {
        this.broker.publish(envelope("q1", 7));
        Duration lease = Duration.ofMillis(50);
        List<Integer> counts = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Delivery delivery = this.broker.fetch(request("w" + i, "q1", 1, Duration.ofSeconds(2), lease)).get(0);
            counts.add(delivery.deliveryCount());
        }

        assertThat(counts).containsExactly(1, 2, 3);
    }

    @Test
    void ackFindsItsEntriesAmongManyHeldByTheSameConsumer() throws InterruptedException {
        this.broker.publishAll(IntStream.range(0, 300).mapToObj(i -> envelope("q1", 0)).toList());
        List<Delivery> held = new ArrayList<>(this.broker.fetch(request("w1", "q1", 256, Duration.ZERO, LEASE)));
        held.addAll(this.broker.fetch(request("w1", "q1", 256, Duration.ZERO, LEASE)));
        assertThat(held).hasSize(300);

        assertThat(this.broker.ack(held.get(299))).isTrue();
        assertThat(this.broker.ackAll(List.of(held.get(0), held.get(150), held.get(299)))).isEqualTo(2);

        assertThat(this.broker.ackAll(held)).isEqualTo(297);
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 0, 0));
    }

    @Test
    void ackAllOfAStaleAndACurrentDeliveryOfOneEntryAcksItOnce() throws InterruptedException {
        this.broker.publish(envelope("q1", 0));
        Delivery stale = this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, Duration.ofMillis(50))).get(0);
        Thread.sleep(150);
        Delivery current = this.broker.fetch(request("w2", "q1", 1, Duration.ZERO, LEASE)).get(0);

        assertThat(this.broker.ackAll(List.of(stale, current, current))).isEqualTo(1);
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 0, 0));
    }

    @Test
    void extendingALeaseKeepsTheEntryFromOtherConsumers() throws InterruptedException {
        this.broker.publish(envelope("q1", 0));
        Duration lease = Duration.ofMillis(600);
        Delivery held = this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, lease)).get(0);
        Thread.sleep(400);
        assertThat(this.broker.extendLease(held, lease)).isTrue();
        Thread.sleep(400);

        assertThat(this.broker.fetch(request("w2", "q1", 1, Duration.ZERO, lease))).isEmpty();
        assertThat(this.broker.ack(held)).isTrue();
    }

    @Test
    void anEntryDeletedWhileLeasedBecomesAPayloadLostDeadLetter() throws InterruptedException {
        this.broker.publish(envelope("q1", 0));
        Delivery held = this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, Duration.ofMillis(50))).get(0);
        String entryId = StreamReceipt.parse(held.receipt()).entryId();
        this.redis.opsForStream().delete(this.keys.queue("q1").stream(0), entryId);
        Thread.sleep(150);

        assertThat(this.broker.fetch(request("w2", "q1", 1, Duration.ZERO, Duration.ofMillis(50)))).isEmpty();

        assertThat(this.broker.deadLetter("q1", entryId)).hasValueSatisfying(letter -> {
            assertThat(letter.reason().code()).isEqualTo(DeadLetterReason.PAYLOAD_LOST);
            assertThat(letter.payload()).isEmpty();
        });
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 0, 1));
    }

    @Test
    void delayedMessagesMoveIntoTheStreamWhenDue() throws InterruptedException {
        Envelope delayed = envelope("q1", 9).toBuilder().eta(Instant.now().plusMillis(300)).build();
        this.broker.publish(delayed);

        assertThat(this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, LEASE))).isEmpty();
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 1, 0, 0));
        long start = System.nanoTime();
        List<Delivery> deliveries = this.broker.fetch(request("w1", "q1", 1, Duration.ofSeconds(5), LEASE));

        assertThat(deliveries).extracting(Delivery::envelope).containsExactly(delayed);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("delivered before the fetch's 5 s wait ran out")
                .isLessThan(Duration.ofSeconds(4));
        assertThat(StreamReceipt.parse(deliveries.get(0).receipt()).streamKey()).endsWith(":stream:9");
    }

    @Test
    void retryAcksAndSchedulesTheNextAttemptTogether() throws InterruptedException {
        this.broker.publish(envelope("q1", 0));
        Delivery first = this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, LEASE)).get(0);
        Instant runAt = Instant.now().plusMillis(200);

        assertThat(this.broker.retry(first, first.envelope().nextAttempt(runAt), runAt)).isTrue();

        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 1, 0, 0));
        Delivery second = this.broker.fetch(request("w1", "q1", 1, Duration.ofSeconds(5), LEASE)).get(0);
        assertThat(second.envelope().attempt()).isEqualTo(1);
        assertThat(second.deliveryCount()).isEqualTo(1);
        assertThatIllegalArgumentException().isThrownBy(() -> this.broker.retry(second,
                second.envelope().toBuilder().queue("other").build(), runAt)).withMessageContaining("next.queue 'other'");
    }

    @Test
    void deadLettersCanBeListedReplayedAndPurged() throws InterruptedException {
        this.broker.publishAll(List.of(envelope("q1", 0), envelope("q1", 0)));
        List<Delivery> deliveries = this.broker.fetch(request("w1", "q1", 2, Duration.ZERO, LEASE));
        Delivery retried = deliveries.get(0);
        Delivery failed = deliveries.get(1);
        Envelope later = retried.envelope().nextAttempt(Instant.now().plusSeconds(60));
        assertThat(this.broker.retry(retried, later, later.eta())).isTrue();
        assertThat(this.broker.deadLetter(failed,
                new DeadLetterReason(DeadLetterReason.NOT_RETRYABLE, "boom", "java.lang.IllegalStateException"))).isTrue();

        DeadLetter letter = this.broker.deadLetter("q1", failed.id()).orElseThrow();
        assertThat(letter.envelope()).isEqualTo(failed.envelope());
        assertThat(letter.reason()).isEqualTo(
                new DeadLetterReason(DeadLetterReason.NOT_RETRYABLE, "boom", "java.lang.IllegalStateException"));
        assertThat(this.broker.deadLetters("q1", 1, 10)).isEmpty();

        assertThat(this.broker.replayDeadLetters("q1", List.of(failed.id(), failed.id(), "unknown"))).isEqualTo(1);
        assertThat(this.broker.replayDeadLetters("q1", List.of(failed.id()))).isZero();
        Delivery replayed = this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, LEASE)).get(0);
        assertThat(replayed.id()).isEqualTo(failed.id());
        assertThat(replayed.envelope().attempt()).isEqualTo(failed.envelope().attempt() + 1);
        assertThat(this.broker.deadLetter(replayed, DeadLetterReason.of(DeadLetterReason.UNKNOWN_TASK, "no"))).isTrue();
        assertThat(this.broker.purgeDeadLetters("q1")).isEqualTo(1);
        assertThat(this.broker.deadLetters("q1", 0, 10)).isEmpty();
        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 1, 0, 0));
    }

    @Test
    void releaseMakesTheMessageReadyAgainWithoutCountingADelivery() throws InterruptedException {
        this.broker.publish(envelope("q1", 0));
        Delivery first = this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, LEASE)).get(0);

        assertThat(this.broker.release(first)).isTrue();

        Delivery again = this.broker.fetch(request("w2", "q1", 1, Duration.ZERO, LEASE)).get(0);
        assertThat(again.envelope()).isEqualTo(first.envelope());
        assertThat(again.deliveryCount()).isEqualTo(1);
    }

    @Test
    void purgeKeepsLeasedMessages() throws InterruptedException {
        this.broker.publishAll(IntStream.range(0, 5).mapToObj(i -> envelope("q1", i)).toList());
        this.broker.publish(envelope("q1", 0).toBuilder().eta(Instant.now().plusSeconds(60)).build());
        Delivery leased = this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, LEASE)).get(0);

        assertThat(this.broker.purge("q1")).isEqualTo(5);

        assertThat(this.broker.stats("q1")).isEqualTo(new QueueStats("q1", 0, 0, 1, 0));
        assertThat(this.broker.ack(leased)).isTrue();
    }

    @Test
    void aBlockedFetchWakesUpOnPublishAndHoldsUpNoOtherCommand() throws Exception {
        CompletableFuture<List<Delivery>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return this.broker.fetch(request("w1", "q1", 5, Duration.ofSeconds(10), LEASE));
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        Thread.sleep(300);
        long start = System.nanoTime();
        assertThat(this.broker.stats("q1").ready()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("not queued behind the fetch's 10 s block")
                .isLessThan(Duration.ofSeconds(5));

        this.broker.publish(envelope("q1", 0));

        assertThat(waiting.get(2, TimeUnit.SECONDS)).hasSize(1);
    }

    @Test
    void idleConsumersThatHoldNothingLeaveTheGroup() throws InterruptedException {
        RedisStreamsBroker pruning = new RedisStreamsBroker(this.connectionFactory, this.prefix, new EnvelopeCodec(),
                Clock.systemUTC(), new RedisBrokerOptions(Duration.ofSeconds(1), Duration.ofMillis(100)));
        this.broker.publishAll(List.of(envelope("q1", 0), envelope("q1", 0)));
        Delivery kept = this.broker.fetch(request("busy", "q1", 1, Duration.ZERO, LEASE)).get(0);
        assertThat(this.broker.ackAll(this.broker.fetch(request("gone", "q1", 1, Duration.ZERO, LEASE)))).isEqualTo(1);
        assertThat(consumers("q1")).containsExactlyInAnyOrder("busy", "gone");
        Thread.sleep(300);

        pruning.fetch(request("new", "q1", 1, Duration.ZERO, Duration.ofMillis(100)));

        assertThat(consumers("q1")).containsExactly("busy");
        assertThat(this.broker.ack(kept)).isTrue();
        pruning.close();
    }

    @Test
    void fetchRecreatesAConsumerGroupLostWithItsStream() throws InterruptedException {
        this.broker.publish(envelope("q1", 0));
        assertThat(this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, LEASE))).hasSize(1);
        this.redis.delete(this.keys.queue("q1").streams());

        this.broker.publish(envelope("q1", 0));

        assertThat(this.broker.fetch(request("w1", "q1", 1, Duration.ZERO, LEASE))).hasSize(1);
    }

    @Test
    void batchesPublishAndAckManyMessages() throws InterruptedException {
        int total = 20_000;
        List<Envelope> envelopes = IntStream.range(0, total).mapToObj(i -> envelope("bulk", 0)).toList();
        long publishStart = System.nanoTime();
        this.broker.publishAll(envelopes);
        long publishNanos = System.nanoTime() - publishStart;

        long processStart = System.nanoTime();
        int acked = 0;
        while (acked < total) {
            List<Delivery> batch = this.broker.fetch(request("w1", "bulk", 256, Duration.ofSeconds(1), LEASE));
            assertThat(batch).isNotEmpty();
            acked += this.broker.ackAll(batch);
        }
        long processNanos = System.nanoTime() - processStart;

        assertThat(acked).isEqualTo(total);
        assertThat(this.broker.stats("bulk")).isEqualTo(new QueueStats("bulk", 0, 0, 0, 0));
        System.out.printf("RedisStreamsBroker: publishAll %,d msgs/s; fetch(256)+ackAll %,d msgs/s%n",
                (long) (total / (publishNanos / 1e9)), (long) (total / (processNanos / 1e9)));
    }

    private List<String> consumers(String queue) {
        return this.redis.opsForStream().consumers(this.keys.queue(queue).stream(0), RedisStreamsBroker.GROUP).stream()
                .map(consumer -> consumer.consumerName()).toList();
    }

    private static Envelope envelope(String queue, int priority) {
        return Envelope.builder("test.task").queue(queue).priority(priority).build();
    }

    private static FetchRequest request(String consumer, String queue, int max, Duration wait, Duration lease) {
        return new FetchRequest(consumer, List.of(queue), max, wait, lease);
    }
}

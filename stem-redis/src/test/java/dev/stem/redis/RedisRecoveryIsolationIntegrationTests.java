package dev.stem.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// A message recovered from a consumer that lost its lease is fetched alone, so the worker can run it
/// in isolation and the neighbours of a message that kills its worker are not leased together with it
/// again (and charged for it).
@RequiresRedis
class RedisRecoveryIsolationIntegrationTests {

    private static final Duration SHORT_LEASE = Duration.ofMillis(300);

    private static final Duration LEASE = Duration.ofSeconds(30);

    private String prefix;

    private RedisStreamsBroker broker;

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @BeforeEach
    void setUp() {
        this.prefix = RedisTestServer.randomPrefix();
        this.broker = new RedisStreamsBroker(RedisTestServer.connectionFactory(), this.prefix, new EnvelopeCodec(),
                Clock.systemUTC());
    }

    @AfterEach
    void tearDown() {
        this.broker.close();
        RedisTestServer.deleteKeys(RedisTestServer.connectionFactory(), this.prefix);
    }

    @Test
    void eachMessageOfADeadConsumerComesBackAloneAndNewOnesAfterThem() throws InterruptedException {
        List<Envelope> held = envelopes(5);
        this.broker.publishAll(held);
        assertThat(this.broker.fetch(request("dead", 10, Duration.ZERO, SHORT_LEASE))).hasSize(5);
        List<Envelope> fresh = envelopes(3);
        this.broker.publishAll(fresh);
        Thread.sleep(SHORT_LEASE.toMillis() + 100);

        List<List<Delivery>> batches = new ArrayList<>();
        List<Delivery> recovered = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            List<Delivery> batch = this.broker.fetch(request("live", 10, Duration.ofMillis(500), LEASE));
            if (!batch.isEmpty()) {
                batches.add(batch);
                batch.stream().filter(Delivery::recovered).forEach(recovered::add);
                this.broker.ackAll(batch);
            }
            return recovered.size() == 5;
        });

        assertThat(batches).filteredOn(batch -> batch.stream().anyMatch(Delivery::recovered))
                .as("every batch with a recovered message holds it alone").hasSize(5).allSatisfy(batch ->
                        assertThat(batch).singleElement().satisfies(d -> assertThat(d.deliveryCount()).isEqualTo(2)));
        assertThat(recovered).extracting(Delivery::id).containsExactlyInAnyOrderElementsOf(ids(held));
    }

    @Test
    void aReleasedRecoveredMessageIsNotCountedHigher() throws InterruptedException {
        this.broker.publish(envelopes(1).get(0));
        assertThat(this.broker.fetch(request("dead", 1, Duration.ZERO, SHORT_LEASE))).hasSize(1);
        Delivery recovered = awaitOne("live");
        assertThat(recovered.deliveryCount()).isEqualTo(2);

        assertThat(this.broker.release(recovered)).isTrue();

        Delivery again = awaitOne("next");
        assertThat(again.id()).isEqualTo(recovered.id());
        assertThat(again.deliveryCount()).isLessThanOrEqualTo(recovered.deliveryCount());
        assertThat(this.broker.ack(again)).isTrue();
    }

    private Delivery awaitOne(String consumer) {
        List<Delivery> found = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            found.addAll(this.broker.fetch(request(consumer, 10, Duration.ofMillis(500), LEASE)));
            return !found.isEmpty();
        });
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private static List<Envelope> envelopes(int count) {
        return IntStream.range(0, count).mapToObj(i -> Envelope.builder("test.task").queue("q1").build()).toList();
    }

    private static List<String> ids(List<Envelope> envelopes) {
        return envelopes.stream().map(Envelope::id).toList();
    }

    private static FetchRequest request(String consumer, int max, Duration wait, Duration lease) {
        return new FetchRequest(consumer, List.of("q1"), max, wait, lease);
    }
}

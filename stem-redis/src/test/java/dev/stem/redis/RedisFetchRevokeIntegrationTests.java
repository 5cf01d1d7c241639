package dev.stem.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.redis.support.RedisKeys;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;

/// [RedisStreamsBroker#fetch] checks revoke markers of the [RedisRevokeStore] on its connection
/// factory and prefix, whoever wrote the stream entry and however often it was delivered.
@RequiresRedis
class RedisFetchRevokeIntegrationTests {

    private static final Duration LEASE = Duration.ofSeconds(30);

    private RedisConnectionFactory connectionFactory;

    private StringRedisTemplate redis;

    private String prefix;

    private RedisStreamsBroker broker;

    private RedisRevokeStore revokes;

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @BeforeEach
    void setUp() {
        this.connectionFactory = RedisTestServer.connectionFactory();
        this.redis = new StringRedisTemplate(this.connectionFactory);
        this.prefix = RedisTestServer.randomPrefix();
        this.broker = new RedisStreamsBroker(this.connectionFactory, this.prefix, new EnvelopeCodec(),
                Clock.systemUTC());
        this.revokes = new RedisRevokeStore(this.connectionFactory, this.prefix);
    }

    @AfterEach
    void tearDown() {
        this.broker.close();
        RedisTestServer.deleteKeys(this.connectionFactory, this.prefix);
    }

    @Test
    void checksOnlyTheRevokeStoreOfItsOwnFactoryAndPrefix() {
        assertThat(this.broker.checksRevokesOf(this.revokes)).isTrue();
        assertThat(this.broker.checksRevokesOf(
                new RedisRevokeStore(this.connectionFactory, RedisTestServer.randomPrefix()))).isFalse();
        LettuceConnectionFactory other = new LettuceConnectionFactory();
        assertThat(this.broker.checksRevokesOf(new RedisRevokeStore(other, this.prefix))).isFalse();
        assertThat(this.broker.checksRevokesOf(new InMemoryRevokeStore())).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{ \"task\": \"report.daily\", \"id\": \"%s\", \"v\": 1 }",
            "{ \"v\": 1, \"id\": \"%s\", \"task\": \"report.daily\" }" })
    void marksARevokedMessageThatAnotherProducerWrote(String json) throws InterruptedException {
        String stream = new RedisKeys(this.prefix).queue("q1").stream(4);
        String id = "7c9e6679-7425-40de-944b-e07fc1f90ae7";
        this.redis.opsForStream().add(StreamRecords.string(Map.of("payload", json.formatted(id)))
                .withStreamKey(stream));
        this.revokes.revoke(id, Duration.ofMinutes(1));

        Delivery delivery = single(this.broker.fetch(request("w1", LEASE)));

        assertThat(delivery.id()).isEqualTo(id);
        assertThat(delivery.revoked()).isTrue();
    }

    @Test
    void aNestedIdIsNotTakenForTheMessageId() throws InterruptedException {
        String stream = new RedisKeys(this.prefix).queue("q1").stream(4);
        String id = "0d6d4b39-1c54-4a49-9f0e-3c7c1e2f9a11";
        this.redis.opsForStream().add(StreamRecords.string(Map.of("payload",
                "{\"v\":1,\"args\":{\"id\":\"cancelled\"},\"id\":\"" + id + "\",\"task\":\"report.daily\"}"))
                .withStreamKey(stream));
        this.revokes.revoke("cancelled", Duration.ofMinutes(1));

        Delivery delivery = single(this.broker.fetch(request("w1", LEASE)));

        assertThat(delivery.id()).isEqualTo(id);
        assertThat(delivery.revoked()).isFalse();
    }

    @Test
    void marksAMessageRevokedAfterItsFirstDeliveryWhenItIsDeliveredAgain() throws InterruptedException {
        Envelope envelope = Envelope.builder("test.task").queue("q1").build();
        this.broker.publish(envelope);
        Duration shortLease = Duration.ofMillis(50);
        Delivery first = single(this.broker.fetch(request("w1", shortLease)));
        this.revokes.revoke(envelope.id(), Duration.ofMinutes(1));

        Delivery second = single(this.broker.fetch(request("w2", LEASE)));

        assertThat(first.revoked()).isFalse();
        assertThat(second.deliveryCount()).isEqualTo(2);
        assertThat(second.revoked()).isTrue();
    }

    @Test
    void aRevokeThatLapsedNoLongerMarksTheMessage() throws InterruptedException {
        Envelope envelope = Envelope.builder("test.task").queue("q1").build();
        this.revokes.revoke(envelope.id(), Duration.ofMillis(1));
        Thread.sleep(20);
        this.broker.publish(envelope);

        assertThat(single(this.broker.fetch(request("w1", LEASE))).revoked()).isFalse();
    }

    private static Delivery single(List<Delivery> deliveries) {
        assertThat(deliveries).hasSize(1);
        return deliveries.get(0);
    }

    private static FetchRequest request(String consumer, Duration lease) {
        return new FetchRequest(consumer, List.of("q1"), 10, Duration.ofSeconds(2), lease);
    }
}

package dev.stem.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.canvas.ChordHandle;
import dev.stem.canvas.ChordStore;
import dev.stem.canvas.Signature;
import dev.stem.contract.CanvasContractTests;
import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.redis.support.StemTemplates;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;

/// The canvas contract kit on a real Redis server, chords counted by [RedisChordStore].
@RequiresRedis
class RedisCanvasContractTests extends CanvasContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected Broker createBroker() {
        return new RedisStreamsBroker(RedisTestServer.connectionFactory(), PREFIX, new EnvelopeCodec(),
                Clock.systemUTC());
    }

    @Override
    protected ResultBackend createResultBackend() {
        return new RedisResultBackend(RedisTestServer.connectionFactory(), PREFIX);
    }

    @Override
    protected RevokeStore createRevokeStore() {
        return new RedisRevokeStore(RedisTestServer.connectionFactory(), PREFIX);
    }

    @Override
    protected EventBus createEventBus() {
        return new RedisEventBus(RedisTestServer.connectionFactory(), PREFIX);
    }

    @Override
    protected ChordStore createChordStore(Broker broker, EnvelopeCodec codec) {
        return new RedisChordStore(RedisTestServer.connectionFactory(), PREFIX);
    }

    @Test
    void afterAChordRanNoCanvasKeyIsLeftWithoutATimeToLive() {
        ChordHandle chord = this.canvas.chord(List.of(Signature.of("cv.echo", 1), Signature.of("cv.echo", 2)),
                Signature.of("cv.body"), null);
        assertThat(chord.result(Duration.ofSeconds(60))).isEqualTo(3);

        StringRedisTemplate redis = StemTemplates.of(RedisTestServer.connectionFactory());
        Set<String> keys = redis.keys(PREFIX + ":{c:*");
        assertThat(keys).isNotEmpty();
        assertThat(keys).allSatisfy(key -> assertThat(redis.getExpire(key)).as("time to live of %s", key).isPositive());
    }

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.cleanUp(PREFIX);
    }
}

package dev.stem.redis;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.canvas.ChordStore;
import dev.stem.contract.ChordCrashContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.redis.support.StemTemplates;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;

/// Chords across killed worker processes on a real Redis server; afterwards no chord key is left
/// without a time to live.
@RequiresRedis
class RedisChordCrashTests extends ChordCrashContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.cleanUp(PREFIX);
    }

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
    protected ChordStore createChordStore(Broker broker, EnvelopeCodec codec) {
        return new RedisChordStore(RedisTestServer.connectionFactory(), PREFIX);
    }

    @Override
    protected Class<?> workerMainClass() {
        return RedisChordCrashTestWorker.class;
    }

    @Override
    protected List<String> workerJvmArguments() {
        return List.of("-D" + RedisCrashTestWorker.URL_PROPERTY + "=" + RedisTestServer.url(),
                "-D" + RedisCrashTestWorker.PREFIX_PROPERTY + "=" + PREFIX);
    }

    @Override
    protected void assertStoreAfterRun() {
        StringRedisTemplate redis = StemTemplates.of(RedisTestServer.connectionFactory());
        Set<String> keys = redis.keys(PREFIX + ":{c:*");
        assertThat(keys).isNotEmpty();
        assertThat(keys).allSatisfy(key -> assertThat(redis.getExpire(key)).as("time to live of %s", key).isPositive());
    }
}

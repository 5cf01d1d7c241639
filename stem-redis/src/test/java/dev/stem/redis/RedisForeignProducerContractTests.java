package dev.stem.redis;

import java.time.Clock;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.contract.ForeignProducerContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The promises to a foreign producer on Redis: the envelope is `XADD`ed to the stream of priority 0
/// with the one field `payload`, as `docs/redis.md` tells a producer in another language.
@RequiresRedis
class RedisForeignProducerContractTests extends ForeignProducerContractTests {

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
    protected void writeAsForeignProducer(String queue, String messageId, String json) {
        new StringRedisTemplate(RedisTestServer.connectionFactory()).opsForStream()
                .add(PREFIX + ":{q:" + queue + "}:stream:0", Map.of("payload", json));
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.deleteKeys(RedisTestServer.connectionFactory(), PREFIX);
    }
}

package dev.stem.redis;

import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.contract.CancelContractTests;
import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The cancel contract kit on a real Redis server: revokes in Redis, the revoke event over Pub/Sub.
@RequiresRedis
class RedisCancelContractTests extends CancelContractTests {

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

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.cleanUp(PREFIX);
    }
}

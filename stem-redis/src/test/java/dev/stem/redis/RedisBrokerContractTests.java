package dev.stem.redis;

import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.contract.BrokerContractTests;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The broker contract kit against [RedisStreamsBroker] on a real Redis server, with a
/// [RedisResultBackend] and a [RedisRevokeStore] on the same connection factory and prefix, so
/// `storeAndAckAll` runs as one script and `fetch` checks revokes.
@RequiresRedis
class RedisBrokerContractTests extends BrokerContractTests {

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

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.cleanUp(PREFIX);
    }
}

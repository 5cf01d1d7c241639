package dev.stem.redis;

import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.broker.Broker;
import dev.stem.canvas.ChordStore;
import dev.stem.contract.ChordStoreContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The chord store contract kit on [RedisChordStore] and [RedisStreamsBroker] on a real Redis server.
@RequiresRedis
class RedisChordStoreContractTests extends ChordStoreContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected Broker createBroker() {
        return new RedisStreamsBroker(RedisTestServer.connectionFactory(), PREFIX, new EnvelopeCodec(),
                Clock.systemUTC());
    }

    @Override
    protected ChordStore createChordStore(Broker broker, EnvelopeCodec codec) {
        return new RedisChordStore(RedisTestServer.connectionFactory(), PREFIX);
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

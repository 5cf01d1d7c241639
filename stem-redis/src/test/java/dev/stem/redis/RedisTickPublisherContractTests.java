package dev.stem.redis;

import java.time.Clock;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.broker.Broker;
import dev.stem.contract.TickPublisherContractTests;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The tick publisher contract kit against [RedisStreamsBroker] on a real Redis server.
@RequiresRedis
class RedisTickPublisherContractTests extends TickPublisherContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected Broker createBroker() {
        return new RedisStreamsBroker(RedisTestServer.connectionFactory(), PREFIX, new EnvelopeCodec(),
                Clock.systemUTC());
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

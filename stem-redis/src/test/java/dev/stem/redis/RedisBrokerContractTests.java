package dev.stem.redis;

import java.time.Clock;

import org.junit.jupiter.api.AfterAll;

import dev.stem.broker.Broker;
import dev.stem.contract.BrokerContractTests;
import dev.stem.envelope.EnvelopeCodec;

/// The broker contract kit against [RedisStreamsBroker] on a real Redis server.
class RedisBrokerContractTests extends BrokerContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected Broker createBroker() {
        return new RedisStreamsBroker(RedisTestServer.connectionFactory(), PREFIX, new EnvelopeCodec(),
                Clock.systemUTC());
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.deleteKeys(RedisTestServer.connectionFactory(), PREFIX);
    }
}

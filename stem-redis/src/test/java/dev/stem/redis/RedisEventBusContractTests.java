package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.contract.EventBusContractTests;
import dev.stem.control.EventBus;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The event bus contract kit against [RedisEventBus] on a real Redis server.
@RequiresRedis
class RedisEventBusContractTests extends EventBusContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

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

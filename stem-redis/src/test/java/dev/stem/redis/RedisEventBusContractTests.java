package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;

import dev.stem.contract.EventBusContractTests;
import dev.stem.control.EventBus;

/// The event bus contract kit against [RedisEventBus] on a real Redis server.
class RedisEventBusContractTests extends EventBusContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected EventBus createEventBus() {
        return new RedisEventBus(RedisTestServer.connectionFactory(), PREFIX);
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.deleteKeys(RedisTestServer.connectionFactory(), PREFIX);
    }
}

package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.contract.WorkerRegistryContractTests;
import dev.stem.control.WorkerRegistry;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The worker registry contract kit against [RedisWorkerRegistry] on a real Redis server.
@RequiresRedis
class RedisWorkerRegistryContractTests extends WorkerRegistryContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected WorkerRegistry createWorkerRegistry() {
        return new RedisWorkerRegistry(RedisTestServer.connectionFactory(), PREFIX);
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

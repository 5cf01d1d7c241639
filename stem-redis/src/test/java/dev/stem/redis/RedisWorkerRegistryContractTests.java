package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;

import dev.stem.contract.WorkerRegistryContractTests;
import dev.stem.control.WorkerRegistry;

/// The worker registry contract kit against [RedisWorkerRegistry] on a real Redis server.
class RedisWorkerRegistryContractTests extends WorkerRegistryContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected WorkerRegistry createWorkerRegistry() {
        return new RedisWorkerRegistry(RedisTestServer.connectionFactory(), PREFIX);
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.deleteKeys(RedisTestServer.connectionFactory(), PREFIX);
    }
}

package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;

import dev.stem.contract.DistributedLockContractTests;
import dev.stem.control.DistributedLock;

/// The lock contract kit against [RedisDistributedLock] on a real Redis server.
class RedisDistributedLockContractTests extends DistributedLockContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected DistributedLock createLock() {
        return new RedisDistributedLock(RedisTestServer.connectionFactory(), PREFIX);
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.deleteKeys(RedisTestServer.connectionFactory(), PREFIX);
    }
}

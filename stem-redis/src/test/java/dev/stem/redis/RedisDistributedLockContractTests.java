package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.contract.DistributedLockContractTests;
import dev.stem.control.DistributedLock;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The lock contract kit against [RedisDistributedLock] on a real Redis server.
@RequiresRedis
class RedisDistributedLockContractTests extends DistributedLockContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected DistributedLock createLock() {
        return new RedisDistributedLock(RedisTestServer.connectionFactory(), PREFIX);
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

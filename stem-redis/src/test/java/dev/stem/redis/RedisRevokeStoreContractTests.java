package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.contract.RevokeStoreContractTests;
import dev.stem.control.RevokeStore;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The revoke store contract kit against [RedisRevokeStore] on a real Redis server.
@RequiresRedis
class RedisRevokeStoreContractTests extends RevokeStoreContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

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

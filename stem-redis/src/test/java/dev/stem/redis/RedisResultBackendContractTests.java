package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.contract.ResultBackendContractTests;
import dev.stem.backend.ResultBackend;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The result backend contract kit against [RedisResultBackend] on a real Redis server.
@RequiresRedis
class RedisResultBackendContractTests extends ResultBackendContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected ResultBackend createResultBackend() {
        return new RedisResultBackend(RedisTestServer.connectionFactory(), PREFIX);
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

package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;

import dev.stem.contract.ResultBackendContractTests;
import dev.stem.backend.ResultBackend;

/// The result backend contract kit against [RedisResultBackend] on a real Redis server.
class RedisResultBackendContractTests extends ResultBackendContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected ResultBackend createResultBackend() {
        return new RedisResultBackend(RedisTestServer.connectionFactory(), PREFIX);
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.deleteKeys(RedisTestServer.connectionFactory(), PREFIX);
    }
}

package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;

import dev.stem.contract.RateLimiterContractTests;
import dev.stem.control.RateLimiter;

/// The rate limiter contract kit against [RedisRateLimiter] on a real Redis server.
class RedisRateLimiterContractTests extends RateLimiterContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected RateLimiter createRateLimiter() {
        return new RedisRateLimiter(RedisTestServer.connectionFactory(), PREFIX);
    }

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.deleteKeys(RedisTestServer.connectionFactory(), PREFIX);
    }
}

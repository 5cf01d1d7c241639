package dev.stem.redis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import dev.stem.contract.RateLimiterContractTests;
import dev.stem.control.RateLimiter;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// The rate limiter contract kit against [RedisRateLimiter] on a real Redis server.
@RequiresRedis
class RedisRateLimiterContractTests extends RateLimiterContractTests {

    private static final String PREFIX = RedisTestServer.randomPrefix();

    @Override
    protected RateLimiter createRateLimiter() {
        return new RedisRateLimiter(RedisTestServer.connectionFactory(), PREFIX);
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

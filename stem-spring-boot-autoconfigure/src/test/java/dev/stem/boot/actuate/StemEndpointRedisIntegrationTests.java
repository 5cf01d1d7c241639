package dev.stem.boot.actuate;

import org.junit.jupiter.api.AfterEach;

import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// [StemEndpointIntegrationTests] on Redis, under a private key prefix.
@RequiresRedis
class StemEndpointRedisIntegrationTests extends StemEndpointIntegrationTests {

    private final String prefix = RedisTestServer.randomPrefix();

    @Override
    String[] properties(String... more) {
        return TestApplications.redis(this.prefix, more);
    }

    @AfterEach
    void deleteKeys() {
        RedisTestServer.cleanUp(this.prefix);
    }
}

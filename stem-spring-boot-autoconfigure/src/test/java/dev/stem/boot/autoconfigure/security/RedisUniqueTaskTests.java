package dev.stem.boot.autoconfigure.security;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.redis.StemRedisAutoConfiguration;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// [UniqueTaskScenarios] on Redis.
@RequiresRedis
class RedisUniqueTaskTests extends UniqueTaskScenarios {

    private static final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private final String prefix = RedisTestServer.randomPrefix();

    RedisUniqueTaskTests() {
        prefixes.add(this.prefix);
    }

    @AfterAll
    static void deleteKeys() {
        prefixes.forEach(RedisTestServer::cleanUp);
    }

    @Override
    protected ApplicationContextRunner contextRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        StemRedisAutoConfiguration.class, StemAutoConfiguration.class))
                .withPropertyValues("stem.redis.key-prefix=" + this.prefix, "stem.worker.shutdown-timeout=2s",
                        "stem.worker.fetch-wait=200ms", "stem.broker.url=" + RedisTestServer.url());
    }
}

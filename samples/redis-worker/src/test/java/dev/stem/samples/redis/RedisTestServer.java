package dev.stem.samples.redis;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/// The Redis server the smoke test runs against: `STEM_TEST_REDIS_URL` when set; else a
/// Testcontainers `redis:7` container when Docker is available; else the test fails when
/// `STEM_REQUIRE_SERVICES=true` or `CI=true`, and is skipped otherwise.
///
/// @param url the server's `redis://` URL
record RedisTestServer(String url) {

    private static final String URL_VARIABLE = "STEM_TEST_REDIS_URL";

    /// The test server; fails or skips the calling test when there is none.
    static RedisTestServer find() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            return new RedisTestServer(url.trim());
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
            redis.start();
            return new RedisTestServer("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
        }
        String reason = "No Redis server: " + URL_VARIABLE + " is not set and Docker is not available";
        if ("true".equalsIgnoreCase(System.getenv("STEM_REQUIRE_SERVICES"))
                || "true".equalsIgnoreCase(System.getenv("CI"))) {
            Assertions.fail(reason + ", and STEM_REQUIRE_SERVICES or CI requires it");
        }
        return Assumptions.abort(reason + "; skipping the redis-worker smoke test");
    }

    /// Deletes every key that starts with `prefix:` (SCAN + UNLINK).
    void deleteKeys(String prefix) {
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(this.url));
        factory.afterPropertiesSet();
        factory.start();
        try {
            StringRedisTemplate redis = new StringRedisTemplate(factory);
            List<String> keys = new ArrayList<>();
            try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(prefix + ":*").count(1_000)
                    .build())) {
                cursor.forEachRemaining(keys::add);
            }
            if (!keys.isEmpty()) {
                redis.unlink(keys);
            }
        }
        finally {
            factory.destroy();
        }
    }
}

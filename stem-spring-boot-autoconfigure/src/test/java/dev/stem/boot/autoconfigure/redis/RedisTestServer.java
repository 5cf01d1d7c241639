package dev.stem.boot.autoconfigure.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

/// The Redis server the integration tests run against, found once per JVM: `STEM_TEST_REDIS_URL`
/// when set; else a Testcontainers `redis:7` container when Docker is available; else the calling
/// test fails when `STEM_REQUIRE_SERVICES=true` or `CI=true`, and is skipped otherwise. Tests share
/// the server, so each uses a random key prefix and deletes its keys by prefix afterwards.
///
/// @param url the server's `redis://` URL
record RedisTestServer(String url) {

    private static final String URL_VARIABLE = "STEM_TEST_REDIS_URL";

    private static @Nullable RedisTestServer found;

    private static @Nullable String unavailable;

    /// The test server; fails or skips the calling test when there is none.
    static synchronized RedisTestServer get() {
        if (found == null && unavailable == null) {
            resolve();
        }
        if (found == null) {
            boolean required = "true".equalsIgnoreCase(System.getenv("STEM_REQUIRE_SERVICES"))
                    || "true".equalsIgnoreCase(System.getenv("CI"));
            if (required) {
                Assertions.fail(unavailable + ", and STEM_REQUIRE_SERVICES or CI requires it");
            }
            Assumptions.abort(unavailable + "; skipping Redis integration tests");
        }
        return found;
    }

    /// A fresh key prefix such as `stem-boot-test-3f2a9c1e`.
    static String randomPrefix() {
        return "stem-boot-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /// Deletes every key that starts with `prefix:` (SCAN + UNLINK); returns how many.
    long deleteKeys(String prefix) {
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
            return keys.size();
        }
        finally {
            factory.destroy();
        }
    }

    private static void resolve() {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            found = new RedisTestServer(url.trim());
            return;
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
            redis.start();
            found = new RedisTestServer("redis://" + redis.getHost() + ":" + redis.getMappedPort(6379));
            return;
        }
        unavailable = "No Redis server: " + URL_VARIABLE + " is not set and Docker is not available";
    }
}

package dev.stem.redis;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Assumptions;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.utility.DockerImageName;

import io.lettuce.core.RedisURI;

/// The Redis server of the integration tests, resolved once per JVM:
///
/// 1. `STEM_TEST_REDIS_URL` (`redis://` or `rediss://`) when set;
/// 2. else a Testcontainers `redis:7` container when Docker is available;
/// 3. else the test fails when `STEM_REQUIRE_SERVICES=true` or `CI=true`, and is skipped otherwise.
///
/// Test classes share the server, so each uses its own random key prefix and deletes its keys by
/// prefix afterwards; nothing here flushes a database.
final class RedisTestServer {

    private static final String URL_VARIABLE = "STEM_TEST_REDIS_URL";

    private static LettuceConnectionFactory connectionFactory;

    private static String url;

    private static String unavailable;

    private RedisTestServer() {
    }

    /// The shared connection factory, or an aborted (skipped) or failed test when there is no server.
    static synchronized RedisConnectionFactory connectionFactory() {
        if (connectionFactory == null && unavailable == null) {
            connectionFactory = start();
        }
        if (connectionFactory == null) {
            if (Boolean.parseBoolean(System.getenv("STEM_REQUIRE_SERVICES"))
                    || Boolean.parseBoolean(System.getenv("CI"))) {
                throw new IllegalStateException(unavailable + " (required: STEM_REQUIRE_SERVICES or CI is true)");
            }
            Assumptions.abort(unavailable);
        }
        return connectionFactory;
    }

    /// The shared server's `redis://` (or `rediss://`) URL, for a process of its own to connect to;
    /// an aborted (skipped) or failed test when there is no server.
    static synchronized String url() {
        connectionFactory();
        return url;
    }

    /// A started factory of its own on the server at `redisUrl`, for a test that needs separate
    /// connections (or runs in a process of its own); the caller destroys it.
    static LettuceConnectionFactory connect(String redisUrl) {
        return connect(RedisURI.create(redisUrl));
    }

    /// Deletes the keys under `prefix` when a server was found; for `@AfterAll`, which runs even
    /// when `@BeforeAll` skipped the class.
    static void cleanUp(String prefix) {
        if (connectionFactory != null) {
            deleteKeys(connectionFactory, prefix);
        }
    }

    /// A fresh key prefix such as `stem-test-3f2a9c1e`.
    static String randomPrefix() {
        return "stem-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /// Deletes every key that starts with `prefix:` (SCAN + UNLINK); returns how many.
    static long deleteKeys(RedisConnectionFactory factory, String prefix) {
        StringRedisTemplate redis = new StringRedisTemplate(factory);
        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor = redis.scan(ScanOptions.scanOptions().match(prefix + ":*").count(1_000).build())) {
            cursor.forEachRemaining(keys::add);
        }
        for (int from = 0; from < keys.size(); from += 500) {
            redis.unlink(keys.subList(from, Math.min(keys.size(), from + 500)));
        }
        return keys.size();
    }

    private static LettuceConnectionFactory start() {
        String variable = System.getenv(URL_VARIABLE);
        if (variable != null && !variable.isBlank()) {
            url = variable.trim();
            return connect(RedisURI.create(url));
        }
        if (DockerClientFactory.instance().isDockerAvailable()) {
            GenericContainer<?> redis = new GenericContainer<>(DockerImageName.parse("redis:7")).withExposedPorts(6379);
            redis.start();
            url = "redis://" + redis.getHost() + ":" + redis.getMappedPort(6379);
            return connect(RedisURI.create(url));
        }
        unavailable = "No Redis for integration tests: " + URL_VARIABLE + " is not set and Docker is not available";
        return null;
    }

    private static LettuceConnectionFactory connect(RedisURI uri) {
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
        if (uri.isSsl()) {
            client.useSsl();
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(uri), client.build());
        factory.afterPropertiesSet();
        factory.start();
        Runtime.getRuntime().addShutdownHook(new Thread(factory::destroy, "redis-test-server-shutdown"));
        return factory;
    }
}

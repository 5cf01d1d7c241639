package dev.stem.test.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/// The Redis server of integration tests, found once per JVM:
///
/// 1. `STEM_TEST_REDIS_URL` (`redis://` or `rediss://`) when set; a server that does not answer
///    there fails the test, as the URL was given on purpose;
/// 2. else a Redis answering on `redis://127.0.0.1:6379` (unless `STEM_TEST_NO_DEFAULTS=true`);
/// 3. else a Testcontainers `redis:7` container when Docker is available;
/// 4. else none: a test class annotated [RequiresRedis] is skipped with the reason (failed when
///    [TestServerPolicy#servicesRequired()]), and the methods here abort or fail the calling test.
///
/// Test classes share the server, so each uses its own [#randomPrefix()] and deletes its keys with
/// [#cleanUp(String)] afterwards; nothing here flushes a database.
public final class RedisTestServer {

    /// The variable naming the server.
    public static final String URL_VARIABLE = "STEM_TEST_REDIS_URL";

    /// The server tried when the variable is unset.
    public static final String DEFAULT_URL = "redis://127.0.0.1:6379";

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);

    private static @Nullable String url;

    private static @Nullable String unavailable;

    private static @Nullable LettuceConnectionFactory shared;

    private RedisTestServer() {
    }

    /// Why there is no server, or `null` when there is one; looks it up on the first call.
    ///
    /// @throws IllegalStateException when `STEM_TEST_REDIS_URL` is set and nothing answers there
    public static synchronized @Nullable String unavailableReason() {
        if (url == null && unavailable == null) {
            resolve();
        }
        return unavailable;
    }

    /// The server's `redis://` (or `rediss://`) URL, for a client or a process of its own; aborts
    /// (skips) or fails the calling test when there is no server.
    public static synchronized String url() {
        String reason = unavailableReason();
        if (reason != null) {
            TestServerPolicy.unavailable(reason);
        }
        return Objects.requireNonNull(url);
    }

    /// A started connection factory on the server shared by every caller in this JVM; it is
    /// destroyed when the JVM exits. Aborts (skips) or fails the calling test when there is no server.
    public static synchronized RedisConnectionFactory connectionFactory() {
        if (shared == null) {
            shared = connect(url());
            LettuceConnectionFactory factory = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(factory::destroy, "redis-test-server-shutdown"));
        }
        return shared;
    }

    /// A started connection factory of its own on the server at `redisUrl`, for a test that needs
    /// separate connections; the caller destroys it.
    public static LettuceConnectionFactory connect(String redisUrl) {
        RedisURI uri = RedisURI.create(redisUrl);
        LettuceClientConfiguration.LettuceClientConfigurationBuilder client = LettuceClientConfiguration.builder();
        if (uri.isSsl()) {
            client.useSsl();
        }
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                LettuceConnectionFactory.createRedisConfiguration(uri), client.build());
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    /// A fresh key prefix such as `stem-test-3f2a9c1e`.
    public static String randomPrefix() {
        return "stem-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /// Deletes the keys under `prefix` when a server was found, and does nothing otherwise: for an
    /// `@AfterAll` or `@AfterEach` that runs even when the lookup skipped the test.
    public static void cleanUp(String prefix) {
        synchronized (RedisTestServer.class) {
            if (url == null) {
                return;
            }
        }
        deleteKeys(connectionFactory(), prefix);
    }

    /// Deletes every key of `factory`'s server that starts with `prefix:` (SCAN + UNLINK); returns how many.
    public static long deleteKeys(RedisConnectionFactory factory, String prefix) {
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

    private static void resolve() {
        String variable = TestServerPolicy.setting(URL_VARIABLE);
        if (variable != null) {
            String failure = ping(variable);
            if (failure != null) {
                throw new IllegalStateException(URL_VARIABLE + " is set, but no Redis answers there: " + failure);
            }
            url = variable;
            return;
        }
        String defaultFailure = "not tried, " + TestServerPolicy.NO_DEFAULTS + " is true";
        if (TestServerPolicy.defaultPortsAllowed()) {
            defaultFailure = ping(DEFAULT_URL);
            if (defaultFailure == null) {
                url = DEFAULT_URL;
                return;
            }
        }
        String docker = Docker.unavailableReason();
        if (docker == null) {
            url = RedisContainer.start();
            return;
        }
        unavailable = "No Redis for integration tests: " + URL_VARIABLE + " is not set, " + DEFAULT_URL + " "
                + defaultFailure + ", and " + docker;
    }

    /// `null` when a Redis answers PING at `redisUrl`, else what went wrong (without a password).
    private static @Nullable String ping(String redisUrl) {
        RedisURI uri;
        try {
            uri = RedisURI.create(redisUrl);
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalStateException(URL_VARIABLE + " is not a redis:// URL: " + ex.getMessage(), ex);
        }
        uri.setTimeout(PROBE_TIMEOUT);
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().ping();
            return null;
        }
        catch (RuntimeException ex) {
            return "does not answer (" + ex.getClass().getSimpleName() + " on " + uri.getHost() + ":"
                    + uri.getPort() + ")";
        }
        finally {
            client.shutdown(Duration.ZERO, PROBE_TIMEOUT);
        }
    }
}

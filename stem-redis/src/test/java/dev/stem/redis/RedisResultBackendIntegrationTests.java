package dev.stem.redis;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Redis-specific behaviour of [RedisResultBackend]: waiting rides on Pub/Sub, and every key it
/// writes expires.
@RequiresRedis
class RedisResultBackendIntegrationTests {

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> NUMSUB = RedisScript.of(
            "return redis.call('PUBSUB', 'NUMSUB', ARGV[1])", List.class);

    private RedisConnectionFactory connectionFactory;

    private StringRedisTemplate redis;

    private String prefix;

    private RedisResultBackend backend;

    @BeforeAll
    static void requireRedis() {
        RedisTestServer.connectionFactory();
    }

    @BeforeEach
    void setUp() {
        this.connectionFactory = RedisTestServer.connectionFactory();
        this.redis = new StringRedisTemplate(this.connectionFactory);
        this.prefix = RedisTestServer.randomPrefix();
        this.backend = new RedisResultBackend(this.connectionFactory, this.prefix);
    }

    @AfterEach
    void tearDown() {
        this.backend.close();
        RedisTestServer.deleteKeys(this.connectionFactory, this.prefix);
    }

    @Test
    void awaitListensOnTheTaskChannelWhileItWaits() throws Exception {
        String channel = this.prefix + ":result-done:t1";
        CompletableFuture<Optional<TaskResult>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return this.backend.await("t1", Duration.ofSeconds(10));
            }
            catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> subscribers(channel) == 1);

        TaskResult done = result("t1", TaskState.SUCCESS);
        this.backend.store(done, Duration.ofMinutes(1));

        assertThat(waiting.get(5, TimeUnit.SECONDS)).contains(done);
        await().atMost(Duration.ofSeconds(5)).until(() -> subscribers(channel) == 0);
    }

    @Test
    void everyKeyWrittenExpires() {
        this.backend.store(result("t1", TaskState.STARTED), Duration.ofMinutes(1));
        this.backend.initGroup("g1", 2, Duration.ofMinutes(1));
        this.backend.completeGroupMember("g1", "t1", true);
        this.backend.completeGroupMember("g1", "t2", false);
        assertThat(this.backend.claimGroupCallback("g1")).isTrue();
        assertThat(this.backend.claimGroupCallback("unknown")).isTrue();

        List<String> keys = new ArrayList<>();
        try (Cursor<String> cursor = this.redis.scan(ScanOptions.scanOptions().match(this.prefix + ":*").build())) {
            cursor.forEachRemaining(keys::add);
        }
        assertThat(keys).hasSize(6).allSatisfy(key -> assertThat(this.redis.getExpire(key)).as(key).isPositive());
    }

    private long subscribers(String channel) {
        List<?> reply = this.redis.execute(NUMSUB, List.of(), channel);
        return ((Number) reply.get(1)).longValue();
    }

    private static TaskResult result(String id, TaskState state) {
        return new TaskResult(id, "test.task", state, null, null, Map.of(), 0,
                Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }
}

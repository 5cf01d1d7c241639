package dev.stem.boot.autoconfigure.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.Cursor;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.redis.StemRedisAutoConfiguration;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// [MessageIntegrityScenarios] on Redis: stream entries are rewritten with XDEL and XADD.
@RequiresRedis
class RedisMessageIntegrityTests extends MessageIntegrityScenarios {

    private static final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private final String prefix = RedisTestServer.randomPrefix();

    RedisMessageIntegrityTests() {
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
                        StemRedisAutoConfiguration.class, StemAutoConfiguration.class,
                        StemSecurityAutoConfiguration.class))
                .withPropertyValues("stem.redis.key-prefix=" + this.prefix, "stem.worker.shutdown-timeout=2s",
                        "stem.worker.fetch-wait=200ms", "stem.broker.url=" + RedisTestServer.url());
    }

    @Override
    protected StoredMessages stored() {
        StringRedisTemplate redis = new StringRedisTemplate(RedisTestServer.connectionFactory());
        return new StoredMessages() {

            @Override
            public List<String> all() {
                List<String> payloads = new ArrayList<>();
                for (String stream : streams(redis)) {
                    for (MapRecord<String, Object, Object> entry : redis.opsForStream().range(stream, Range.unbounded())) {
                        payloads.add(String.valueOf(entry.getValue().get("payload")));
                    }
                }
                return payloads;
            }

            @Override
            public void rewrite(String messageId, UnaryOperator<String> change) {
                for (String stream : streams(redis)) {
                    for (MapRecord<String, Object, Object> entry : redis.opsForStream().range(stream, Range.unbounded())) {
                        String payload = String.valueOf(entry.getValue().get("payload"));
                        if (payload.contains("\"id\":\"" + messageId + "\"")) {
                            redis.opsForStream().delete(stream, entry.getId());
                            redis.opsForStream().add(StreamRecords.newRecord().in(stream)
                                    .ofMap(Map.of("payload", change.apply(payload))));
                            return;
                        }
                    }
                }
                throw new AssertionError("no stored message " + messageId);
            }

            @Override
            public String result(String taskId) {
                return String.valueOf(redis.opsForHash().get(resultKey(taskId), "record"));
            }

            @Override
            public void rewriteResult(String taskId, UnaryOperator<String> change) {
                redis.opsForHash().put(resultKey(taskId), "record", change.apply(result(taskId)));
            }
        };
    }

    private String resultKey(String taskId) {
        return this.prefix + ":result:" + taskId;
    }

    private List<String> streams(StringRedisTemplate redis) {
        List<String> streams = new ArrayList<>();
        try (Cursor<String> keys = redis.scan(ScanOptions.scanOptions().match(this.prefix + ":*").count(1000).build())) {
            keys.forEachRemaining(key -> {
                if (redis.type(key) == DataType.STREAM) {
                    streams.add(key);
                }
            });
        }
        return streams;
    }
}

package dev.stem.boot.autoconfigure.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.redis.StemRedisAutoConfiguration;
import dev.stem.redis.support.RedisKeys;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

/// [HostileInputScenarios] on Redis: stream entries added with XADD, one with invalid UTF-8.
@RequiresRedis
class RedisHostileInputTests extends HostileInputScenarios {

    private static final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private final String prefix = RedisTestServer.randomPrefix();

    RedisHostileInputTests() {
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

    private String stream() {
        return new RedisKeys(this.prefix).queue("default").stream(0);
    }

    @Override
    protected void write(AssertableApplicationContext context, String payload) {
        new StringRedisTemplate(RedisTestServer.connectionFactory()).opsForStream()
                .add(StreamRecords.newRecord().in(stream()).ofMap(Map.of("payload", payload)));
    }

    @Override
    protected int writeStoreSpecific(AssertableApplicationContext context) {
        byte[] prefix = "{\"v\":1,\"id\":\"bad-utf8\",\"task\":\"fuzz.sink\",\"args\":{\"n\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] suffix = "\"}}".getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[prefix.length + 3 + suffix.length];
        System.arraycopy(prefix, 0, payload, 0, prefix.length);
        payload[prefix.length] = (byte) 0xff;
        payload[prefix.length + 1] = (byte) 0xfe;
        payload[prefix.length + 2] = (byte) 0xc3;
        System.arraycopy(suffix, 0, payload, prefix.length + 3, suffix.length);
        try (RedisConnection connection = RedisTestServer.connectionFactory().getConnection()) {
            connection.streamCommands().xAdd(StreamRecords.rawBytes(Map.of("payload".getBytes(StandardCharsets.UTF_8),
                    payload)).withStreamKey(stream().getBytes(StandardCharsets.UTF_8)));
        }
        return 1;
    }
}

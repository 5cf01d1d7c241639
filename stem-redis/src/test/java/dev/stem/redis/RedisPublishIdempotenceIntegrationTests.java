package dev.stem.redis;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.redis.support.RedisKeys;
import dev.stem.test.server.PrivateRedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/// Publishing is idempotent by message id: with the producer's connections killed every 200 ms
/// (`CLIENT KILL TYPE normal`) while it enqueues one message at a time, retrying each failed
/// publish, every message is stored exactly once, although Lettuce re-sends the commands that were
/// in flight when a connection dropped.
class RedisPublishIdempotenceIntegrationTests {

    private static final int MESSAGES = 3_000;

    private static final String PREFIX = "stem-idempotent";

    private static final EnvelopeCodec CODEC = new EnvelopeCodec();

    @TempDir
    Path folder;

    private PrivateRedisServer server;

    private final List<LettuceConnectionFactory> factories = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        this.factories.forEach(LettuceConnectionFactory::destroy);
        if (this.server != null) {
            this.server.close();
        }
    }

    @Test
    void connectionsKilledDuringEnqueuesLeaveExactlyOneMessagePerId() throws Exception {
        this.server = PrivateRedisServer.start(this.folder);
        LettuceConnectionFactory producer = connect();
        LettuceConnectionFactory killer = connect();
        RedisStreamsBroker broker = new RedisStreamsBroker(producer, PREFIX, CODEC, Clock.systemUTC());
        AtomicBoolean killing = new AtomicBoolean(true);
        StringRedisTemplate killerRedis = new StringRedisTemplate(killer);
        Thread killerThread = Thread.ofPlatform().name("client-killer").start(() -> {
            while (killing.get()) {
                try {
                    Thread.sleep(200);
                    killerRedis.execute((RedisCallback<Object>) connection -> connection.execute("CLIENT",
                            bytes("KILL"), bytes("TYPE"), bytes("normal"), bytes("SKIPME"), bytes("yes")));
                }
                catch (InterruptedException ex) {
                    return;
                }
                catch (RuntimeException ex) {
                    // a failed round is tried again at the next tick
                }
            }
        });

        List<Envelope> sent = IntStream.range(0, MESSAGES)
                .mapToObj(i -> Envelope.builder("test.task").queue("q1").build()).toList();
        int failed = 0;
        try {
            for (Envelope envelope : sent) {
                while (true) {
                    try {
                        broker.publish(envelope);
                        break;
                    }
                    catch (RuntimeException ex) {
                        failed++;
                    }
                }
            }
        }
        finally {
            killing.set(false);
            killerThread.join(10_000);
        }

        Map<String, Integer> stored = new HashMap<>();
        StringRedisTemplate redis = new StringRedisTemplate(producer);
        String stream = new RedisKeys(PREFIX).queue("q1").stream(0);
        for (MapRecord<String, Object, Object> entry : redis.opsForStream().range(stream, Range.unbounded())) {
            stored.merge(CODEC.decode(String.valueOf(entry.getValue().get("payload"))).id(), 1, Integer::sum);
        }
        long connections = Long.parseLong(redis.execute((RedisCallback<Properties>) connection ->
                connection.serverCommands().info("stats")).getProperty("total_connections_received"));
        System.out.printf("idempotent publish: %d messages, %d connections made to the server, %d publishes failed "
                + "and were retried, %d stream entries%n", MESSAGES, connections, failed,
                stored.values().stream().mapToInt(Integer::intValue).sum());
        assertThat(connections).as("connections made: the killed ones were made again").isGreaterThan(10);
        assertThat(stored).as("stream entries per message id").hasSize(MESSAGES).allSatisfy(
                (id, count) -> assertThat(count).as("entries of %s", id).isEqualTo(1));
        assertThat(stored.keySet()).containsExactlyInAnyOrderElementsOf(sent.stream().map(Envelope::id).toList());
    }

    private LettuceConnectionFactory connect() {
        LettuceConnectionFactory factory = PrivateRedisConnections.connect(this.server, Duration.ofSeconds(2));
        this.factories.add(factory);
        return factory;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.stem.redis;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.broker.BrokerFullException;
import dev.stem.broker.BrokerUnavailableException;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.PrivateRedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/// What a caller sees when Redis cannot take a message: a full Redis (`maxmemory` with
/// `noeviction`) makes a publish throw [BrokerFullException], a Redis that is down
/// [BrokerUnavailableException], each naming the server. And what [RedisServerCheck] reads from a
/// server whose eviction policy can lose jobs, or that refuses `CONFIG GET`.
class RedisServerLimitsIntegrationTests {

    private static final String PREFIX = "stem-limits";

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
    void aFullRedisMakesPublishThrowBrokerFull() throws Exception {
        this.server = PrivateRedisServer.start(this.folder, List.of("--maxmemory", "3mb"));
        RedisStreamsBroker broker = broker(Duration.ofSeconds(5));
        String big = "x".repeat(50_000);

        assertThatExceptionOfType(BrokerFullException.class).isThrownBy(() -> {
            for (int i = 0; i < 1_000; i++) {
                broker.publish(Envelope.builder("test.task").queue("q1")
                        .args(JsonNodeFactory.instance.arrayNode().add(big)).build());
            }
        }).withMessageContaining("127.0.0.1:" + this.server.port()).withMessageContaining("out of memory")
                .withMessageContaining("publish message");
    }

    @Test
    void aRedisThatIsDownMakesPublishThrowBrokerUnavailable() throws Exception {
        this.server = PrivateRedisServer.start(this.folder);
        RedisStreamsBroker broker = broker(Duration.ofSeconds(1));
        broker.publish(Envelope.builder("test.task").queue("q1").build());
        this.server.kill();

        assertThatExceptionOfType(BrokerUnavailableException.class)
                .isThrownBy(() -> broker.publish(Envelope.builder("test.task").queue("q1").build()))
                .withMessageContaining("127.0.0.1:" + this.server.port()).withMessageContaining("publish message");
    }

    @Test
    void theCheckNamesAnEvictingPolicy() throws Exception {
        this.server = PrivateRedisServer.start(this.folder, List.of("--maxmemory-policy", "allkeys-lru"));

        RedisServerCheck check = RedisServerCheck.of(connect(Duration.ofSeconds(5)));

        assertThat(check.maxmemoryPolicy()).isEqualTo("allkeys-lru");
        assertThat(check.evictsKeys()).isTrue();
        assertThat(check.problems()).anySatisfy(problem -> assertThat(problem).contains("allkeys-lru"));
    }

    @Test
    void theCheckSaysWhenTheServerRefusesConfigGet() throws Exception {
        this.server = PrivateRedisServer.start(this.folder, List.of("--rename-command", "CONFIG", ""));

        RedisServerCheck check = RedisServerCheck.of(connect(Duration.ofSeconds(5)));

        assertThat(check.maxmemoryPolicy()).isNull();
        assertThat(check.evictsKeys()).isFalse();
        assertThat(check.problems()).anySatisfy(problem -> assertThat(problem).contains("could not check"));
    }

    private RedisStreamsBroker broker(Duration commandTimeout) {
        return new RedisStreamsBroker(connect(commandTimeout), PREFIX, new EnvelopeCodec(), Clock.systemUTC());
    }

    private LettuceConnectionFactory connect(Duration commandTimeout) {
        LettuceConnectionFactory factory = PrivateRedisConnections.connect(this.server, commandTimeout);
        this.factories.add(factory);
        return factory;
    }
}

package dev.stem.boot.autoconfigure.redis;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.test.server.PrivateRedisServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNoException;

/// [StemRedisServerCheck] against private `redis-server` processes: an evicting policy fails the
/// start unless allowed, a refused `CONFIG GET` is said plainly, an unreachable server is no reason
/// to fail.
@ExtendWith(OutputCaptureExtension.class)
class StemRedisServerCheckTests {

    @TempDir
    Path folder;

    private final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable closeable : this.closeables.reversed()) {
            closeable.close();
        }
    }

    @Test
    void anEvictingPolicyFailsTheStartUnlessAllowed(CapturedOutput output) throws Exception {
        LettuceConnectionFactory factory = connect(server("--maxmemory-policy", "allkeys-lru"));

        assertThatIllegalStateException()
                .isThrownBy(() -> new StemRedisServerCheck(Map.of("broker", factory), false).checkAll())
                .withMessageContaining("allkeys-lru").withMessageContaining("stem.redis.allow-evicting-policy=true");

        assertThatNoException().isThrownBy(() -> new StemRedisServerCheck(Map.of("broker", factory), true).checkAll());
        assertThat(output).contains("maxmemory-policy is 'allkeys-lru'");
    }

    @Test
    void aWorkerApplicationOnAnEvictingRedisDoesNotStart() throws Exception {
        PrivateRedisServer server = server("--maxmemory-policy", "allkeys-lru");
        ApplicationContextRunner runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        StemRedisAutoConfiguration.class, StemAutoConfiguration.class))
                .withPropertyValues("stem.broker.url=" + server.url());

        runner.run(context -> assertThat(context).hasFailed().getFailure()
                .hasStackTraceContaining("maxmemory-policy 'allkeys-lru'"));
        runner.withPropertyValues("stem.redis.allow-evicting-policy=true")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aRefusedConfigGetIsSaidOnceAndPlainly(CapturedOutput output) throws Exception {
        LettuceConnectionFactory factory = connect(server("--rename-command", "CONFIG", ""));

        new StemRedisServerCheck(Map.of("broker", factory), false).checkAll();

        assertThat(output).containsOnlyOnce("could not check maxmemory-policy");
    }

    @Test
    void anUnreachableServerDoesNotFailTheStart(CapturedOutput output) {
        LettuceConnectionFactory factory = track(new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", 1)));
        factory.afterPropertiesSet();
        factory.start();

        new StemRedisServerCheck(Map.of("broker", factory), false).checkAll();

        assertThat(output).contains("Could not check the Redis server of the Stem broker");
    }

    private PrivateRedisServer server(String... settings) throws Exception {
        Path data = Files.createDirectories(this.folder.resolve("redis-" + this.closeables.size()));
        PrivateRedisServer server = PrivateRedisServer.start(data, List.of(settings));
        this.closeables.add(server);
        return server;
    }

    private LettuceConnectionFactory connect(PrivateRedisServer server) {
        LettuceConnectionFactory factory = track(new LettuceConnectionFactory(
                new RedisStandaloneConfiguration("127.0.0.1", server.port())));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    private LettuceConnectionFactory track(LettuceConnectionFactory factory) {
        this.closeables.add(factory::destroy);
        return factory;
    }
}

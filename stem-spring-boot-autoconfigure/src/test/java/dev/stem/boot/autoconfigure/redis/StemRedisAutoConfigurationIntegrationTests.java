package dev.stem.boot.autoconfigure.redis;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.broker.Broker;
import dev.stem.client.TaskHandle;
import dev.stem.redis.RedisStreamsBroker;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The Redis auto-configuration against a real server (see [RedisTestServer]): a `@StemTask` runs
/// end to end through Redis on a connection built from `stem.broker.url`, and on the application's
/// own connection from `spring.data.redis.url` with `stem.broker.type=redis`. Each test uses a
/// random key prefix of its own; its keys are deleted afterwards.
@RequiresRedis
@ExtendWith(OutputCaptureExtension.class)
class StemRedisAutoConfigurationIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private static final Set<String> prefixes = ConcurrentHashMap.newKeySet();

    private final String prefix = RedisTestServer.randomPrefix();

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemRedisAutoConfiguration.class,
                    StemAutoConfiguration.class))
            .withPropertyValues("stem.redis.key-prefix=" + this.prefix, "stem.worker.shutdown-timeout=2s",
                    "stem.worker.fetch-wait=200ms")
            .withUserConfiguration(MathTasks.class);

    StemRedisAutoConfigurationIntegrationTests() {
        prefixes.add(this.prefix);
    }

    @AfterAll
    static void deleteKeys() {
        prefixes.forEach(RedisTestServer::cleanUp);
    }

    @Test
    void brokerUrlRunsATaskEndToEndThroughRedis(CapturedOutput output) {
        this.contextRunner.withPropertyValues("stem.broker.url=" + RedisTestServer.url()).run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(RedisConnectionFactory.class);
            assertThat(context).getBean(Broker.class).isInstanceOf(RedisStreamsBroker.class);

            TaskHandle<Object> handle = context.getBean(Stem.class).enqueue("math.add", Map.of("a", 2, "b", 3));

            assertThat(handle.result(WAIT)).isEqualTo(5);
            StringRedisTemplate redis = new StringRedisTemplate(
                    context.getBean(StemRedisConnections.class).broker());
            assertThat(redis.hasKey(this.prefix + ":result:" + handle.id())).isTrue();
            await().atMost(WAIT).untilAsserted(() -> assertThat(output)
                    .contains("Redis server of the Stem broker: version "));
        });
    }

    @Test
    void brokerTypeRedisReusesTheApplicationsConnection() {
        this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                .withPropertyValues("stem.broker.type=redis", "spring.data.redis.url=" + RedisTestServer.url())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    RedisConnectionFactory application = context.getBean(RedisConnectionFactory.class);
                    assertThat(context.getBean(StemRedisConnections.class).broker()).isSameAs(application);

                    TaskHandle<Object> handle = context.getBean(Stem.class)
                            .enqueue("math.add", Map.of("a", 40, "b", 2));

                    assertThat(handle.result(WAIT)).isEqualTo(42);
                    assertThat(context.getBean(StringRedisTemplate.class)
                            .hasKey(this.prefix + ":result:" + handle.id())).isTrue();
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class MathTasks {

        @StemTask(name = "math.add")
        public int add(int a, int b) {
            return a + b;
        }
    }
}

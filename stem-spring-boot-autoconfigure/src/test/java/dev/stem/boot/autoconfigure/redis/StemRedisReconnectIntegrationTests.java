package dev.stem.boot.autoconfigure.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.test.server.PrivateRedisServer;

import static org.assertj.core.api.Assertions.assertThat;

/// After a Redis restart, work resumes within about a second of the server answering again, on
/// Stem's own connection (`stem.broker.url`) and on the application's (`spring.data.redis.url`):
/// a private server ([PrivateRedisServer]) is killed for long enough that Lettuce's default
/// backoff would have grown to several seconds, started again on the same port, and a task
/// enqueued once it answers must have its result within 2 s (the bounded reconnect delay of at
/// most 1 s plus the round trip; an upper bound, not a speed).
class StemRedisReconnectIntegrationTests {

    private static final Duration OUTAGE = Duration.ofSeconds(10);

    private static final Duration RESUMED_WITHIN = Duration.ofSeconds(2);

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemRedisAutoConfiguration.class,
                    StemAutoConfiguration.class))
            .withPropertyValues("stem.redis.check-server=false", "stem.worker.shutdown-timeout=2s",
                    "stem.worker.fetch-wait=200ms")
            .withUserConfiguration(MathTasks.class);

    @Test
    void workResumesOnStemsOwnConnectionWithinTwoSecondsOfRedisAnswering(@TempDir Path folder) throws Exception {
        try (PrivateRedisServer redis = PrivateRedisServer.start(folder)) {
            this.contextRunner.withPropertyValues("stem.broker.url=" + redis.url())
                    .run(context -> assertWorkResumesAfterRestart(context.getBean(Stem.class), redis));
        }
    }

    @Test
    void workResumesOnTheApplicationsConnectionWithinTwoSecondsOfRedisAnswering(@TempDir Path folder)
            throws Exception {
        try (PrivateRedisServer redis = PrivateRedisServer.start(folder)) {
            this.contextRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
                    .withPropertyValues("stem.broker.type=redis", "spring.data.redis.url=" + redis.url(),
                            "spring.data.redis.timeout=5s")
                    .run(context -> assertWorkResumesAfterRestart(context.getBean(Stem.class), redis));
        }
    }

    private static void assertWorkResumesAfterRestart(Stem stem, PrivateRedisServer redis) throws Exception {
        assertThat(stem.enqueue("math.add", Map.of("a", 1, "b", 1)).result(Duration.ofSeconds(30))).isEqualTo(2);
        redis.kill();
        Thread.sleep(OUTAGE.toMillis());
        redis.start();
        long answered = System.nanoTime();
        Object result = stem.enqueue("math.add", Map.of("a", 2, "b", 3)).result(RESUMED_WITHIN);
        Duration resumedAfter = Duration.ofNanos(System.nanoTime() - answered);
        assertThat(result).isEqualTo(5);
        assertThat(resumedAfter).as("time from Redis answering again to the next task's result")
                .isLessThanOrEqualTo(RESUMED_WITHIN);
    }

    @Configuration(proxyBeanMethods = false)
    static class MathTasks {

        @StemTask(name = "math.add")
        public int add(int a, int b) {
            return a + b;
        }
    }
}

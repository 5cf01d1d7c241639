package dev.stem.samples.redis;

import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;

/// Runs the sample as its README does, against a real Redis server: a worker, then a producer that
/// enqueues four thumbnail jobs (one delayed, one urgent) and waits for their results. Stem's keys
/// get a random prefix, deleted afterwards.
@RequiresRedis
@ExtendWith(OutputCaptureExtension.class)
class RedisWorkerApplicationTests {

    private final String prefix = "stem-sample-" + UUID.randomUUID().toString().substring(0, 8);

    @AfterEach
    void deleteKeys() {
        RedisTestServer.cleanUp(this.prefix);
    }

    @Test
    @Timeout(60)
    void theProducerEnqueuesThroughRedisAndTheWorkerRunsEveryJob(CapturedOutput output) {
        try (ConfigurableApplicationContext worker = start("worker")) {
            assertThat(worker.isActive()).isTrue();
            try (ConfigurableApplicationContext producer = start("producer", "--sample.images=4",
                    "--sample.await=true")) {
                assertThat(producer.isActive()).isTrue();
            }
        }

        assertThat(output).contains("Enqueued 4 thumbnail jobs in Redis. Queue 'default' now:")
                .contains("1 delayed")
                .contains("progress from worker")
                .contains("Results from the worker:")
                .contains("photo-1.jpg (delayed 3 s)", "SUCCESS -> photo-1.jpg -> 320px thumbnail")
                .contains("photo-4.jpg (urgent)", "SUCCESS -> photo-4.jpg -> 320px thumbnail");
        assertThat(output.getOut().split("SUCCESS -> photo-", -1)).hasSize(5);
    }

    private ConfigurableApplicationContext start(String profile, String... extra) {
        String[] arguments = new String[3 + extra.length];
        arguments[0] = "--spring.profiles.active=" + profile;
        arguments[1] = "--stem.broker.url=" + RedisTestServer.url();
        arguments[2] = "--stem.redis.key-prefix=" + this.prefix;
        System.arraycopy(extra, 0, arguments, 3, extra.length);
        return SpringApplication.run(RedisWorkerApplication.class, arguments);
    }
}

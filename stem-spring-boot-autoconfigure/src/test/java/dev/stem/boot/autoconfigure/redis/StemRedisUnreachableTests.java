package dev.stem.boot.autoconfigure.redis;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.stem.boot.autoconfigure.StemAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// A worker pointed at a Redis that is down starts, and logs one line per fetch retry (not one per
/// fetch thread) naming the server's host and port, never the password.
@ExtendWith(OutputCaptureExtension.class)
class StemRedisUnreachableTests {

    private static final String RETRY = "Fetching from [default] failed";

    @Test
    void aWorkerOnARedisThatIsDownLogsOneLinePerRetryNamingTheEndpoint(CapturedOutput output) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                        StemRedisAutoConfiguration.class, StemAutoConfiguration.class))
                .withPropertyValues("stem.broker.url=redis://stem:s3cret@127.0.0.1:1", "stem.redis.check-server=false",
                        "stem.redis.connect-timeout=200ms", "stem.worker.shutdown-timeout=1s")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    await().atMost(Duration.ofSeconds(30)).until(() -> retryLines(output).size() >= 4);
                    List<String> lines = retryLines(output);
                    assertThat(lines).allSatisfy(line -> assertThat(line).contains("127.0.0.1:1")
                            .doesNotContain("s3cret"));
                    assertThat(lines.stream().filter(line -> line.contains("retrying in 100 ms")))
                            .as("the first retry, which both fetch threads make, is logged once").hasSize(1);
                });
    }

    private static List<String> retryLines(CapturedOutput output) {
        return Arrays.stream(output.getOut().split("\n")).filter(line -> line.contains(RETRY)).toList();
    }
}

package dev.stem.http;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.stem.http.HttpClientSupport.Answer;
import dev.stem.test.server.PrivateRedisServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;

/// With the broker's Redis stopped, enqueue answers 503 with `Retry-After` within the configured
/// command timeout: never a hang, never a silent drop. The Redis server is the test's own.
@RequiresRedis
class StemHttpBrokerDownTests {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(3);

    private static final String TOKEN = "writer-token-0123456789";

    @TempDir
    private Path folder;

    @Test
    void enqueueAnswers503WithRetryAfterWithinTheTimeoutWhileTheBrokerIsDown() throws Exception {
        try (PrivateRedisServer redis = PrivateRedisServer.start(this.folder)) {
            try (ConfigurableApplicationContext context = SpringApplication.run(HttpApiTestApp.class,
                    "--server.port=0", "--stem.http.enabled=true", "--stem.broker.url=" + redis.url(),
                    "--stem.redis.command-timeout=" + COMMAND_TIMEOUT.toMillis() + "ms",
                    "--stem.http.clients.writer.token=" + TOKEN, "--stem.http.clients.writer.scopes=read,write",
                    "--stem.worker.enabled=false")) {
                HttpClientSupport http = new HttpClientSupport(
                        "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort());
                String body = "{\"task\": \"test.add\", \"args\": {\"a\": 1, \"b\": 2}}";
                assertThat(http.post("/stem/api/tasks", TOKEN, body).status()).isEqualTo(202);

                redis.kill();
                long started = System.nanoTime();
                Answer refused = http.post("/stem/api/tasks", TOKEN, body);
                Duration took = Duration.ofNanos(System.nanoTime() - started);

                assertThat(refused.status()).as(refused.body().toString()).isEqualTo(503);
                assertThat(refused.retryAfter()).isEqualTo("5");
                assertThat(refused.contentType()).startsWith("application/problem+json");
                assertThat(took).as("answered within the command timeout, far from a hang")
                        .isLessThan(COMMAND_TIMEOUT.plusSeconds(10));
            }
        }
    }
}

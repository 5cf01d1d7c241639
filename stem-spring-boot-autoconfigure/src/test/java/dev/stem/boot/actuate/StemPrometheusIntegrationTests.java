package dev.stem.boot.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.broker.Broker;
import dev.stem.client.EnqueueOptions;
import dev.stem.envelope.Envelope;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Runs successes, a retry, a dead letter, a revoked and an expired message through a web
/// application on Redis and scrapes `/actuator/prometheus`: the output parses as the Prometheus text
/// format and every meter of the table in `docs/observability.md` is there with the right count.
@RequiresRedis
class StemPrometheusIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final String prefix = RedisTestServer.randomPrefix();

    private ConfigurableApplicationContext context;

    @AfterEach
    void close() {
        if (this.context != null) {
            this.context.close();
        }
        RedisTestServer.cleanUp(this.prefix);
    }

    @Test
    void everyDocumentedMeterIsScrapedWithItsCount() throws Exception {
        this.context = new SpringApplicationBuilder(ObservedApplication.class)
                .properties(TestApplications.redis(this.prefix)).run();
        HttpCalls http = new HttpCalls(((WebServerApplicationContext) this.context).getWebServer().getPort());
        Stem stem = this.context.getBean(Stem.class);

        for (int i = 0; i < 3; i++) {
            stem.enqueue("obs.ok", Map.of("n", i));
        }
        stem.enqueue("obs.flaky", Map.of("key", "k"));
        stem.enqueue("obs.doomed", Map.of("why", "always"));
        stem.enqueue("obs.ok", Map.of("n", 9), EnqueueOptions.builder().countdown(Duration.ofSeconds(1)).build())
                .cancel();
        Instant now = Instant.now();
        this.context.getBean(Broker.class).publish(Envelope.builder("obs.ok")
                .args(JsonMapper.builder().build().valueToTree(Map.of("n", 1))).createdAt(now.minusSeconds(10))
                .expiresAt(now.minusSeconds(5)).build());

        await().atMost(WAIT).untilAsserted(() -> {
            HttpResponse<String> response = http.get("/actuator/prometheus", "text/plain");
            assertThat(response.statusCode()).isEqualTo(200);
            Scrape scrape = new Scrape(PrometheusText.parse(response.body()));
            assertThat(scrape.value("stem_tasks_enqueued_total", "obs.ok")).isEqualTo(4);
            assertThat(scrape.value("stem_tasks_enqueued_total", "obs.flaky")).isEqualTo(1);
            assertThat(scrape.value("stem_tasks_enqueued_total", "obs.doomed")).isEqualTo(1);
            assertThat(scrape.value("stem_tasks_started_total", "obs.ok")).isEqualTo(3);
            assertThat(scrape.value("stem_tasks_started_total", "obs.flaky")).isEqualTo(2);
            assertThat(scrape.value("stem_tasks_started_total", "obs.doomed")).isEqualTo(1);
            assertThat(scrape.value("stem_tasks_succeeded_total", "obs.ok")).isEqualTo(3);
            assertThat(scrape.value("stem_tasks_succeeded_total", "obs.flaky")).isEqualTo(1);
            assertThat(scrape.value("stem_tasks_failed_total", "obs.flaky")).isEqualTo(1);
            assertThat(scrape.value("stem_tasks_failed_total", "obs.doomed")).isEqualTo(1);
            assertThat(scrape.value("stem_tasks_retried_total", "obs.flaky")).isEqualTo(1);
            assertThat(scrape.value("stem_tasks_dead_lettered_total", "obs.doomed", "reason", "max-retries-exceeded"))
                    .isEqualTo(1);
            assertThat(scrape.value("stem_tasks_revoked_total", "obs.ok")).isEqualTo(1);
            assertThat(scrape.value("stem_tasks_expired_total", "obs.ok")).isEqualTo(1);
            assertThat(scrape.value("stem_task_execution_seconds_count", "obs.ok", "outcome", "success")).isEqualTo(3);
            assertThat(scrape.value("stem_task_execution_seconds_count", "obs.flaky", "outcome", "success"))
                    .isEqualTo(1);
            assertThat(scrape.value("stem_task_execution_seconds_count", "obs.flaky", "outcome", "failure"))
                    .isEqualTo(1);
            assertThat(scrape.value("stem_task_execution_seconds_count", "obs.doomed", "outcome", "failure"))
                    .isEqualTo(1);
            assertThat(scrape.has("stem_task_execution_seconds", "quantile", "0.95")).isTrue();
            assertThat(scrape.value("stem_task_queue_wait_seconds_count", "obs.ok")).isEqualTo(3);
            assertThat(scrape.value("stem_task_queue_wait_seconds_count", "obs.flaky")).isEqualTo(2);
            assertThat(scrape.has("stem_task_queue_wait_seconds", "quantile", "0.5")).isTrue();
            assertThat(scrape.queue("stem_queue_messages", "dead")).isEqualTo(1);
            assertThat(scrape.queue("stem_queue_messages", "ready")).isZero();
            assertThat(scrape.has("stem_queue_oldest_ready_age_seconds", "queue", "default")).isTrue();
            assertThat(scrape.has("stem_worker_slots", "state", "busy")).isTrue();
            assertThat(scrape.has("stem_worker_slots", "state", "idle")).isTrue();
            assertThat(scrape.has("stem_worker_prefetch_buffered", null, null)).isTrue();
        });
    }

    /// The samples of one scrape.
    private record Scrape(List<PrometheusText.Sample> samples) {

        double value(String name, String task) {
            return value(name, task, null, null);
        }

        double value(String name, String task, String label, String labelValue) {
            return this.samples.stream().filter(s -> s.name().equals(name) && task.equals(s.labels().get("task"))
                    && "default".equals(s.labels().get("queue"))
                    && (label == null || labelValue.equals(s.labels().get(label))))
                    .mapToDouble(PrometheusText.Sample::value).sum();
        }

        double queue(String name, String state) {
            return this.samples.stream().filter(s -> s.name().equals(name) && "default".equals(s.labels().get("queue"))
                    && state.equals(s.labels().get("state"))).mapToDouble(PrometheusText.Sample::value).sum();
        }

        boolean has(String name, String label, String labelValue) {
            return this.samples.stream().anyMatch(s -> s.name().equals(name)
                    && (label == null || labelValue.equals(s.labels().get(label))));
        }
    }
}

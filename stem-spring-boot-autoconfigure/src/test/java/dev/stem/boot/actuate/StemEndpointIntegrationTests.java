package dev.stem.boot.actuate;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.backend.TaskState;
import dev.stem.client.TaskHandle;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.Schedules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The `stem` endpoint over HTTP against a real store: each read's JSON, the dead-letter filters,
/// one dead letter, a replay through the endpoint that runs the task again (write operations
/// enabled), a purge, and the same writes refused with write operations off (the default).
abstract class StemEndpointIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private ConfigurableApplicationContext context;

    /// The application's properties on this store, plus `more`.
    abstract String[] properties(String... more);

    @AfterEach
    void close() {
        ObservedApplication.Tasks.release.countDown();
        if (this.context != null) {
            this.context.close();
        }
    }

    private HttpCalls start(String... more) {
        ObservedApplication.Tasks.broken.set(true);
        ObservedApplication.Tasks.release = new CountDownLatch(1);
        this.context = new SpringApplicationBuilder(ObservedApplication.class).properties(properties(more)).run();
        this.context.getBean(Schedules.class).add(ScheduleEntry.builder("nightly", "obs.ok").cron("0 0 3 * * *")
                .args(JsonMapper.builder().build().valueToTree(Map.of("n", 5))).build());
        return new HttpCalls(((WebServerApplicationContext) this.context).getWebServer().getPort());
    }

    @Test
    void readsShowQueuesWorkersAndDeadLettersAndWritesAreRefusedByDefault() throws Exception {
        HttpCalls http = start();
        Stem stem = this.context.getBean(Stem.class);
        stem.enqueue("obs.ok", Map.of("n", 1)).result(WAIT);
        TaskHandle<Object> doomed = stem.enqueue("obs.doomed", Map.of("why", "secret-arg"));
        stem.enqueue("obs.slow", Map.of());
        String id = doomed.id();
        await().atMost(WAIT).until(() -> http.getJson("/actuator/stem/deadletters/default").path("total").asLong() == 1);

        JsonNode overview = http.getJson("/actuator/stem");
        assertThat(overview.path("brokerReachable").asBoolean()).isTrue();
        assertThat(overview.path("workers").path("count").asInt()).isEqualTo(1);
        assertThat(overview.path("workers").path("stale").asInt()).isZero();
        assertThat(overview.path("queues").path("deadLetters").asLong()).isEqualTo(1);

        JsonNode queue = http.getJson("/actuator/stem/queues/default");
        assertThat(queue.path("name").asString()).isEqualTo("default");
        assertThat(queue.path("deadLetters").asLong()).isEqualTo(1);
        assertThat(queue.path("consumers").asLong()).isEqualTo(1);
        assertThat(queue.has("oldestReadyAgeSeconds")).isTrue();
        assertThat(http.getJson("/actuator/stem/queues").path("queues").findValuesAsString("name"))
                .contains("default");

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode worker = http.getJson("/actuator/stem/workers").path("workers").get(0);
            assertThat(worker.path("stale").asBoolean()).isFalse();
            assertThat(worker.path("queues").path(0).asString()).isEqualTo("default");
            assertThat(worker.path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
            assertThat(worker.path("version").asString()).isNotEmpty();
            assertThat(worker.path("heartbeatIntervalSeconds").asDouble()).isEqualTo(0.5);
            assertThat(worker.path("running").path(0).path("task").asString()).isEqualTo("obs.slow");
        });
        ObservedApplication.Tasks.release.countDown();

        JsonNode page = http.getJson("/actuator/stem/deadletters/default?limit=10");
        assertThat(page.path("items")).hasSize(1);
        JsonNode letter = page.path("items").get(0);
        assertThat(letter.path("id").asString()).isEqualTo(id);
        assertThat(letter.path("task").asString()).isEqualTo("obs.doomed");
        assertThat(letter.path("reason").path("code").asString()).isEqualTo("max-retries-exceeded");
        assertThat(letter.path("args").asString()).isEqualTo("******");
        assertThat(page.toString()).doesNotContain("secret-arg");
        assertThat(http.getJson("/actuator/stem/deadletters/default?task=obs.ok").path("items")).isEmpty();
        assertThat(http.getJson("/actuator/stem/deadletters/default?reason=max-retries-exceeded").path("items"))
                .hasSize(1);
        assertThat(http.getJson("/actuator/stem/deadletters/default/" + id).path("task").asString())
                .isEqualTo("obs.doomed");
        assertThat(http.get("/actuator/stem/deadletters/default/missing", "application/json").statusCode())
                .isEqualTo(404);
        assertThat(http.get("/actuator/stem/nothing", "application/json").statusCode()).isEqualTo(404);

        JsonNode schedule = http.getJson("/actuator/stem/schedules").path("schedules").path(0);
        assertThat(schedule.path("id").asString()).isEqualTo("nightly");
        assertThat(schedule.path("cron").asString()).isEqualTo("0 0 3 * * *");
        assertThat(schedule.path("enabled").asBoolean()).isTrue();
        assertThat(schedule.path("nextRunAt").asString()).isNotEmpty();
        assertThat(schedule.path("args").asString()).isEqualTo("******");
        assertThat(http.getJson("/actuator/stem/schedules/nightly").path("task").asString()).isEqualTo("obs.ok");
        assertThat(http.post("/actuator/stem/schedules/nightly", "{\"action\":\"disable\"}").statusCode())
                .isIn(404, 405);
        assertThat(http.getJson("/actuator/stem/schedules/nightly").path("enabled").asBoolean()).isTrue();

        HttpResponse<String> replay = http.post("/actuator/stem/deadletters/default", "{\"ids\":\"" + id + "\"}");
        assertThat(replay.statusCode()).isIn(404, 405);
        assertThat(http.delete("/actuator/stem/deadletters/default").statusCode()).isIn(404, 405);
        assertThat(http.getJson("/actuator/stem/deadletters/default").path("total").asLong()).isEqualTo(1);
    }

    @Test
    void replayThroughTheEndpointRunsTheTaskAgainWhenWritesAreEnabled() throws Exception {
        HttpCalls http = start("management.endpoint.stem.access=unrestricted", "stem.actuator.show-args=true");
        Stem stem = this.context.getBean(Stem.class);
        TaskHandle<Object> fixable = stem.enqueue("obs.fixable", Map.of("key", "k1"));
        stem.enqueue("obs.doomed", Map.of("why", "purge me"));
        await().atMost(WAIT).until(() -> http.getJson("/actuator/stem/deadletters/default").path("total").asLong() == 2);
        assertThat(http.getJson("/actuator/stem/deadletters/default/" + fixable.id()).path("args").path("key")
                .asString()).isEqualTo("k1");

        ObservedApplication.Tasks.broken.set(false);
        HttpResponse<String> replay = http.post("/actuator/stem/deadletters/default",
                "{\"ids\":\"" + fixable.id() + "\"}");

        assertThat(replay.statusCode()).as(replay.body()).isEqualTo(200);
        assertThat(HttpCalls.parse(replay.body()).path("replayed").asLong()).isEqualTo(1);
        await().atMost(WAIT).until(() -> fixable.state() == TaskState.SUCCESS);
        assertThat(fixable.result(WAIT)).isEqualTo("fixed k1");
        HttpResponse<String> purge = http.delete("/actuator/stem/deadletters/default");
        assertThat(purge.statusCode()).isEqualTo(200);
        assertThat(HttpCalls.parse(purge.body()).path("purged").asLong()).isEqualTo(1);
        assertThat(http.getJson("/actuator/stem/deadletters/default").path("total").asLong()).isZero();

        HttpResponse<String> disabled = http.post("/actuator/stem/schedules/nightly", "{\"action\":\"disable\"}");
        assertThat(disabled.statusCode()).as(disabled.body()).isEqualTo(200);
        assertThat(HttpCalls.parse(disabled.body()).path("enabled").asBoolean()).isFalse();
        assertThat(http.getJson("/actuator/stem/schedules/nightly").path("enabled").asBoolean()).isFalse();
        assertThat(HttpCalls.parse(http.post("/actuator/stem/schedules/nightly", "{\"action\":\"enable\"}").body())
                .path("enabled").asBoolean()).isTrue();
        HttpResponse<String> run = http.post("/actuator/stem/schedules/nightly", "{\"action\":\"run\"}");
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        String messageId = HttpCalls.parse(run.body()).path("messageId").asString();
        assertThat(stem.handle(messageId, Integer.class).result(WAIT)).isEqualTo(5);
        assertThat(http.post("/actuator/stem/schedules/nightly", "{\"action\":\"explode\"}").statusCode())
                .isEqualTo(400);
        assertThat(http.post("/actuator/stem/schedules/missing", "{\"action\":\"run\"}").statusCode())
                .isEqualTo(404);
    }
}

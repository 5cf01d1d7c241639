package dev.stem.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The worker jar as shipped, on Redis, serves Actuator on its management port: health, liveness,
/// readiness, Prometheus (with Stem's meters) and the `stem` endpoint. Killed with SIGKILL, it
/// shows as stale in the `stem` workers endpoint of another application (the beat jar) once it
/// missed three heartbeats.
class WorkerJarObservabilityIntegrationTests {

    private static final Duration HEARTBEAT = Duration.ofMillis(500);

    private static final JsonMapper json = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    private Path tasks;

    @Test
    void managementPortServesProbesAndPrometheusAndAKilledWorkerTurnsStale() throws Exception {
        TaskJar.writeInto(this.tasks);
        int workerPort = AppJars.freePort();
        int beatPort = AppJars.freePort();
        try (TestStore store = TestStore.open(TestStore.Kind.REDIS)) {
            List<String> workerArguments = new ArrayList<>(store.arguments());
            workerArguments.add("--management.server.port=" + workerPort);
            workerArguments.add("--stem.worker.heartbeat-interval=" + HEARTBEAT.toMillis() + "ms");
            List<String> beatArguments = new ArrayList<>(store.arguments());
            beatArguments.add("--management.server.port=" + beatPort);
            try (AppProcess worker = AppProcess.start("observed-worker", AppJars.logs(), AppProcess.javaJar(
                    AppJars.worker(), List.of("-Dloader.path=" + this.tasks), workerArguments));
                    AppProcess beat = AppProcess.start("observing-beat", AppJars.logs(),
                            AppProcess.javaJar(AppJars.beat(), List.of(), beatArguments))) {
                worker.awaitOutput("Stem worker ready: .*invoice\\.total", AppProcess.START_TIMEOUT);
                try (StemClient client = StemClient.connect(store)) {
                    assertThat(client.stem().enqueue("invoice.total", Map.of("net", 1, "tax", 1))
                            .result(Duration.ofSeconds(60))).isEqualTo(2);
                }
                assertThat(ActuatorHealth.awaitUp(workerPort, worker, Duration.ofSeconds(60))).contains("\"UP\"");
                assertThat(get(workerPort, "/actuator/health/liveness").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                        get(workerPort, "/actuator/health/readiness").statusCode()).isEqualTo(200));
                HttpResponse<String> prometheus = get(workerPort, "/actuator/prometheus");
                assertThat(prometheus.statusCode()).isEqualTo(200);
                assertThat(prometheus.body()).contains("stem_tasks_succeeded_total{queue=\"default\",task=\"invoice.total\"} 1.0")
                        .contains("stem_worker_slots{state=\"idle\"}");

                ActuatorHealth.awaitUp(beatPort, beat, Duration.ofSeconds(60));
                String workerId = workers(beatPort).path(0).path("id").asString();
                assertThat(workers(beatPort).path(0).path("stale").asBoolean()).as(worker.output()).isFalse();
                assertThat(workers(workerPort).path(0).path("id").asString()).isEqualTo(workerId);

                worker.kill();

                await().atMost(HEARTBEAT.multipliedBy(3).plusSeconds(20)).untilAsserted(() -> {
                    JsonNode killed = workers(beatPort).path(0);
                    assertThat(killed.path("id").asString()).isEqualTo(workerId);
                    assertThat(killed.path("stale").asBoolean()).isTrue();
                });
            }
        }
    }

    private JsonNode workers(int port) throws IOException, InterruptedException {
        HttpResponse<String> response = get(port, "/actuator/stem/workers");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body()).path("workers");
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

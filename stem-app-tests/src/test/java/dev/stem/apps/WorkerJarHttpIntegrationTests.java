package dev.stem.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/// `stem-worker-app` as its own process with the HTTP API on (`--stem.http.enabled=true` and a
/// client token), on Redis and on PostgreSQL: a plain HTTP client enqueues `invoice.total` and reads
/// the result back through the API, and `samples/http-producer/producer.py` (Python 3, standard
/// library only) does the same and prints the record.
class WorkerJarHttpIntegrationTests {

    private static final String TOKEN = "ci-token-6f1b0c2d9e8a7f65";

    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");

    @TempDir
    private Path tasks;

    @ParameterizedTest
    @EnumSource(TestStore.Kind.class)
    void enqueuesOverHttpAndReadsTheResultBackThroughTheApi(TestStore.Kind kind) throws Exception {
        TaskJar.writeInto(this.tasks);
        int port = AppJars.freePort();
        try (TestStore store = TestStore.open(kind)) {
            List<String> arguments = new ArrayList<>(store.arguments());
            arguments.addAll(List.of("--management.server.port=" + AppJars.freePort(), "--server.port=" + port,
                    "--stem.http.enabled=true", "--stem.http.clients.ci.token=" + TOKEN,
                    "--stem.http.clients.ci.scopes=read,write"));
            try (AppProcess worker = AppProcess.start("worker-http-" + kind, AppJars.logs(), AppProcess.javaJar(
                    AppJars.worker(), List.of("-Dloader.path=" + this.tasks), arguments))) {
                worker.awaitOutput("Stem worker ready: .*invoice\\.total", AppProcess.START_TIMEOUT);
                HttpClient http = HttpClient.newHttpClient();
                String base = "http://127.0.0.1:" + port + "/stem/api";

                HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/tasks"))
                        .header("Authorization", "Bearer " + TOKEN).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"task\": \"invoice.total\", \"args\": {\"net\": 100, \"tax\": 19}}"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
                Matcher id = ID.matcher(accepted.body());
                assertThat(id.find()).isTrue();
                HttpResponse<String> result = http.send(HttpRequest.newBuilder(
                        URI.create(base + "/tasks/" + id.group(1) + "?waitMs=30000"))
                        .header("Authorization", "Bearer " + TOKEN).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(result.statusCode()).isEqualTo(200);
                assertThat(result.body()).as(worker.output()).contains("\"state\":\"SUCCESS\"").contains("\"result\":119");

                ProcessBuilder sample = new ProcessBuilder("python3", sample().toString(), "invoice.total",
                        "{\"net\": 1, \"tax\": 2}");
                sample.environment().put("STEM_URL", "http://127.0.0.1:" + port);
                sample.environment().put("STEM_TOKEN", TOKEN);
                Process python = sample.start();
                python.getOutputStream().close();
                assertThat(python.waitFor(90, TimeUnit.SECONDS)).isTrue();
                String printed = new String(python.getInputStream().readAllBytes());
                assertThat(python.exitValue()).as(printed + new String(python.getErrorStream().readAllBytes()))
                        .isZero();
                assertThat(printed).contains("\"state\": \"SUCCESS\"").contains("\"result\": 3");
            }
        }
    }

    private static Path sample() {
        return AppJars.root().resolve("samples").resolve("http-producer").resolve("producer.py");
    }
}

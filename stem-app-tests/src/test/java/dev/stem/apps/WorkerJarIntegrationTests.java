package dev.stem.apps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/// `java -Dloader.path=<folder> -jar stem-worker-app.jar --stem.broker.url=...`: the worker jar
/// as shipped runs a task from a task jar on its loader path and stores the result.
class WorkerJarIntegrationTests {

    @TempDir
    private Path tasks;

    @ParameterizedTest
    @EnumSource(TestStore.Kind.class)
    void runsATaskFromAJarOnItsLoaderPathAndStoresItsResult(TestStore.Kind kind) throws Exception {
        TaskJar.writeInto(this.tasks);
        int managementPort = AppJars.freePort();
        try (TestStore store = TestStore.open(kind)) {
            List<String> arguments = new ArrayList<>(store.arguments());
            arguments.add("--management.server.port=" + managementPort);
            try (AppProcess worker = AppProcess.start("worker-" + kind, AppJars.logs(), AppProcess.javaJar(
                    AppJars.worker(), List.of("-Dloader.path=" + this.tasks), arguments))) {
                worker.awaitOutput("Stem worker ready: .*invoice\\.total", AppProcess.START_TIMEOUT);

                Object total;
                try (StemClient client = StemClient.connect(store)) {
                    total = client.stem().enqueue("invoice.total", Map.of("net", 100, "tax", 19))
                            .result(Duration.ofSeconds(60));
                }

                assertThat(total).as(worker.output()).isEqualTo(119);
                assertThat(ActuatorHealth.awaitUp(managementPort, worker, Duration.ofSeconds(60)))
                        .contains("\"status\":\"UP\"");
            }
        }
    }
}

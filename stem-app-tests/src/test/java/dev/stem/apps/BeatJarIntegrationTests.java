package dev.stem.apps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.schedule.ScheduleState;

import static org.assertj.core.api.Assertions.assertThat;

/// `java -jar stem-beat-app.jar --stem.broker.url=...` as the beat README shows it: the beat jar
/// as shipped schedules a task that a separate worker jar runs, and serves liveness and readiness
/// on its management port.
class BeatJarIntegrationTests {

    @TempDir
    private Path tasks;

    @ParameterizedTest
    @EnumSource(TestStore.Kind.class)
    void schedulesATaskThatASeparateWorkerRuns(TestStore.Kind kind) throws Exception {
        TaskJar.writeInto(this.tasks);
        int beatPort = AppJars.freePort();
        int workerPort = AppJars.freePort();
        try (TestStore store = TestStore.open(kind)) {
            List<String> beatArguments = new ArrayList<>(store.arguments());
            beatArguments.addAll(List.of("--management.server.port=" + beatPort,
                    "--stem.beat.schedules.invoice.task=invoice.total",
                    "--stem.beat.schedules.invoice.every=2s",
                    "--stem.beat.schedules.invoice.args={\"net\": 100, \"tax\": 19}"));
            List<String> workerArguments = new ArrayList<>(store.arguments());
            workerArguments.add("--management.server.port=" + workerPort);
            try (AppProcess worker = AppProcess.start("beat-worker-" + kind, AppJars.logs(), AppProcess.javaJar(
                    AppJars.worker(), List.of("-Dloader.path=" + this.tasks), workerArguments));
                    AppProcess beat = AppProcess.start("beat-" + kind, AppJars.logs(),
                            AppProcess.javaJar(AppJars.beat(), List.of(), beatArguments));
                    StemClient client = StemClient.connect(store)) {
                beat.awaitOutput("Stem beat put 1 declared schedule entries into the store: \\[invoice\\]",
                        AppProcess.START_TIMEOUT);
                worker.awaitOutput("Stem worker ready", AppProcess.START_TIMEOUT);

                TaskResult result = awaitScheduledRunDone(client, beat, worker);

                assertThat(result.state()).as(worker.output()).isEqualTo(TaskState.SUCCESS);
                assertThat(result.result().asInt()).isEqualTo(119);
                assertThat(ActuatorHealth.awaitUp(beatPort, "health/liveness", beat, Duration.ofSeconds(60)))
                        .contains("\"status\":\"UP\"");
                assertThat(ActuatorHealth.awaitUp(beatPort, "health/readiness", beat, Duration.ofSeconds(60)))
                        .contains("\"status\":\"UP\"");
                assertThat(beat.stdout() + beat.stderr()).doesNotContain("APPLICATION FAILED TO START");
            }
        }
    }

    private static TaskResult awaitScheduledRunDone(StemClient client, AppProcess beat, AppProcess worker)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> published = client.schedules().get("invoice").map((record) -> record.state())
                    .map(ScheduleState::lastMessageId);
            Optional<TaskResult> done = published.flatMap((id) -> client.backend().get(id))
                    .filter((result) -> result.state() == TaskState.SUCCESS || result.state() == TaskState.FAILURE);
            if (done.isPresent()) {
                return done.get();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("No scheduled run of invoice.total finished within 90 s:\n" + beat.output()
                + worker.output());
    }
}

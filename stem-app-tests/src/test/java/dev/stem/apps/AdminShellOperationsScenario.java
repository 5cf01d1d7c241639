package dev.stem.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import com.example.operations.OperationsTasksAutoConfiguration;

import dev.stem.backend.TaskState;
import dev.stem.client.TaskHandle;
import dev.stem.control.ControlCommand;
import dev.stem.control.ControlReply;
import dev.stem.control.ControlResult;
import dev.stem.control.WorkerInfo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// An operator at the admin shell (interactive, one JVM for every command) working two real worker
/// JVMs on one store: ping, inspect a running task, revoke it with terminate, pause and resume a
/// queue, list, show and replay a dead letter, drain a worker. The workers, the shell and the
/// store are shared by the test methods, which run in order (drain last: it ends a worker).
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class AdminShellOperationsScenario {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Path files;

    private TestStore store;

    private StemClient client;

    private final List<AppProcess> workers = new ArrayList<>();

    private final List<String> workerIds = new ArrayList<>();

    private ShellSession shell;

    /// The store the scenario runs on.
    abstract TestStore.Kind kind();

    @BeforeAll
    void startWorkersAndShell(@TempDir Path files) throws Exception {
        this.files = files;
        Path library = Files.createDirectories(this.files.resolve("library"));
        TaskJar.writeInto(library, OperationsTasksAutoConfiguration.class);
        this.store = TestStore.open(kind());
        for (int i = 0; i < 2; i++) {
            List<String> arguments = new ArrayList<>(this.store.arguments());
            arguments.addAll(List.of("--management.server.port=" + AppJars.freePort(), "--stem.worker.queues=default",
                    "--stem.worker.concurrency=2", "--stem.worker.heartbeat-interval=1s"));
            this.workers.add(AppProcess.start("ops-worker-" + i + "-" + kind(), AppJars.logs(), AppProcess.javaJar(
                    AppJars.worker(), List.of("-Dloader.path=" + library), arguments)));
        }
        this.shell = ShellSession.open("ops-shell-" + kind(), AppJars.logs(), this.store);
        for (AppProcess worker : this.workers) {
            worker.awaitOutput("Stem worker ready: .*ops\\.wait", AppProcess.START_TIMEOUT);
        }
        this.client = StemClient.connect(this.store);
        for (AppProcess worker : this.workers) {
            await().atMost(PATIENCE).until(() -> idOf(worker).isPresent());
            this.workerIds.add(idOf(worker).orElseThrow());
        }
    }

    @AfterAll
    void stopEverything() throws Exception {
        try (TestStore closing = this.store) {
            if (this.shell != null) {
                this.shell.close();
            }
            for (AppProcess worker : this.workers) {
                worker.close();
            }
            if (this.client != null) {
                this.client.close();
            }
        }
    }

    @Test
    @Order(1)
    void workerPingIsAnsweredByEachWorker() throws Exception {
        String output = this.shell.run("worker ping");

        for (String id : this.workerIds) {
            assertThat(output).as(this.shell.output()).containsPattern(id + " .* pong");
        }
    }

    @Test
    @Order(2)
    void inspectShowsTheRunningTaskAndRevokeWithTerminateEndsItRevoked() throws Exception {
        String taskId = this.client.stem().enqueue("ops.wait", Map.of("path", this.files.resolve("never").toString()))
                .id();
        String worker = runningOn(taskId);

        String inspect = this.shell.run("worker inspect " + worker);
        String revoke = this.shell.run("worker revoke " + taskId + " --terminate");

        assertThat(inspect).as(this.shell.output()).containsPattern(taskId + " +ops.wait +default +0 +\\d+");
        assertThat(revoke).as(this.shell.output()).contains("Revoked " + taskId);
        await().atMost(PATIENCE).until(() -> this.client.stem().handle(taskId, Object.class).state()
                == TaskState.REVOKED);
    }

    @Test
    @Order(3)
    void pauseStopsTheQueueAndResumeStartsItAgain() throws Exception {
        String paused = this.shell.run("worker pause --all default");
        String taskId = this.client.stem().enqueue("ops.echo", Map.of("value", "after resume")).id();
        Thread.sleep(3_000);
        TaskState whilePaused = this.client.stem().handle(taskId, Object.class).state();
        long readyWhilePaused = this.client.broker().stats("default").ready();
        String resumed = this.shell.run("worker resume --all default");

        for (String id : this.workerIds) {
            assertThat(paused).as(this.shell.output()).containsPattern(id + " +true +\\[default\\]");
            assertThat(resumed).as(this.shell.output()).containsPattern(id + " +true +\\[\\]");
        }
        assertThat(whilePaused).isEqualTo(TaskState.PENDING);
        assertThat(readyWhilePaused).isEqualTo(1);
        assertThat(this.client.stem().handle(taskId, String.class).result(PATIENCE)).isEqualTo("after resume");
    }

    @Test
    @Order(4)
    void aDeadLetterIsListedShownAndReplayedThenSucceeds() throws Exception {
        Path file = this.files.resolve("needed");
        String taskId = this.client.stem().enqueue("ops.needs-file", Map.of("path", file.toString())).id();
        await().atMost(PATIENCE).until(() -> this.client.broker().stats("default").dead() == 1);

        String list = this.shell.run("dlq list --queue default");
        String show = this.shell.run("dlq show " + taskId);
        Files.writeString(file, "here");
        String replay = this.shell.run("dlq replay --id " + taskId + " --yes");

        assertThat(list).as(this.shell.output()).containsPattern(taskId + " +default +ops.needs-file +\\S+ +\\d+ ");
        assertThat(show).as(this.shell.output()).containsPattern("task: +ops.needs-file")
                .containsPattern("reason: +\\S+");
        assertThat(replay).as(this.shell.output()).contains("Replayed 1 dead letters of queue 'default'.");
        TaskHandle<String> replayed = this.client.stem().handle(taskId, String.class);
        await().atMost(PATIENCE).until(() -> replayed.state() == TaskState.SUCCESS);
        assertThat(replayed.result(PATIENCE)).isEqualTo("found");
    }

    @Test
    @Order(5)
    void drainFinishesTheRunningTaskAndTheWorkerExitsZero() throws Exception {
        Path file = this.files.resolve("drained");
        String taskId = this.client.stem().enqueue("ops.wait", Map.of("path", file.toString())).id();
        String worker = runningOn(taskId);
        AppProcess process = this.workers.get(this.workerIds.indexOf(worker));

        String drain = this.shell.run("worker drain " + worker + " --yes");
        Thread.sleep(1_000);
        boolean aliveWhileTaskRuns = process.isAlive();
        Files.writeString(file, "go");

        assertThat(drain).as(this.shell.output()).containsPattern(worker + " +true +1");
        assertThat(aliveWhileTaskRuns).isTrue();
        assertThat(process.awaitExit(PATIENCE)).as(process.output()).isZero();
        assertThat(this.client.stem().handle(taskId, String.class).result(PATIENCE)).isEqualTo("done");
    }

    /// The id of the worker running `taskId`, asked of every worker with `inspect` until one has it.
    private String runningOn(String taskId) {
        return await().atMost(PATIENCE).until(() -> {
            ControlResult result = this.client.control().send(ControlCommand.INSPECT, Map.of(), this.workerIds,
                    Duration.ofSeconds(5));
            return result.replies().stream().filter(reply -> String.valueOf(reply.data().get("running"))
                    .contains(taskId)).map(ControlReply::workerId).findFirst().orElse(null);
        }, id -> id != null);
    }

    private Optional<String> idOf(AppProcess worker) {
        return this.client.workers().alive().stream().filter(info -> info.pid() == worker.pid())
                .map(WorkerInfo::id).findFirst();
    }
}

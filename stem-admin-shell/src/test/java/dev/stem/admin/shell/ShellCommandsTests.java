package dev.stem.admin.shell;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.client.EnqueueOptions;
import dev.stem.envelope.Envelope;
import dev.stem.security.KeyRing;
import dev.stem.security.MessageSigner;
import dev.stem.worker.Worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The shell's commands, run one-shot through its runner against the in-memory stores, with a
/// worker of the same context answering the control plane (consuming `default` and `mail`; the
/// shell's lazy initialization is off so that the worker starts with the context).
@SpringBootTest(args = "help", properties = { "stem.worker.enabled=true", "stem.worker.queues=default,mail",
        "stem.worker.heartbeat-interval=200ms", "spring.main.lazy-initialization=false" })
class ShellCommandsTests {

    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    private static final CountDownLatch STARTED = new CountDownLatch(1);

    @Autowired
    private ApplicationContext context;

    @Autowired
    private Broker broker;

    @Autowired
    private Stem stem;

    @Autowired
    private Worker worker;

    @AfterEach
    void resumeEverything() {
        this.worker.resume("default");
        this.worker.resume("mail");
    }

    @Test
    void enqueuePrintsTheIdAndTheTaskRuns() throws Exception {
        ShellRun run = run("enqueue", "shell.add", "--args", "{\"a\": 2, \"b\": 3}", "--queue", "mail");

        assertThat(run.exitCode()).as(run.output()).isZero();
        String id = run.stdout().strip();
        assertThat(this.stem.handle(id, Integer.class).result(Duration.ofSeconds(10))).isEqualTo(5);
        ShellRun status = run("task", "status", id);
        assertThat(status.stdout()).as(status.output()).containsPattern("state: +SUCCESS");
        ShellRun result = run("task", "result", id, "--json");
        assertThat(result.stdout()).as(result.output()).contains("\"result\" : 5");
    }

    @Test
    void invalidJsonInArgsIsOneLineExitTwoAndNothingIsEnqueued() throws Exception {
        long before = this.broker.stats("mail").ready();

        ShellRun run = run("enqueue", "shell.add", "--args", "{\"a\": ", "--queue", "mail");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(2);
        assertThat(run.stdout()).isEmpty();
        assertThat(run.stderr().lines()).singleElement().asString().startsWith("stem: enqueue: invalid JSON in --args: ");
        assertThat(this.broker.stats("mail").ready()).isEqualTo(before);
    }

    @Test
    void aMissingRequiredOptionAndAnUnknownOptionAreExitTwo() throws Exception {
        ShellRun missing = run("dlq", "purge", "--yes");
        ShellRun unknown = run("queues", "--colour");

        assertThat(missing.exitCode()).as(missing.output()).isEqualTo(2);
        assertThat(missing.stderr()).isEqualTo("stem: dlq purge: Required option '--queue' is missing.\n");
        assertThat(unknown.exitCode()).as(unknown.output()).isEqualTo(2);
        assertThat(unknown.stderr()).startsWith("stem: cannot read 'queues --colour': 'queues' has no option '--colour'");
    }

    @Test
    void aDestructiveCommandWithoutYesRefusesAndChangesNothing() throws Exception {
        this.worker.pause("default");
        this.broker.publish(Envelope.builder("shell.add").queue("default").build());

        ShellRun refused = run("queue", "purge", "default");
        long left = this.broker.stats("default").ready();
        ShellRun purged = run("queue", "purge", "default", "--yes");

        assertThat(refused.exitCode()).as(refused.output()).isEqualTo(2);
        assertThat(refused.stderr()).isEqualTo("stem: queue purge: refusing to purge 1 ready and delayed messages of "
                + "queue 'default' without --yes (nothing was changed)\n");
        assertThat(left).isEqualTo(1);
        assertThat(purged.stdout()).as(purged.output()).isEqualTo("Purged 1 messages of queue 'default'.\n");
        assertThat(this.broker.stats("default").ready()).isZero();
    }

    @Test
    void workerPingListAndInspectShowTheWorkerAndItsRunningTask() throws Exception {
        String id = this.worker.options().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> run("worker", "list").stdout().contains(id));
        String running = this.stem.enqueue("shell.block", null).id();
        assertThat(STARTED.await(10, TimeUnit.SECONDS)).isTrue();

        ShellRun ping = run("worker", "ping");
        ShellRun inspect = run("worker", "inspect", id);
        RELEASE.countDown();

        assertThat(ping.exitCode()).as(ping.output()).isZero();
        assertThat(ping.stdout()).containsPattern(id + " .* pong");
        assertThat(inspect.exitCode()).as(inspect.output()).isZero();
        assertThat(inspect.stdout()).containsPattern(running + " +shell.block +default +0 +\\d+");
    }

    @Test
    void pauseStopsAQueueUntilResume() throws Exception {
        String id = this.worker.options().id();

        ShellRun pause = run("worker", "pause", id, "mail");
        String waiting = this.stem.enqueue("shell.add", Map.of("a", 1, "b", 1),
                EnqueueOptions.builder().queue("mail").build()).id();
        Thread.sleep(1_000);
        TaskState whilePaused = this.stem.handle(waiting, Object.class).state();
        ShellRun resume = run("worker", "resume", "--all", "mail");

        assertThat(pause.exitCode()).as(pause.output()).isZero();
        assertThat(pause.stdout()).containsPattern(id + " +true +\\[mail\\]");
        assertThat(whilePaused).isEqualTo(TaskState.PENDING);
        assertThat(resume.exitCode()).as(resume.output()).isZero();
        assertThat(this.stem.handle(waiting, Integer.class).result(Duration.ofSeconds(10))).isEqualTo(2);
    }

    @Test
    void pausingAQueueTheWorkerDoesNotConsumeFailsWithTheWorkersReason() throws Exception {
        String id = this.worker.options().id();

        ShellRun run = run("worker", "pause", id, "reports");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("stem: worker pause failed: refused by " + id + ": worker " + id
                + " does not consume queue 'reports'; it consumes [default, mail]\n");
    }

    @Test
    void aCommandToAnUnknownWorkerFailsAfterTheTimeoutNamingIt() throws Exception {
        ShellRun run = run("worker", "ping", "no-such-worker", "--timeout", "500ms");

        assertThat(run.exitCode()).as(run.output()).isEqualTo(1);
        assertThat(run.stderr()).isEqualTo("stem: worker ping failed: no reply from worker 'no-such-worker' within "
                + "500ms (unknown or dead id? 'worker list' shows the live workers)\n");
    }

    @Test
    void aDeadLetterIsListedShownAndReplayed() throws Exception {
        this.worker.pause("mail");
        String id = this.stem.enqueue("shell.add", Map.of("a", 1, "b", 2)).id();
        List<Delivery> fetched = this.broker.fetch(new FetchRequest("test", List.of("mail"), 1, Duration.ofSeconds(5),
                Duration.ofSeconds(30)));
        this.broker.deadLetter(fetched.get(0), DeadLetterReason.of(DeadLetterReason.MAX_RETRIES_EXCEEDED, "boom"));

        ShellRun list = run("dlq", "list", "--queue", "mail", "--reason", "max-retries-exceeded");
        ShellRun show = run("dlq", "show", id);
        ShellRun replay = run("dlq", "replay", "--id", id, "--yes");
        this.worker.resume("mail");

        assertThat(list.stdout()).as(list.output()).containsPattern(id + " +mail +shell.add +max-retries-exceeded");
        assertThat(show.stdout()).as(show.output()).containsPattern("message: +boom");
        assertThat(replay.stdout()).as(replay.output()).isEqualTo("Replayed 1 dead letters of queue 'mail'.\n");
        assertThat(this.stem.handle(id, Integer.class).result(Duration.ofSeconds(10))).isEqualTo(3);
    }

    @Test
    void aSignedDeadLetterTheShellCannotSignAgainIsRefusedAndStays() throws Exception {
        MessageSigner signer = new MessageSigner(new KeyRing("k1",
                Map.of("k1", "shell-key-shell-key-shell-key-sh".getBytes(StandardCharsets.UTF_8)), 32));
        Envelope signed = signer.sign(Envelope.builder("shell.add").queue("signed-dead").build());
        this.broker.publish(signed);
        List<Delivery> fetched = this.broker.fetch(new FetchRequest("test", List.of("signed-dead"), 1,
                Duration.ofSeconds(5), Duration.ofSeconds(30)));
        this.broker.deadLetter(fetched.get(0), DeadLetterReason.of(DeadLetterReason.NOT_RETRYABLE, "boom"));

        ShellRun byId = run("dlq", "replay", "--id", signed.id(), "--yes");
        ShellRun byQueue = run("dlq", "replay", "--queue", "signed-dead", "--yes");

        for (ShellRun replay : List.of(byId, byQueue)) {
            assertThat(replay.exitCode()).as(replay.output()).isNotZero();
            assertThat(replay.stderr()).as(replay.output()).contains(signed.id())
                    .contains("stem.security.signing.active-key");
        }
        assertThat(this.broker.deadLetter("signed-dead", signed.id())).isPresent();
    }

    @Test
    void scheduleEntriesAreAddedListedDisabledRunNowAndRemovedThroughBeatsApi() throws Exception {
        ShellRun add = run("schedule", "add", "shell-every-minute", "--task", "shell.add", "--every", "1m", "--args",
                "{\"a\": 1, \"b\": 1}", "--queue", "mail");
        ShellRun invalid = run("schedule", "add", "shell-bad", "--task", "shell.add", "--cron", "not a cron");
        ShellRun disable = run("schedule", "disable", "shell-every-minute");
        ShellRun list = run("schedule", "list");
        ShellRun runNow = run("schedule", "run-now", "shell-every-minute");
        ShellRun removeRefused = run("schedule", "remove", "shell-every-minute");
        ShellRun remove = run("schedule", "remove", "shell-every-minute", "--yes");

        assertThat(add.stdout()).as(add.output()).startsWith("Added schedule entry 'shell-every-minute': every PT1M");
        assertThat(invalid.exitCode()).as(invalid.output()).isEqualTo(2);
        assertThat(invalid.stderr()).startsWith("stem: schedule add: Invalid schedule entry 'shell-bad': cron");
        assertThat(disable.stdout()).as(disable.output()).startsWith("Disabled schedule entry 'shell-every-minute'");
        assertThat(list.stdout()).as(list.output()).containsPattern("shell-every-minute +shell.add +every PT1M +false");
        assertThat(this.stem.handle(runNow.stdout().strip(), Integer.class).result(Duration.ofSeconds(10)))
                .isEqualTo(2);
        assertThat(removeRefused.exitCode()).as(removeRefused.output()).isEqualTo(2);
        assertThat(remove.stdout()).as(remove.output()).isEqualTo("Removed schedule entry 'shell-every-minute'.\n");
        assertThat(run("schedule", "list").stdout()).doesNotContain("shell-every-minute");
    }

    @Test
    void healthConcurrencyStatsAndMetricsReportTheWorker() throws Exception {
        String id = this.worker.options().id();
        await().atMost(Duration.ofSeconds(10)).until(() -> run("worker", "list").stdout().contains(id));
        long before = succeededOnMail(run("worker", "stats", id, "--json"));
        this.stem.enqueue("shell.add", Map.of("a", 1, "b", 1)).result(Duration.ofSeconds(10));

        ShellRun health = run("health");
        ShellRun concurrency = run("worker", "concurrency", id, "3");
        ShellRun metrics = run("observe", "metrics", "--interval", "100ms", "--json");

        assertThat(health.exitCode()).as(health.output()).isZero();
        assertThat(health.stdout()).containsPattern("broker +UP").containsPattern("worker " + id + " +UP +healthy");
        assertThat(concurrency.stdout()).as(concurrency.output()).containsPattern(id + " +true +3");
        assertThat(this.worker.concurrency()).isEqualTo(3);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> succeededOnMail(run("worker", "stats", id, "--json")) == before + 1);
        assertThat(metrics.exitCode()).as(metrics.output()).isZero();
        assertThat(metrics.stdout()).contains("\"queue\" : \"mail\"").contains("\"succeeded\" : ");
    }

    /// The `succeeded` count of queue `mail` in a `worker stats --json` reply.
    private static long succeededOnMail(ShellRun stats) {
        JsonNode mail = JsonMapper.builder().build().readTree(stats.stdout()).get(0).path("queues").path("mail");
        return mail.path("succeeded").asLong(0);
    }

    @Test
    void helpOfACommandListsItsOptions() throws Exception {
        ShellRun run = run("dlq", "replay", "--help");

        assertThat(run.exitCode()).as(run.output()).isZero();
        assertThat(run.stdout()).contains("dlq replay - Replay dead letters").contains("--queue").contains("--yes");
    }

    private ShellRun run(String... arguments) throws Exception {
        return ShellRun.of(this.context, arguments);
    }

    /// The tasks the test's worker runs.
    @TestConfiguration
    static class Tasks {

        @Bean
        ShellTasks shellTasks() {
            return new ShellTasks();
        }
    }

    /// Tasks for the shell's tests.
    static class ShellTasks {

        @StemTask(name = "shell.add", queue = "mail")
        public int add(int a, int b) {
            return a + b;
        }

        @StemTask(name = "shell.block")
        public String block() throws InterruptedException {
            STARTED.countDown();
            RELEASE.await(30, TimeUnit.SECONDS);
            return "released";
        }
    }
}

package dev.stem.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;
import dev.stem.failpoint.Failpoints;

import static org.assertj.core.api.Assertions.assertThat;

/// The scenarios every store runs: worker processes killed, frozen past their lease, terminated,
/// and a task that kills its worker on every attempt. Each ends with nothing lost and every
/// duplicate run held by a faulted worker ([ChaosRun#assertNothingLost]).
@Timeout(value = 6, unit = TimeUnit.MINUTES)
abstract class ChaosScenarios {

    static final ChaosScale SCALE = ChaosScale.current();

    static final Duration ALL_DONE_WITHIN = Duration.ofMinutes(4);

    @TempDir
    Path folder;

    /// The store of one run, under a fresh prefix, on a server no scenario faults.
    abstract ChaosStore sharedStore(String prefix);

    ChaosRun run(List<String> workerArguments) {
        return new ChaosRun(sharedStore(ChaosRun.randomPrefix()), this.folder, workerArguments);
    }

    @Test
    void workerKilledMidRunLosesNothing() throws Exception {
        try (ChaosRun run = run(List.of())) {
            run.enqueueWork(SCALE.tasks(), SCALE.taskMillis());
            run.fleet.start("a");
            run.fleet.start("b");
            run.fleet.supervise();
            run.awaitFinished(SCALE.tasks() / 4, ALL_DONE_WITHIN);
            run.fleet.fault("a").kill();
            run.awaitAllFinished(ALL_DONE_WITHIN);
            run.assertNothingLost("SIGKILL mid-run", 0);
        }
    }

    @Test
    void workerTerminatedMidRunLosesNothing() throws Exception {
        try (ChaosRun run = run(List.of())) {
            run.enqueueWork(SCALE.tasks(), SCALE.taskMillis());
            run.fleet.start("a");
            run.fleet.start("b");
            run.fleet.supervise();
            run.awaitFinished(SCALE.tasks() / 4, ALL_DONE_WITHIN);
            run.fleet.fault("a").terminate(Duration.ofSeconds(30));
            run.awaitAllFinished(ALL_DONE_WITHIN);
            run.assertNothingLost("SIGTERM mid-run", 0);
        }
    }

    /// A worker frozen (SIGSTOP) for three leases while it runs long tasks: another worker
    /// reclaims and finishes them; when the frozen one resumes, its late results change nothing.
    @Test
    void resultsOfAWorkerFrozenPastItsLeaseChangeNothing() throws Exception {
        try (ChaosRun run = run(List.of())) {
            WorkerProcess frozen = run.fleet.start("a");
            List<String> ids = run.enqueueWork(16, 4_000);
            run.awaitStarted(8, Duration.ofSeconds(60));
            run.fleet.fault("a").freeze();
            WorkerProcess live = run.fleet.start("b");
            WorkerProcess.sleep(ChaosRun.LEASE.multipliedBy(3));
            frozen.resume();
            run.awaitAllFinished(ALL_DONE_WITHIN);
            run.awaitFinishedBy(frozen.incarnation(), ids, Duration.ofSeconds(60));
            WorkerProcess.sleep(Duration.ofSeconds(2));
            LedgerBook book = run.ledger();
            for (String id : ids) {
                if (book.finishesOf(id).contains(live.incarnation())) {
                    TaskResult result = run.connection.backend().get(id).orElseThrow();
                    assertThat(result.result().asString()).as("result of %s", id).isEqualTo(live.incarnation());
                }
            }
            run.assertNothingLost("SIGSTOP past the lease", 0);
        }
    }

    /// A task that kills its worker's JVM on every attempt, among normal tasks, with workers that
    /// a supervisor restarts: it is dead-lettered `worker-lost` and no other task is.
    @Test
    void poisonPillIsDeadLetteredAloneAndItsNeighboursFinish() throws Exception {
        try (ChaosRun run = run(List.of("-Dchaos.max-recoveries=2"))) {
            int tasks = Math.min(SCALE.tasks(), 400);
            run.enqueueWork(tasks / 10, SCALE.taskMillis());
            Envelope poison = Envelope.builder(ChaosTasks.POISON).queue(run.queue).maxRetries(0)
                    .args(JsonNodeFactory.instance.objectNode()).build();
            run.broker().publish(poison);
            run.enqueueWork(tasks - tasks / 10, SCALE.taskMillis());
            run.fleet.start("a");
            run.fleet.start("b");
            run.fleet.supervise();
            run.awaitAllFinished(ALL_DONE_WITHIN);
            run.awaitDeadLetters(1, Duration.ofSeconds(120));
            run.fleet.stopSupervising();
            List<DeadLetter> dead = run.broker().deadLetters(run.queue, 0, 100);
            assertThat(dead).extracting(DeadLetter::id).containsExactly(poison.id());
            assertThat(dead.get(0).reason().code()).isEqualTo(DeadLetterReason.WORKER_LOST);
            run.assertNothingLost("poison pill", 1);
        }
    }

    private static Envelope spin(ChaosRun run) {
        return Envelope.builder(ChaosTasks.SPIN).queue(run.queue).maxRetries(0)
                .args(JsonNodeFactory.instance.objectNode().put("ms", 60_000)).build();
    }

    /// A message of 50 MiB written straight into the store, ahead of a normal task, with the
    /// worker at `-Xmx256m`: it is dead-lettered `payload-too-large` and the next task runs.
    @Test
    void oversizedMessageIsDeadLetteredAndTheNextTaskRuns() throws Exception {
        try (ChaosRun run = run(List.of())) {
            Envelope huge = Envelope.builder(ChaosTasks.WORK).queue(run.queue).maxRetries(0)
                    .args(JsonNodeFactory.instance.objectNode().put("ms", 1).put("blob", "x".repeat(50 << 20))).build();
            run.broker().publish(huge);
            run.enqueueWork(10, 1);
            run.fleet.start("a");
            run.awaitAllFinished(ALL_DONE_WITHIN);
            run.awaitDeadLetters(1, Duration.ofSeconds(60));
            List<DeadLetter> dead = run.broker().deadLetters(run.queue, 0, 10);
            assertThat(dead).extracting(DeadLetter::id).containsExactly(huge.id());
            assertThat(dead.get(0).reason().code()).isEqualTo("payload-too-large");
            assertThat(run.fleet.get("a").isAlive()).isTrue();
            run.assertNothingLost("50 MiB message", 1);
        }
    }

    /// Two tasks spinning the CPU past their 1 s hard limit, ignoring interrupts, with concurrency
    /// 4 on two cores: the other tasks still finish while the abandoned attempts spin.
    @Test
    void busyTasksPastTheirHardLimitDoNotStallTheOthers() throws Exception {
        try (ChaosRun run = run(List.of("-Dchaos.concurrency=4", "-Dchaos.prefetch=4"))) {
            List<Envelope> spinning = List.of(spin(run), spin(run));
            spinning.forEach(run.broker()::publish);
            run.fleet.start("a");
            run.awaitStarted(2, Duration.ofSeconds(60));
            long startedAt = System.nanoTime();
            run.enqueueWork(50, 10);
            run.awaitAllFinished(Duration.ofSeconds(45));
            System.out.printf("chaos busy tasks past the hard limit: 50 other tasks finished in %d ms%n",
                    (System.nanoTime() - startedAt) / 1_000_000);
            LedgerBook book = run.ledger();
            assertThat(spinning).as("the abandoned attempts still spin")
                    .allSatisfy(envelope -> assertThat(book.finishesOf(envelope.id())).isEmpty());
        }
    }

    /// A worker halted after the handler returned and before anything was written: the task runs
    /// again exactly once, and the final result is the second run's.
    @Test
    void haltAfterTheHandlerRunsTheTaskAgainOnce() throws Exception {
        try (ChaosRun run = run(List.of("-Dchaos.track-started=true"))) {
            List<TaskState> states = FailpointScenarios.haltAndTakeOver(run, ChaosTasks.WORK,
                    Failpoints.AFTER_HANDLER);
            String id = run.enqueued.get(0);
            assertThat(run.ledger().startsOf(id)).containsExactly("a.1", "b.1");
            assertThat(FailpointScenarios.finalResult(run).result().asString()).isEqualTo("b.1");
            FailpointScenarios.assertNeverBackFromFinal(states);
            run.assertNothingLost("halt after the handler", 0);
        }
    }

    /// A worker halted after its result was stored and before its ack: the task runs again, the
    /// final result is the second run's, and the state never goes back from the final one.
    @Test
    void haltAfterTheResultNeverTakesTheStateBack() throws Exception {
        try (ChaosRun run = run(List.of("-Dchaos.track-started=true"))) {
            List<TaskState> states = FailpointScenarios.haltAndTakeOver(run, ChaosTasks.WORK,
                    Failpoints.AFTER_RESULT);
            assertThat(states).as("states seen").contains(TaskState.SUCCESS);
            FailpointScenarios.assertNeverBackFromFinal(states);
            assertThat(FailpointScenarios.finalResult(run).result().asString()).isEqualTo("b.1");
            run.assertNothingLost("halt after the result", 0);
        }
    }

    /// A worker halted after a failed attempt's `RETRY` state was stored and before the retry was
    /// scheduled: the message is taken over, retried, and succeeds; nothing is lost.
    @Test
    void haltAfterARetryIsStoredLosesNothing() throws Exception {
        try (ChaosRun run = run(List.of("-Dchaos.track-started=true"))) {
            FailpointScenarios.haltAndTakeOver(run, ChaosTasks.FLAKY, Failpoints.AFTER_RETRY);
            assertThat(FailpointScenarios.finalResult(run).state()).isEqualTo(TaskState.SUCCESS);
            run.assertNothingLost("halt after the retry is stored", 0);
        }
    }
}

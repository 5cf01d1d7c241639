package dev.stem.chaos;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.envelope.Envelope;
import dev.stem.failpoint.Failpoints;

import static org.assertj.core.api.Assertions.assertThat;

/// The engine's crash windows, each opened by a worker that halts at a failpoint and closed by a
/// second worker that takes the message over when the lease lapses.
final class FailpointScenarios {

    private FailpointScenarios() {
    }

    /// Halts worker `a` at `failpoint` while it runs one `task`, starts worker `b`, and waits until
    /// `b` finished the task (the ledger may already hold `a`'s finish: a halt after the handler
    /// comes after its line); returns the result record's states seen meanwhile, in order.
    static List<TaskState> haltAndTakeOver(ChaosRun run, String task, String failpoint) throws InterruptedException {
        Envelope envelope = Envelope.builder(task).queue(run.queue).maxRetries(1)
                .args(JsonNodeFactory.instance.objectNode().put("ms", 10)).build();
        run.broker().publish(envelope);
        run.enqueued.add(envelope.id());
        WorkerProcess halted = run.fleet.start("a", List.of("-D" + Failpoints.PROPERTY + "=" + failpoint + ":halt"));
        awaitExit(halted);
        run.fleet.fault("a");
        List<TaskState> states = new ArrayList<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofPlatform().daemon().start(() -> watch(run.connection.backend(), envelope.id(),
                states, watching));
        WorkerProcess takeOver = run.fleet.start("b");
        run.until(takeOver.incarnation() + " finished the task", Duration.ofMinutes(2),
                () -> run.ledger().finishesOf(envelope.id()).contains(takeOver.incarnation()));
        WorkerProcess.sleep(Duration.ofSeconds(1));
        watching.set(false);
        watcher.join();
        return states;
    }

    /// The final result record of the run's only task.
    static TaskResult finalResult(ChaosRun run) {
        return run.connection.backend().get(run.enqueued.get(0)).orElseThrow();
    }

    /// Whether a state went back from a terminal one to a non-terminal one.
    static void assertNeverBackFromFinal(List<TaskState> states) {
        boolean terminal = false;
        for (TaskState state : states) {
            assertThat(terminal && !state.isTerminal()).as("states seen: %s", states).isFalse();
            terminal |= state.isTerminal();
        }
    }

    private static void watch(ResultBackend backend, String id, List<TaskState> states, AtomicBoolean watching) {
        TaskState last = null;
        while (watching.get()) {
            TaskState state = backend.get(id).map(TaskResult::state).orElse(null);
            if (state != null && state != last) {
                synchronized (states) {
                    states.add(state);
                }
                last = state;
            }
            WorkerProcess.sleep(Duration.ofMillis(5));
        }
    }

    private static void awaitExit(WorkerProcess worker) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (worker.isAlive()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Worker " + worker.incarnation() + " did not halt at its failpoint:\n"
                        + worker.output());
            }
            WorkerProcess.sleep(Duration.ofMillis(20));
        }
    }
}

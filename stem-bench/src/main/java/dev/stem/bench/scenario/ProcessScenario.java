package dev.stem.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.stem.Stem;
import dev.stem.bench.Figure;
import dev.stem.bench.store.BenchStore;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskHandle;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.Worker;

/// `process`: N no-op tasks enqueued first (in batches), then one worker at the run's concurrency
/// drains them. Two figures per variant: jobs/s from the first task start to the last task end, and
/// to the last ack (the last success the worker reported, once the queue's stats read all zero).
/// Run with results stored, then with results ignored (`TaskOptions.ignoreResult`). Each variant
/// first drains a warm-up of 1,000 tasks (not measured) with a worker of its own.
public final class ProcessScenario implements Scenario {

    private static final int WARM_UP = 1_000;

    private static final Duration POLL = Duration.ofMillis(2);

    @Override
    public String name() {
        return "process";
    }

    @Override
    public int defaultSize() {
        return 20_000;
    }

    @Override
    public List<Figure> run(ScenarioRun run) throws InterruptedException {
        List<Figure> figures = new ArrayList<>();
        figures.addAll(drain(run, false));
        figures.addAll(drain(run, true));
        return figures;
    }

    private static List<Figure> drain(ScenarioRun run, boolean ignoreResult) throws InterruptedException {
        String variant = ignoreResult ? "process.results_ignored" : "process.results_stored";
        try (BenchStore store = run.openStore()) {
            String queue = ScenarioRun.randomQueue();
            TaskTimings timings = new TaskTimings(System::nanoTime);
            TaskRegistry tasks = BenchNode.tasks(queue, ignoreResult, timings.noopHandler());
            Stem stem = BenchNode.client(store, tasks);

            BenchNode.enqueueInBatches(stem, WARM_UP, EnqueueOptions.defaults());
            drainOnce(run, store, tasks, queue, timings, WARM_UP, variant + " warm-up");
            timings.reset();

            BenchNode.enqueueInBatches(stem, run.n() - 1, EnqueueOptions.defaults());
            TaskHandle<Object> last = stem.enqueue(BenchNode.TASK, null);
            long lastAck = drainOnce(run, store, tasks, queue, timings, run.n(), variant);
            requireResult(store, last.id(), !ignoreResult);
            return List.of(
                    Figure.rate(variant + ".to_last_end", run.n(), timings.lastEnd() - timings.firstStart(),
                            run.concurrency()),
                    Figure.rate(variant + ".to_last_ack", run.n(), lastAck - timings.firstStart(), run.concurrency()));
        }
    }

    /// Starts a worker, waits until `count` tasks were acked and the queue is empty, stops the
    /// worker; returns the time of the last ack.
    private static long drainOnce(ScenarioRun run, BenchStore store, TaskRegistry tasks, String queue,
            TaskTimings timings, int count, String what) throws InterruptedException {
        Worker worker = BenchNode.worker(store, tasks, queue, run.concurrency(), timings);
        worker.start();
        try {
            run.deadline().await("draining " + count + " tasks (" + what + ")", POLL, () -> timings.acked() >= count);
            long lastAck = timings.lastAck();
            if (!BenchNode.isEmpty(store, queue)) {
                run.deadline().await("for the queue to read empty (" + what + ")", POLL,
                        () -> BenchNode.isEmpty(store, queue));
                lastAck = timings.now();
            }
            return lastAck;
        }
        finally {
            worker.stop();
        }
    }

    private static void requireResult(BenchStore store, String taskId, boolean stored) {
        boolean present = store.backend().get(taskId).isPresent();
        if (present != stored) {
            throw new IllegalStateException("The result of task " + taskId + " is " + (present ? "" : "not ")
                    + "stored, but the run " + (stored ? "stores" : "ignores") + " results");
        }
    }
}

package dev.stem.bench.scenario;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import dev.stem.Stem;
import dev.stem.bench.Figure;
import dev.stem.bench.WarmUp;
import dev.stem.bench.store.BenchStore;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskHandle;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.Worker;

/// `process`: N no-op tasks enqueued first (in batches), then one worker at the run's concurrency
/// drains them. Two figures per variant: jobs/s from the first task start to the last task end, and
/// to the last ack (the last success the worker reported, once the queue's stats read all zero).
/// Run with results stored, then with results ignored (`TaskOptions.ignoreResult`). Each variant
/// first runs warm-up rounds (20,000 tasks by default, N if smaller), each a whole measured round
/// with a store (fresh keys or tables) and a worker of its own whose figures are dropped, until the
/// JIT compilers are nearly idle ([WarmUp]), so the figures are of a JVM whose hot paths are
/// compiled, as in a worker that has been up a while. How long the JIT compiled during each drain
/// goes to stderr.
///
/// Also reported, to show where the machine's CPU goes: the CPU time this JVM (worker, client
/// library and all) spent per job while draining, and, when the store reports it (Redis), the
/// store server's CPU time per job over the same span.
public final class ProcessScenario implements Scenario {

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
    public List<Figure> run(ScenarioRun run) throws Exception {
        List<Figure> figures = new ArrayList<>();
        figures.addAll(drain(run, false));
        figures.addAll(drain(run, true));
        return figures;
    }

    private static List<Figure> drain(ScenarioRun run, boolean ignoreResult) throws Exception {
        String variant = ignoreResult ? "process.results_ignored" : "process.results_stored";
        int warmUp = run.warmUpRound();
        if (warmUp > 0) {
            int rounds = WarmUp.untilCompiled(() -> measure(run, warmUp, variant + " warm-up", ignoreResult));
            System.err.printf("bench: %s warmed up in %d round(s) of %d tasks%n", variant, rounds, warmUp);
        }
        return measure(run, run.n(), variant, ignoreResult);
    }

    /// One round on a store of its own: `count` tasks enqueued, then drained by a new worker; the
    /// figures of the drain. Warm-up rounds are the same rounds with their figures dropped, so the
    /// measured one takes no code path the JIT has not compiled yet, and finds no keys or dead rows
    /// that the warm-ups left.
    private static List<Figure> measure(ScenarioRun run, int count, String variant, boolean ignoreResult)
            throws Exception {
        try (BenchStore store = run.openStore()) {
            String queue = ScenarioRun.randomQueue();
            TaskTimings timings = new TaskTimings(System::nanoTime);
            TaskRegistry tasks = BenchNode.tasks(queue, ignoreResult, timings.noopHandler());
            Stem stem = BenchNode.client(store, tasks);
            BenchNode.enqueueInBatches(stem, count - 1, EnqueueOptions.defaults());
            TaskHandle<Object> last = stem.enqueue(BenchNode.TASK, null);
            long compiledBefore = compilationMillis();
            long jvmCpuBefore = jvmCpuNanos();
            OptionalLong serverCpuBefore = store.serverCpuNanos();
            long lastAck = drainOnce(run, store, tasks, queue, timings, count, variant);
            long jvmCpu = jvmCpuNanos() - jvmCpuBefore;
            OptionalLong serverCpuAfter = store.serverCpuNanos();
            long compiled = compilationMillis() - compiledBefore;
            requireResult(store, last.id(), !ignoreResult);
            System.err.printf("bench: %s: %d tasks drained, %d ms of JIT compilation meanwhile%n", variant, count,
                    compiled);
            List<Figure> figures = new ArrayList<>(List.of(
                    Figure.rate(variant + ".to_last_end", count, timings.lastEnd() - timings.firstStart(),
                            run.concurrency()),
                    Figure.rate(variant + ".to_last_ack", count, lastAck - timings.firstStart(), run.concurrency()),
                    new Figure(variant + ".jvm_cpu_per_job", jvmCpu / 1e3 / count, "us", count, run.concurrency())));
            if (serverCpuBefore.isPresent() && serverCpuAfter.isPresent()) {
                figures.add(new Figure(variant + ".server_cpu_per_job",
                        (serverCpuAfter.getAsLong() - serverCpuBefore.getAsLong()) / 1e3 / count, "us", count,
                        run.concurrency()));
            }
            return figures;
        }
    }

    /// Starts a worker, waits until `count` tasks were acked and the queue is empty, stops the
    /// worker; returns the time of the last ack.
    private static long drainOnce(ScenarioRun run, BenchStore store, TaskRegistry tasks, String queue,
            TaskTimings timings, int count, String what) throws InterruptedException {
        Worker worker = BenchNode.worker(store, tasks, queue, run, timings);
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
            BenchNode.stop(worker);
        }
    }

    private static long compilationMillis() {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        return compiler != null && compiler.isCompilationTimeMonitoringSupported()
                ? compiler.getTotalCompilationTime() : 0;
    }

    private static long jvmCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static void requireResult(BenchStore store, String taskId, boolean stored) {
        boolean present = store.backend().get(taskId).isPresent();
        if (present != stored) {
            throw new IllegalStateException("The result of task " + taskId + " is " + (present ? "" : "not ")
                    + "stored, but the run " + (stored ? "stores" : "ignores") + " results");
        }
    }
}

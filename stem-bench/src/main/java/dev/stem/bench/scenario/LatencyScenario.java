package dev.stem.bench.scenario;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

import org.jspecify.annotations.Nullable;

import dev.stem.Stem;
import dev.stem.bench.Figure;
import dev.stem.bench.Stats;
import dev.stem.bench.WarmUp;
import dev.stem.bench.store.BenchStore;
import dev.stem.client.EnqueueOptions;
import dev.stem.envelope.Envelope;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerListener;

/// `latency`: an idle worker at the run's concurrency; N tasks (default 1,000) enqueued one by one,
/// 5 ms apart, from one producer thread. Pickup latency is the task's start (wall clock, taken first
/// thing in the handler) minus the envelope's `createdAt` (set by the client just before publishing);
/// both clocks are this JVM's. Figures: p50, p95 and p99 of that latency, and p95 of the time one
/// `enqueue` call takes. Warm-up tasks, marked by a header and not measured, run first: rounds of
/// 5,000 tasks (or the `--warm-up` size if smaller) enqueued 0.5 ms apart, each still picked up by an idle
/// worker, until the JIT compilers are nearly idle ([WarmUp]; at 5 ms apart the hot paths would
/// still be compiling through the measurement, and a compiler thread holding one of two cores
/// delays pickups by milliseconds), then 200 at the measured pace.
public final class LatencyScenario implements Scenario {

    private static final Duration INTERVAL = Duration.ofMillis(5);

    private static final Duration WARM_UP_INTERVAL = Duration.ofNanos(500_000);

    private static final int WARM_UP_ROUND = 5_000;

    private static final int WARM_UP = 200;

    private static final String WARM_UP_HEADER = "bench-warm-up";

    @Override
    public String name() {
        return "latency";
    }

    @Override
    public int defaultSize() {
        return 1_000;
    }

    @Override
    public List<Figure> run(ScenarioRun run) throws Exception {
        int n = run.n();
        AtomicLongArray pickupMicros = new AtomicLongArray(n);
        AtomicInteger slots = new AtomicInteger();
        AtomicInteger picked = new AtomicInteger();
        AtomicInteger warmedUp = new AtomicInteger();
        Clock clock = Clock.systemUTC();
        try (BenchStore store = run.openStore()) {
            String queue = ScenarioRun.randomQueue();
            TaskRegistry tasks = BenchNode.tasks(queue, false, context -> {
                Instant started = clock.instant();
                Envelope envelope = context.envelope();
                if (envelope.headers().containsKey(WARM_UP_HEADER)) {
                    warmedUp.incrementAndGet();
                }
                else {
                    pickupMicros.set(slots.getAndIncrement(), ChronoUnit.MICROS.between(envelope.createdAt(), started));
                    picked.incrementAndGet();
                }
                return null;
            });
            Stem stem = BenchNode.client(store, tasks);
            Worker worker = BenchNode.worker(store, tasks, queue, run, new WorkerListener() {
            });
            worker.start();
            try {
                EnqueueOptions warmUp = EnqueueOptions.builder().headers(Map.of(WARM_UP_HEADER, "1")).build();
                int round = Math.min(run.warmUp(), WARM_UP_ROUND);
                if (round > 0) {
                    int rounds = WarmUp.untilCompiled(() -> {
                        int before = warmedUp.get();
                        paced(stem, round, WARM_UP_INTERVAL, warmUp, run, null);
                        run.deadline().await("for a warm-up round to run", INTERVAL,
                                () -> warmedUp.get() >= before + round);
                    });
                    System.err.printf("bench: latency warmed up in %d round(s) of %d tasks%n", rounds, round);
                }
                int warmedBefore = warmedUp.get();
                paced(stem, WARM_UP, INTERVAL, warmUp, run, null);
                run.deadline().await("for the warm-up tasks to run", INTERVAL,
                        () -> warmedUp.get() >= warmedBefore + WARM_UP);
                Thread.sleep(200);
                long[] enqueueNanos = new long[n];
                paced(stem, n, INTERVAL, EnqueueOptions.defaults(), run, enqueueNanos);
                run.deadline().await("for " + n + " paced tasks to start", INTERVAL, () -> picked.get() >= n);
                long[] pickupNanos = new long[n];
                for (int i = 0; i < n; i++) {
                    pickupNanos[i] = pickupMicros.get(i) * 1_000;
                }
                return List.of(
                        millis("latency.start_p50", Stats.percentile(pickupNanos, 50), run),
                        millis("latency.start_p95", Stats.percentile(pickupNanos, 95), run),
                        millis("latency.start_p99", Stats.percentile(pickupNanos, 99), run),
                        millis("latency.enqueue_call_p95", Stats.percentile(enqueueNanos, 95), run));
            }
            finally {
                BenchNode.stop(worker);
            }
        }
    }

    /// Enqueues `count` tasks at fixed ticks `interval` apart (not `interval` after each call), timing each call
    /// into `callNanos` when given.
    private static void paced(Stem stem, int count, Duration interval, EnqueueOptions options, ScenarioRun run,
            long @Nullable [] callNanos) {
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            long due = start + i * interval.toNanos();
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                LockSupport.parkNanos(wait);
            }
            long before = System.nanoTime();
            stem.enqueue(BenchNode.TASK, null, options);
            if (callNanos != null) {
                callNanos[i] = System.nanoTime() - before;
            }
            if ((i & 63) == 0) {
                run.deadline().check("enqueueing paced tasks");
            }
        }
    }

    private static Figure millis(String name, long nanos, ScenarioRun run) {
        return new Figure(name, nanos / 1e6, "ms", run.n(), run.concurrency());
    }
}

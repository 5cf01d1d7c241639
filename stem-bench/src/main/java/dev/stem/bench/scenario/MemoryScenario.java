package dev.stem.bench.scenario;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.stem.Stem;
import dev.stem.bench.Figure;
import dev.stem.bench.store.BenchStore;
import dev.stem.broker.QueueStats;
import dev.stem.client.EnqueueOptions;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerListener;

/// `memory`: the heap a running worker holds, after a full GC, with an empty queue and then while
/// N tasks (default 200,000) wait in its queue and N/4 more are delayed by an hour. The worker keeps
/// consuming the backlog throughout (its tasks sleep 50 ms, so the backlog stays), which shows that
/// it leases only what its slots can run: its heap must not grow with the backlog.
///
/// The producer runs in the same JVM; what it allocated is garbage by the time the heap is measured.
/// Heap is the used heap after `System.gc()` (a full collection with G1), the lowest of three tries.
public final class MemoryScenario implements Scenario {

    private static final Duration TASK_TIME = Duration.ofMillis(50);

    private static final Duration SETTLE = Duration.ofSeconds(3);

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public int defaultSize() {
        return 200_000;
    }

    @Override
    public List<Figure> run(ScenarioRun run) throws InterruptedException {
        int waiting = run.n();
        int delayed = run.n() / 4;
        AtomicLong ran = new AtomicLong();
        try (BenchStore store = run.openStore()) {
            String queue = ScenarioRun.randomQueue();
            TaskRegistry tasks = BenchNode.tasks(queue, false, context -> {
                Thread.sleep(TASK_TIME);
                ran.incrementAndGet();
                return null;
            });
            Stem stem = BenchNode.client(store, tasks);
            Worker worker = BenchNode.worker(store, tasks, queue, run, new WorkerListener() {
            });
            worker.start();
            try {
                Thread.sleep(SETTLE);
                long empty = heapAfterFullGc();

                BenchNode.enqueueInBatches(stem, delayed, EnqueueOptions.builder().countdown(Duration.ofHours(1)).build());
                run.deadline().check("enqueueing the delayed backlog");
                BenchNode.enqueueInBatches(stem, waiting, EnqueueOptions.defaults());
                long ranBefore = ran.get();
                Thread.sleep(SETTLE);
                run.deadline().check("letting the worker consume the backlog");
                long backlog = heapAfterFullGc();
                QueueStats stats = store.broker().stats(queue);
                if (ran.get() == ranBefore || stats.ready() < waiting / 2 || stats.delayed() != delayed) {
                    throw new IllegalStateException("The worker did not run against the backlog as intended: ran "
                            + (ran.get() - ranBefore) + " tasks meanwhile, queue " + stats);
                }
                return List.of(
                        bytes("memory.heap_empty", empty, waiting, run),
                        bytes("memory.heap_backlog", backlog, waiting, run),
                        bytes("memory.heap_growth", backlog - empty, waiting, run));
            }
            finally {
                BenchNode.stop(worker);
            }
        }
    }

    private static long heapAfterFullGc() throws InterruptedException {
        long lowest = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            lowest = Math.min(lowest, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return lowest;
    }

    private static Figure bytes(String name, long value, int n, ScenarioRun run) {
        return new Figure(name, value, "bytes", n, run.concurrency());
    }
}

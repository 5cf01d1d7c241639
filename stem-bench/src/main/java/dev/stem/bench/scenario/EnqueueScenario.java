package dev.stem.bench.scenario;

import java.util.List;

import dev.stem.Stem;
import dev.stem.bench.Figure;
import dev.stem.bench.store.BenchStore;
import dev.stem.client.EnqueueOptions;
import dev.stem.task.TaskRegistry;

/// `enqueue`: N no-op tasks enqueued one at a time from one producer thread ([Stem#enqueue]), then N
/// in batches of 1,000 ([Stem#enqueueAll]); jobs/s of each. No worker runs. A warm-up of 1,000 tasks
/// each way (purged, not measured) runs first, so the figures are of a warm JVM.
public final class EnqueueScenario implements Scenario {

    private static final int WARM_UP = 1_000;

    @Override
    public String name() {
        return "enqueue";
    }

    @Override
    public int defaultSize() {
        return 20_000;
    }

    @Override
    public List<Figure> run(ScenarioRun run) {
        try (BenchStore store = run.openStore()) {
            String queue = ScenarioRun.randomQueue();
            TaskRegistry tasks = BenchNode.tasks(queue, false, context -> null);
            Stem stem = BenchNode.client(store, tasks);
            oneByOne(stem, WARM_UP, run);
            BenchNode.enqueueInBatches(stem, WARM_UP, EnqueueOptions.defaults());
            store.broker().purge(queue);

            long start = System.nanoTime();
            oneByOne(stem, run.n(), run);
            Figure single = Figure.rate("enqueue.one_by_one", run.n(), System.nanoTime() - start, 1);
            requireReady(store, queue, run.n());
            store.broker().purge(queue);

            start = System.nanoTime();
            BenchNode.enqueueInBatches(stem, run.n(), EnqueueOptions.defaults());
            Figure batched = Figure.rate("enqueue.batch_1000", run.n(), System.nanoTime() - start, 1);
            requireReady(store, queue, run.n());
            store.broker().purge(queue);
            return List.of(single, batched);
        }
    }

    private static void oneByOne(Stem stem, int count, ScenarioRun run) {
        for (int i = 0; i < count; i++) {
            stem.enqueue(BenchNode.TASK, null);
            if ((i & 1023) == 0) {
                run.deadline().check("enqueueing one by one");
            }
        }
    }

    private static void requireReady(BenchStore store, String queue, int expected) {
        long ready = store.broker().stats(queue).ready();
        if (ready != expected) {
            throw new IllegalStateException("Queue " + queue + " holds " + ready + " ready tasks after enqueueing "
                    + expected);
        }
    }
}

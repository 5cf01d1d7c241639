package dev.stem.bench.scenario;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.bench.ShutdownCleanup;
import dev.stem.bench.store.BenchStore;
import dev.stem.broker.QueueStats;
import dev.stem.client.DefaultStem;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskRequest;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryRateLimiter;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskHandler;
import dev.stem.task.TaskOptions;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerIds;
import dev.stem.worker.WorkerListener;
import dev.stem.worker.WorkerOptions;
import dev.stem.worker.WorkerServices;

/// Builds the engine the way an application gets it, through the public API only: a
/// [DefaultStem] client and a [Worker] on a [BenchStore]'s broker, backend and revoke store (read
/// once per fetched batch), with in-memory rate limits, events and worker registry (none of which
/// a no-op task without a rate limit touches per message).
final class BenchNode {

    /// The name of every benchmark task.
    static final String TASK = "bench.noop";

    /// Enqueue batch size of the batch API, as the issue's `enqueue` scenario asks.
    static final int BATCH = 1_000;

    private BenchNode() {
    }

    /// A registry holding task [#TASK] on `queue` with `handler`; `ignoreResult` skips storing results.
    static TaskRegistry tasks(String queue, boolean ignoreResult, TaskHandler handler) {
        TaskRegistry tasks = new TaskRegistry();
        tasks.register(new TaskDefinition(TASK, TaskOptions.builder().queue(queue).ignoreResult(ignoreResult).build(),
                handler));
        return tasks;
    }

    /// A client whose task defaults come from `tasks`.
    static Stem client(BenchStore store, TaskRegistry tasks) {
        return new DefaultStem(store.broker(), store.backend(), store.revokes(), new InMemoryEventBus(), tasks,
                JsonMapper.builder().build(), new EnvelopeCodec(), BenchObservability.enqueueInterceptors(),
                DefaultStem.ClientOptions.DEFAULT, Clock.systemUTC());
    }

    /// A worker (not started) on `queue` with the run's concurrency and prefetch, and every other
    /// option at its default.
    static Worker worker(BenchStore store, TaskRegistry tasks, String queue, ScenarioRun run, WorkerListener listener) {
        return worker(store, tasks, queue, run.concurrency(), run.prefetch(), listener);
    }

    /// A worker (not started) on `queue` with `concurrency` and `prefetch`, every other option at its default.
    static Worker worker(BenchStore store, TaskRegistry tasks, String queue, int concurrency, int prefetch,
            WorkerListener listener) {
        WorkerOptions options = new WorkerOptions(WorkerIds.next(), List.of(queue), concurrency, prefetch,
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(5), 3,
                Duration.ofDays(1), false, Duration.ofMinutes(5), 8);
        WorkerServices services = new WorkerServices(store.broker(), store.backend(), tasks, store.revokes(),
                new InMemoryRateLimiter(), new InMemoryEventBus(), new InMemoryWorkerRegistry(),
                JsonMapper.builder().build(), BenchObservability.executionInterceptors(),
                BenchObservability.listener(listener), Clock.systemUTC());
        Worker worker = new Worker(services, options);
        ShutdownCleanup.register(worker, worker::stop);
        return worker;
    }

    /// Stops `worker` (waiting for its running tasks) and forgets its shutdown action.
    static void stop(Worker worker) {
        worker.stop();
        ShutdownCleanup.unregister(worker);
    }

    /// Enqueues `count` tasks through [Stem#enqueueAll] in batches of [#BATCH], each with `options`.
    static void enqueueInBatches(Stem stem, int count, EnqueueOptions options) {
        for (int from = 0; from < count; from += BATCH) {
            int size = Math.min(BATCH, count - from);
            List<TaskRequest> batch = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                batch.add(new TaskRequest(TASK, null, options));
            }
            stem.enqueueAll(batch);
        }
    }

    /// Whether `queue` holds nothing: no ready, delayed, leased or dead message.
    static boolean isEmpty(BenchStore store, String queue) {
        return store.broker().stats(queue).equals(new QueueStats(queue, 0, 0, 0, 0));
    }
}

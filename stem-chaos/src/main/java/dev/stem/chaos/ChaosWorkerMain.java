package dev.stem.chaos;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import tools.jackson.databind.json.JsonMapper;

import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryRateLimiter;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.worker.LoggingWorkerListener;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerOptions;
import dev.stem.worker.WorkerServices;

/// A chaos worker process: the real [Worker] on the store named by [ChaosStore#fromSystemProperties()],
/// running [ChaosTasks] from one queue until it is killed, or until SIGTERM stops it gracefully.
///
/// System properties: `chaos.queue`, `chaos.ledger` (the ledger folder), `chaos.incarnation`,
/// `chaos.lease-ms`, `chaos.concurrency`, `chaos.prefetch`, `chaos.max-recoveries`,
/// `chaos.track-started`, `chaos.async-worker-commits` (PostgreSQL); `stem.failpoints` arms the
/// engine's failpoints.
public final class ChaosWorkerMain {

    /// The line printed on standard output once the worker runs.
    public static final String READY = "chaos worker ready";

    private ChaosWorkerMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        ChaosStore store = ChaosStore.fromSystemProperties();
        String incarnation = ChaosStore.required("chaos.incarnation");
        StoreConnection connection = store.open();
        Ledger ledger = Ledger.open(Path.of(ChaosStore.required("chaos.ledger")), incarnation);
        WorkerOptions options = new WorkerOptions(incarnation, List.of(ChaosStore.required("chaos.queue")),
                Integer.getInteger("chaos.concurrency", 8), Integer.getInteger("chaos.prefetch", 8),
                Duration.ofMillis(Long.getLong("chaos.lease-ms", 3_000)), Duration.ofMillis(500), Duration.ofSeconds(5),
                Duration.ofSeconds(1), Integer.getInteger("chaos.max-recoveries", 2), Duration.ofHours(1),
                Boolean.getBoolean("chaos.track-started"),
                Duration.ofMinutes(5), 8);
        Worker worker = new Worker(new WorkerServices(connection.broker(), connection.backend(),
                ChaosTasks.registry(ledger, incarnation), new InMemoryRevokeStore(), new InMemoryRateLimiter(),
                new InMemoryEventBus(), new InMemoryWorkerRegistry(), JsonMapper.builder().build(), List.of(),
                new LoggingWorkerListener(), Clock.systemUTC()), options);
        Runtime.getRuntime().addShutdownHook(new Thread(worker::stop, "chaos-worker-stop"));
        worker.start();
        System.out.println(READY);
        System.out.flush();
        Thread.currentThread().join();
    }
}

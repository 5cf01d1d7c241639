package dev.stem.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import dev.stem.control.WorkerInfo;
import dev.stem.control.WorkerRegistry;

/// A [WorkerRegistry] in this JVM's memory: a worker is listed from its first heartbeat until `ttl`
/// after its last one (by the given clock), or until removed; each heartbeat replaces the worker's
/// info. Thread-safe.
public final class InMemoryWorkerRegistry implements WorkerRegistry {

    private final Clock clock;

    private final ExpiringMap<String, WorkerInfo> workers = new ExpiringMap<>();

    /// A registry on the system UTC clock.
    public InMemoryWorkerRegistry() {
        this(Clock.systemUTC());
    }

    /// A registry that reads time from `clock`.
    public InMemoryWorkerRegistry(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void heartbeat(WorkerInfo worker, Duration ttl) {
        Checks.requirePositive("ttl", ttl);
        Instant now = this.clock.instant();
        this.workers.put(worker.id(), worker, now.plus(ttl), now);
    }

    @Override
    public synchronized List<WorkerInfo> alive() {
        return this.workers.live(this.clock.instant()).stream().map(Map.Entry::getValue)
                .sorted(Comparator.comparing(WorkerInfo::id)).toList();
    }

    @Override
    public synchronized void remove(String workerId) {
        this.workers.remove(workerId, this.clock.instant());
    }
}

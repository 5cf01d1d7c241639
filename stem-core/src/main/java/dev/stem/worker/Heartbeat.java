package dev.stem.worker;

import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.control.EventBus;
import dev.stem.control.StemEvent;
import dev.stem.control.WorkerInfo;
import dev.stem.control.WorkerRegistry;

/// Announces a worker: records it in the worker registry (expiring after three missed beats) and
/// broadcasts a `worker-heartbeat` event.
final class Heartbeat implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

    private final WorkerRegistry registry;

    private final EventBus events;

    private final Supplier<WorkerInfo> info;

    private final Duration ttl;

    Heartbeat(WorkerRegistry registry, EventBus events, Supplier<WorkerInfo> info, Duration interval) {
        this.registry = registry;
        this.events = events;
        this.info = info;
        this.ttl = interval.multipliedBy(3);
    }

    @Override
    public void run() {
        WorkerInfo worker = this.info.get();
        try {
            this.registry.heartbeat(worker, this.ttl);
            this.events.publish(new StemEvent(StemEvent.WORKER_HEARTBEAT, worker.id(), worker.lastHeartbeat(),
                    Map.of("queues", worker.queues(), "concurrency", worker.concurrency(), "active", worker.active(),
                            "processed", worker.processed())));
        }
        catch (RuntimeException ex) {
            log.warn("Could not send the heartbeat of worker {}: {}", worker.id(), ex.toString());
        }
    }

    /// Removes the worker from the registry at a clean stop.
    void farewell(String workerId) {
        try {
            this.registry.remove(workerId);
        }
        catch (RuntimeException ex) {
            log.debug("Could not remove worker {} from the registry", workerId, ex);
        }
    }
}

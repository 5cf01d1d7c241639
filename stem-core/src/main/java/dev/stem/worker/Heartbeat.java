package dev.stem.worker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.control.EventBus;
import dev.stem.control.StemEvent;
import dev.stem.control.WorkerInfo;
import dev.stem.control.WorkerRegistry;

/// Announces a worker: records it in the worker registry (listed, stale once it misses
/// [WorkerInfo#STALE_AFTER_BEATS] beats, until it missed [WorkerInfo#FORGET_AFTER_BEATS]) and broadcasts a
/// `worker-heartbeat` event carrying the same facts.
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
        this.ttl = interval.multipliedBy(WorkerInfo.FORGET_AFTER_BEATS);
    }

    @Override
    public void run() {
        WorkerInfo worker = this.info.get();
        try {
            this.registry.heartbeat(worker, this.ttl);
            this.events.publish(new StemEvent(StemEvent.WORKER_HEARTBEAT, worker.id(), worker.lastHeartbeat(),
                    eventData(worker)));
        }
        catch (RuntimeException ex) {
            log.warn("Could not send the heartbeat of worker {}: {}", worker.id(), ex.toString());
        }
    }

    /// The heartbeat as event data: plain strings, numbers and lists, durations in milliseconds.
    static Map<String, Object> eventData(WorkerInfo worker) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("hostname", worker.hostname());
        data.put("pid", worker.pid());
        data.put("queues", worker.queues());
        data.put("concurrency", worker.concurrency());
        data.put("active", worker.active());
        data.put("processed", worker.processed());
        data.put("startedAt", worker.startedAt().toString());
        data.put("uptimeMs", worker.uptime().toMillis());
        data.put("heartbeatIntervalMs", worker.heartbeatInterval().toMillis());
        data.put("version", worker.version());
        data.put("running", worker.running().stream().map(task -> Map.<String, Object>of("id", task.id(), "task",
                task.task(), "queue", task.queue(), "attempt", task.attempt(), "startedAt",
                task.startedAt().toString())).toList());
        return data;
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

package dev.stem.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.stem.worker.Worker;

/// Gauges of this process's worker: busy and idle execution slots, and the prefetch buffer. Each
/// reads a counter the worker keeps anyway, so a scrape costs nothing.
public final class WorkerMetrics implements MeterBinder {

    private final Worker worker;

    /// Gauges of `worker`.
    public WorkerMetrics(Worker worker) {
        this.worker = worker;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder(StemMeters.WORKER_SLOTS, this.worker, Worker::activeCount)
                .description("Execution slots of the worker").tag(StemMeters.TAG_STATE, "busy").register(registry);
        Gauge.builder(StemMeters.WORKER_SLOTS, this.worker,
                        w -> Math.max(0, w.concurrency() - w.activeCount()))
                .description("Execution slots of the worker").tag(StemMeters.TAG_STATE, "idle").register(registry);
        Gauge.builder(StemMeters.WORKER_PREFETCH_BUFFERED, this.worker, Worker::bufferedCount)
                .description("Messages leased by the worker and waiting for a free slot").register(registry);
    }
}

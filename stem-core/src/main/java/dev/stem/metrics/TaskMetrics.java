package dev.stem.metrics;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.worker.WorkerListener;

/// Counts and times what happens to tasks: as a [WorkerListener] on the worker, as an
/// [EnqueueInterceptor] on the client (it counts a message once the broker accepted it, not when it
/// is only validated). Meters are tagged with the task name and queue only (plus the outcome
/// or the dead-letter reason), and built once per task and queue, so the hot path is two map lookups
/// (no allocation) and an increment.
public final class TaskMetrics implements WorkerListener, EnqueueInterceptor {

    private final MeterRegistry registry;

    private final Clock clock;

    private final double[] percentiles;

    private final Map<String, Map<String, Meters>> metersByQueue = new ConcurrentHashMap<>();

    /// Meters in `registry`; timers publish `percentiles` (such as 0.5, 0.95, 0.99; none if empty).
    public TaskMetrics(MeterRegistry registry, Clock clock, List<Double> percentiles) {
        this.registry = registry;
        this.clock = clock;
        this.percentiles = percentiles.stream().mapToDouble(Double::doubleValue).toArray();
    }

    @Override
    public Envelope beforePublish(Envelope envelope) {
        return envelope;
    }

    @Override
    public void published(Envelope envelope) {
        meters(envelope).enqueued.increment();
    }

    @Override
    public void started(Envelope envelope) {
        Meters meters = meters(envelope);
        meters.started.increment();
        Instant due = envelope.eta() != null && envelope.eta().isAfter(envelope.createdAt()) ? envelope.eta()
                : envelope.createdAt();
        Duration wait = Duration.between(due, this.clock.instant());
        meters.queueWait.record(wait.isNegative() ? Duration.ZERO : wait);
    }

    @Override
    public void succeeded(Envelope envelope, Duration duration, @Nullable Object result) {
        Meters meters = meters(envelope);
        meters.succeeded.increment();
        meters.executionSuccess.record(duration);
    }

    @Override
    public void failed(Envelope envelope, Duration duration, Throwable error) {
        Meters meters = meters(envelope);
        meters.failed.increment();
        meters.executionFailure.record(duration);
    }

    @Override
    public void retried(Envelope envelope, Throwable error, Duration delay) {
        meters(envelope).retried.increment();
    }

    @Override
    public void deadLettered(Envelope envelope, DeadLetterReason reason) {
        meters(envelope).deadLettered.computeIfAbsent(reason.code(), code -> Counter.builder(StemMeters.DEAD_LETTERED)
                .description("Messages moved to the dead letter queue")
                .tags(tags(envelope).and(StemMeters.TAG_REASON, code)).register(this.registry)).increment();
    }

    @Override
    public void skipped(Envelope envelope, String why) {
        Meters meters = meters(envelope);
        if (envelope.isExpired(this.clock.instant())) {
            meters.expired.increment();
        }
        else {
            meters.revoked.increment();
        }
    }

    private Meters meters(Envelope envelope) {
        Map<String, Meters> byTask = this.metersByQueue.get(envelope.queue());
        if (byTask == null) {
            byTask = this.metersByQueue.computeIfAbsent(envelope.queue(), queue -> new ConcurrentHashMap<>());
        }
        Meters found = byTask.get(envelope.task());
        return found != null ? found : byTask.computeIfAbsent(envelope.task(), task -> new Meters(tags(envelope)));
    }

    private static Tags tags(Envelope envelope) {
        return Tags.of(StemMeters.TAG_TASK, envelope.task(), StemMeters.TAG_QUEUE, envelope.queue());
    }

    /// The meters of one task on one queue.
    private final class Meters {

        final Counter enqueued;

        final Counter started;

        final Counter succeeded;

        final Counter failed;

        final Counter retried;

        final Counter revoked;

        final Counter expired;

        final Map<String, Counter> deadLettered = new ConcurrentHashMap<>();

        final Timer executionSuccess;

        final Timer executionFailure;

        final Timer queueWait;

        Meters(Tags tags) {
            this.enqueued = counter(StemMeters.ENQUEUED, "Messages the broker accepted from the client", tags);
            this.started = counter(StemMeters.STARTED, "Attempts started", tags);
            this.succeeded = counter(StemMeters.SUCCEEDED, "Attempts that returned a result", tags);
            this.failed = counter(StemMeters.FAILED, "Attempts that raised an error", tags);
            this.retried = counter(StemMeters.RETRIED, "Retries scheduled", tags);
            this.revoked = counter(StemMeters.REVOKED, "Messages dropped unrun because they were revoked", tags);
            this.expired = counter(StemMeters.EXPIRED, "Messages dropped unrun because they expired", tags);
            this.executionSuccess = timer(StemMeters.EXECUTION, "How long attempts ran",
                    tags.and(StemMeters.TAG_OUTCOME, "success"));
            this.executionFailure = timer(StemMeters.EXECUTION, "How long attempts ran",
                    tags.and(StemMeters.TAG_OUTCOME, "failure"));
            this.queueWait = timer(StemMeters.QUEUE_WAIT, "How long messages waited from due to their attempt's start",
                    tags);
        }

        private Counter counter(String name, String description, Tags tags) {
            return Counter.builder(name).description(description).tags(tags).register(TaskMetrics.this.registry);
        }

        private Timer timer(String name, String description, Tags tags) {
            return Timer.builder(name).description(description).tags(tags)
                    .publishPercentiles(TaskMetrics.this.percentiles).register(TaskMetrics.this.registry);
        }
    }
}

package dev.stem.worker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;

import org.jspecify.annotations.Nullable;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;

/// Counts, per queue, what a worker did with its messages since it started: succeeded, retried
/// (failed with another attempt scheduled), dead-lettered and skipped (revoked or expired). The
/// control plane's `stats` reply carries them, so a sampler can compute rates over an interval.
final class QueueCounters implements WorkerListener {

    private static final String[] NAMES = { "succeeded", "retried", "deadLettered", "skipped" };

    private final Map<String, AtomicLongArray> counts = new ConcurrentHashMap<>();

    @Override
    public void succeeded(Envelope envelope, Duration duration, @Nullable Object result) {
        count(envelope, 0);
    }

    @Override
    public void retried(Envelope envelope, Throwable error, Duration delay) {
        count(envelope, 1);
    }

    @Override
    public void deadLettered(Envelope envelope, DeadLetterReason reason) {
        count(envelope, 2);
    }

    @Override
    public void skipped(Envelope envelope, String why) {
        count(envelope, 3);
    }

    /// The counts so far: queue name to `succeeded`, `retried`, `deadLettered` and `skipped`.
    Map<String, Object> snapshot() {
        Map<String, Object> queues = new LinkedHashMap<>();
        this.counts.forEach((queue, values) -> {
            Map<String, Object> counts = new LinkedHashMap<>();
            for (int i = 0; i < NAMES.length; i++) {
                counts.put(NAMES[i], values.get(i));
            }
            queues.put(queue, counts);
        });
        return queues;
    }

    private void count(Envelope envelope, int index) {
        this.counts.computeIfAbsent(envelope.queue(), queue -> new AtomicLongArray(NAMES.length))
                .incrementAndGet(index);
    }
}

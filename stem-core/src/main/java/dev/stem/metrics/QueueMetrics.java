package dev.stem.metrics;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import dev.stem.broker.QueueMonitor;
import dev.stem.broker.QueueStats;

/// Gauges of every queue, set from the [QueueMonitor]'s readings (never by a query per scrape):
/// messages by state and the age of the oldest ready message.
public final class QueueMetrics implements MeterBinder {

    private final QueueMonitor monitor;

    private volatile @Nullable MultiGauge messages;

    private volatile @Nullable MultiGauge oldestReadyAge;

    /// Gauges fed by `monitor`.
    public QueueMetrics(QueueMonitor monitor) {
        this.monitor = monitor;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.messages = MultiGauge.builder(StemMeters.QUEUE_MESSAGES).description("Messages of a queue by state")
                .register(registry);
        this.oldestReadyAge = MultiGauge.builder(StemMeters.QUEUE_OLDEST_READY_AGE).baseUnit("seconds")
                .description("How long the oldest ready message of a queue has been due").register(registry);
        this.monitor.addListener(this::update);
        update(this.monitor.snapshot());
    }

    private void update(QueueMonitor.Snapshot snapshot) {
        MultiGauge messages = this.messages;
        MultiGauge age = this.oldestReadyAge;
        if (messages == null || age == null) {
            return;
        }
        List<MultiGauge.Row<?>> counts = new ArrayList<>();
        List<MultiGauge.Row<?>> ages = new ArrayList<>();
        for (QueueMonitor.QueueReading reading : snapshot.queues()) {
            QueueStats stats = reading.stats();
            Tags queue = Tags.of(StemMeters.TAG_QUEUE, stats.queue());
            counts.add(MultiGauge.Row.of(queue.and(StemMeters.TAG_STATE, "ready"), stats.ready()));
            counts.add(MultiGauge.Row.of(queue.and(StemMeters.TAG_STATE, "delayed"), stats.delayed()));
            counts.add(MultiGauge.Row.of(queue.and(StemMeters.TAG_STATE, "leased"), stats.inFlight()));
            counts.add(MultiGauge.Row.of(queue.and(StemMeters.TAG_STATE, "dead"), stats.dead()));
            ages.add(MultiGauge.Row.of(queue, reading.oldestReadyAge() == null ? 0.0
                    : reading.oldestReadyAge().toMillis() / 1000.0));
        }
        messages.register(counts, true);
        age.register(ages, true);
    }
}

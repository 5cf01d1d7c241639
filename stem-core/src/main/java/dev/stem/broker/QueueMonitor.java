package dev.stem.broker;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/// Reads the counts of every queue from the broker on a schedule and keeps the last reading, so that
/// gauges, health and dashboards read a cached snapshot instead of querying the broker per scrape.
///
/// Watches the queues the broker has seen and any it is told to ([#QueueMonitor] `queues`). A
/// reading that fails keeps the previous counts and records the failure
/// ([Snapshot#error()]): the broker is then unreachable until a reading succeeds again. Listeners
/// are told of every reading, on the monitor's thread.
public final class QueueMonitor implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(QueueMonitor.class);

    private final Broker broker;

    private final Set<String> queues;

    private final Duration interval;

    private final Clock clock;

    private final List<Consumer<Snapshot>> listeners = new CopyOnWriteArrayList<>();

    private volatile Snapshot snapshot;

    private @Nullable ScheduledExecutorService timer;

    /// A monitor of `broker` reading every `interval`, watching `queues` besides those the broker lists.
    public QueueMonitor(Broker broker, Duration interval, List<String> queues, Clock clock) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("queue monitor interval must be positive, was " + interval);
        }
        this.broker = broker;
        this.interval = interval;
        this.queues = new TreeSet<>(queues);
        this.clock = clock;
        this.snapshot = new Snapshot(List.of(), clock.instant(), null);
    }

    /// The counts of one queue at one moment.
    ///
    /// @param stats the counts by state
    /// @param oldestReadyAge how long the oldest ready message has been due, `null` when none is ready
    public record QueueReading(QueueStats stats, @Nullable Duration oldestReadyAge) {
    }

    /// The last reading of every watched queue.
    ///
    /// @param queues the queues, by name
    /// @param readAt when they were read
    /// @param error why the last reading failed (the queues are then those of the last good one), or `null`
    public record Snapshot(List<QueueReading> queues, Instant readAt, @Nullable String error) {

        /// Whether the last reading reached the broker.
        public boolean brokerReachable() {
            return this.error == null;
        }
    }

    /// The last reading, without asking the broker.
    public Snapshot snapshot() {
        return this.snapshot;
    }

    /// How often the monitor reads.
    public Duration interval() {
        return this.interval;
    }

    /// Calls `listener` after every reading, on the monitor's thread (or the caller's of [#refresh]).
    public void addListener(Consumer<Snapshot> listener) {
        this.listeners.add(listener);
    }

    /// Reads every queue now and returns (and keeps) the reading.
    public Snapshot refresh() {
        Snapshot next;
        try {
            Set<String> names = new TreeSet<>(this.queues);
            names.addAll(this.broker.queues());
            List<QueueReading> readings = new ArrayList<>(names.size());
            for (String name : names) {
                readings.add(new QueueReading(this.broker.stats(name), this.broker.oldestReadyAge(name).orElse(null)));
            }
            next = new Snapshot(List.copyOf(readings), this.clock.instant(), null);
        }
        catch (RuntimeException ex) {
            if (this.snapshot.brokerReachable()) {
                log.warn("Could not read the queues from the broker: {}", ex.toString());
            }
            next = new Snapshot(this.snapshot.queues(), this.clock.instant(), ex.toString());
        }
        this.snapshot = next;
        for (Consumer<Snapshot> listener : this.listeners) {
            try {
                listener.accept(next);
            }
            catch (RuntimeException ex) {
                log.warn("A queue monitor listener failed: {}", ex.toString());
            }
        }
        return next;
    }

    @Override
    public synchronized void start() {
        if (this.timer != null) {
            return;
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("stem-queue-monitor").daemon().factory());
        this.timer.scheduleWithFixedDelay(this::refresh, 0, this.interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /// Stops reading, letting a reading in progress finish (for up to 5 seconds) so that it is not
    /// interrupted halfway and reported as a broker failure.
    @Override
    public synchronized void stop() {
        ScheduledExecutorService running = this.timer;
        if (running == null) {
            return;
        }
        this.timer = null;
        running.shutdown();
        try {
            if (!running.awaitTermination(5, TimeUnit.SECONDS)) {
                running.shutdownNow();
            }
        }
        catch (InterruptedException ex) {
            running.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return this.timer != null;
    }
}

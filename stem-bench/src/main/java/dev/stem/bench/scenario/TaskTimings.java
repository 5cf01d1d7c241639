package dev.stem.bench.scenario;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

import dev.stem.envelope.Envelope;
import dev.stem.task.TaskHandler;
import dev.stem.worker.WorkerListener;

/// Times a worker's tasks: the first start and last end of the no-op handler, and (as the worker's
/// listener, told after a success was acked) the count and time of the last ack. Times come from
/// the given nanosecond clock. Thread-safe.
final class TaskTimings implements WorkerListener {

    private final LongSupplier nanos;

    private final AtomicLong firstStart = new AtomicLong(Long.MAX_VALUE);

    private final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);

    private final AtomicLong ended = new AtomicLong();

    private final AtomicLong lastAck = new AtomicLong(Long.MIN_VALUE);

    private final AtomicLong acked = new AtomicLong();

    TaskTimings(LongSupplier nanos) {
        this.nanos = nanos;
    }

    /// A no-op handler that records its start and end.
    TaskHandler noopHandler() {
        return context -> {
            long start = this.nanos.getAsLong();
            this.firstStart.accumulateAndGet(start, Math::min);
            this.ended.incrementAndGet();
            this.lastEnd.accumulateAndGet(this.nanos.getAsLong(), Math::max);
            return null;
        };
    }

    @Override
    public void succeeded(Envelope envelope, Duration duration, @Nullable Object result) {
        this.acked.incrementAndGet();
        this.lastAck.accumulateAndGet(this.nanos.getAsLong(), Math::max);
    }

    /// Forgets everything recorded so far (call while no worker runs).
    void reset() {
        this.firstStart.set(Long.MAX_VALUE);
        this.lastEnd.set(Long.MIN_VALUE);
        this.ended.set(0);
        this.lastAck.set(Long.MIN_VALUE);
        this.acked.set(0);
    }

    long firstStart() {
        return this.firstStart.get();
    }

    long lastEnd() {
        return this.lastEnd.get();
    }

    long ended() {
        return this.ended.get();
    }

    long lastAck() {
        return this.lastAck.get();
    }

    long acked() {
        return this.acked.get();
    }

    /// The current time by this recorder's clock.
    long now() {
        return this.nanos.getAsLong();
    }
}

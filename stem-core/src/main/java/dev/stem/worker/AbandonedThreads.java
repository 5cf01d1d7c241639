package dev.stem.worker;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/// Counts the threads of attempts abandoned past their hard time limit, and acts once too many
/// still run: such a thread holds a CPU (a loop that ignores interrupts) or a resource until the
/// process ends, and only a restart gets them back.
final class AbandonedThreads {

    private final int max;

    private final Runnable onTooMany;

    private final AtomicInteger running = new AtomicInteger();

    private final AtomicLong total = new AtomicLong();

    private final AtomicBoolean tooMany = new AtomicBoolean();

    /// Calls `onTooMany` once, when more than `max` abandoned threads run at once.
    AbandonedThreads(int max, Runnable onTooMany) {
        this.max = max;
        this.onTooMany = onTooMany;
    }

    /// An attempt was abandoned and its thread still runs.
    void abandoned() {
        this.total.incrementAndGet();
        if (this.running.incrementAndGet() > this.max && this.tooMany.compareAndSet(false, true)) {
            this.onTooMany.run();
        }
    }

    /// The thread of an abandoned attempt ended after all.
    void ended() {
        this.running.decrementAndGet();
    }

    /// Abandoned threads still running.
    int running() {
        return this.running.get();
    }

    /// Attempts abandoned since start.
    long total() {
        return this.total.get();
    }
}

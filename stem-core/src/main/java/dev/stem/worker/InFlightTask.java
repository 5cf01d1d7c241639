package dev.stem.worker;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;

import dev.stem.broker.Delivery;

/// A leased message this worker is running: its lease deadline moves as the lease is extended.
final class InFlightTask {

    private final Delivery delivery;

    private volatile Instant leaseDeadline;

    private volatile @Nullable Thread thread;

    private volatile boolean givenBack;

    private volatile boolean revoked;

    private final AtomicBoolean handlerDone = new AtomicBoolean();

    private final AtomicBoolean claimed = new AtomicBoolean();

    private final Runnable onHandlerDone;

    /// A task for `delivery`; `onHandlerDone` runs once, when its handler has finished (or will not run).
    InFlightTask(Delivery delivery, Runnable onHandlerDone) {
        this.delivery = delivery;
        this.leaseDeadline = delivery.leaseExpiresAt();
        this.onHandlerDone = onHandlerDone;
    }

    /// Records that the handler finished or will not run; only the first call has an effect.
    void handlerDone() {
        if (this.handlerDone.compareAndSet(false, true)) {
            this.onHandlerDone.run();
        }
    }

    /// Claims the message for whoever decides its fate first: the slot that runs it, or a stop that
    /// gives it back before it started. Only the first call returns `true`.
    boolean claim() {
        return this.claimed.compareAndSet(false, true);
    }

    Delivery delivery() {
        return this.delivery;
    }

    Instant leaseDeadline() {
        return this.leaseDeadline;
    }

    void leaseExtendedTo(Instant deadline) {
        this.leaseDeadline = deadline;
    }

    void runningOn(@Nullable Thread thread) {
        this.thread = thread;
    }

    /// Marks the message as returned to the broker unfinished and interrupts its task.
    void giveBack() {
        this.givenBack = true;
        Thread running = this.thread;
        if (running != null) {
            running.interrupt();
        }
    }

    /// Whether the handler finished or will not run: only settling is left, which needs no longer lease.
    boolean isHandlerDone() {
        return this.handlerDone.get();
    }

    /// Marks the message as revoked when it was fetched.
    void markRevoked() {
        this.revoked = true;
    }

    /// Whether the message was found revoked when it was fetched.
    boolean isRevoked() {
        return this.revoked;
    }

    /// Whether the message was returned unfinished: nothing may settle it any more.
    boolean isGivenBack() {
        return this.givenBack;
    }
}

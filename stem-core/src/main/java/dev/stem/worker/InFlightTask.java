package dev.stem.worker;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.stem.broker.Delivery;

/// A message this worker holds, from its fetch until it is settled: running, waiting for a slot,
/// or finished and waiting for its result and ack. Its lease deadline moves as the lease is extended.
final class InFlightTask {

    private final Delivery delivery;

    private volatile Instant leaseDeadline;

    private volatile @Nullable Thread thread;

    private volatile @Nullable Instant startedAt;

    private volatile boolean givenBack;

    private volatile boolean revoked;

    private volatile boolean terminated;

    private volatile boolean leaseLost;

    private volatile boolean queuedForSettling;

    private final AtomicBoolean handlerDone = new AtomicBoolean();

    private final AtomicBoolean claimed = new AtomicBoolean();

    private final AtomicBoolean settled = new AtomicBoolean();

    private final Consumer<InFlightTask> onHandlerDone;

    private final Consumer<InFlightTask> onSettled;

    /// A task for `delivery`; `onHandlerDone` runs once, when its handler has finished (or will not
    /// run), and `onSettled` once, when nothing more will be written under its lease.
    InFlightTask(Delivery delivery, Consumer<InFlightTask> onHandlerDone, Consumer<InFlightTask> onSettled) {
        this.delivery = delivery;
        this.leaseDeadline = delivery.leaseExpiresAt();
        this.onHandlerDone = onHandlerDone;
        this.onSettled = onSettled;
    }

    /// Records that the handler finished or will not run; only the first call has an effect. After
    /// it a [#revoke] no longer interrupts the thread.
    void handlerDone() {
        boolean first;
        synchronized (this.handlerDone) {
            first = this.handlerDone.compareAndSet(false, true);
        }
        if (first) {
            this.onHandlerDone.accept(this);
        }
    }

    /// Records that the message is settled (acked, retried, dead-lettered, given back, or left to
    /// lapse): its lease needs no more extending. Only the first call has an effect.
    void settled() {
        if (this.settled.compareAndSet(false, true)) {
            this.onSettled.accept(this);
        }
    }

    /// Whether [#settled()] was called.
    boolean isSettled() {
        return this.settled.get();
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

    /// Records that the broker refused to extend the lease: another worker may hold the message now.
    void markLeaseLost() {
        this.leaseLost = true;
    }

    /// Whether the broker refused to extend the lease; settling writes then stop retrying.
    boolean isLeaseLost() {
        return this.leaseLost;
    }

    /// Records that the message was handed to the settling batch, which settles it.
    void markQueuedForSettling() {
        this.queuedForSettling = true;
    }

    /// Whether the message was handed to the settling batch.
    boolean isQueuedForSettling() {
        return this.queuedForSettling;
    }

    /// Records when its handler started.
    void startedAt(Instant startedAt) {
        this.startedAt = startedAt;
    }

    /// When its handler started, or `null` while it waits for a slot.
    @Nullable Instant startedAt() {
        return this.startedAt;
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

    /// Whether the handler finished or will not run.
    boolean isHandlerDone() {
        return this.handlerDone.get();
    }

    /// Marks the message as revoked when it was fetched.
    void markRevoked() {
        this.revoked = true;
    }

    /// Whether the message was revoked: found so when it was fetched, or revoked since.
    boolean isRevoked() {
        return this.revoked;
    }

    /// Marks the message revoked after its fetch: it does not start if it has not yet; with
    /// `terminate`, a handler running it is interrupted and the message ends `REVOKED`.
    void revoke(boolean terminate) {
        this.revoked = true;
        if (!terminate) {
            return;
        }
        synchronized (this.handlerDone) {
            Thread running = this.thread;
            if (!this.handlerDone.get() && running != null) {
                this.terminated = true;
                running.interrupt();
            }
        }
    }

    /// Whether a revoke with `terminate` interrupted the running handler.
    boolean isTerminated() {
        return this.terminated;
    }

    /// Whether the message was returned unfinished: nothing may settle it any more.
    boolean isGivenBack() {
        return this.givenBack;
    }
}

package dev.stem.worker;

import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.jspecify.annotations.Nullable;

/// Runs [recovered][dev.stem.broker.Delivery#recovered()] messages alone, so that a worker that dies
/// while running one dies of it alone and its neighbours are not charged a recovery.
///
/// Guarantees:
///
/// - The worker holds at most one recovered message at a time ([#admit]), from its fetch until it
///   is settled (acked, retried, dead-lettered or given back); while it does, fetching waits
///   ([#awaitNoneHeld()]). A recovered message that finished but is not yet acked is still held, so
///   a worker that dies of the next one does not charge it a recovery.
/// - A recovered message runs only while no other message of this worker runs, and no other
///   message starts until it has finished ([#lockFor]: exclusive for a recovered message, shared
///   for the others, granted in arrival order so the recovered one is not starved).
final class Isolation {

    private final ReentrantReadWriteLock running = new ReentrantReadWriteLock(true);

    private final AtomicReference<@Nullable InFlightTask> held = new AtomicReference<>();

    private final Object change = new Object();

    /// Takes `task`, a recovered message, as the one held; `false` when another is held already
    /// (the caller gives it back unrun: it is not charged).
    boolean admit(InFlightTask task) {
        return this.held.compareAndSet(null, task);
    }

    /// Records that `task` is settled; fetching resumes if it was the one held.
    void done(InFlightTask task) {
        if (this.held.compareAndSet(task, null)) {
            synchronized (this.change) {
                this.change.notifyAll();
            }
        }
    }

    /// Waits while a recovered message is held.
    void awaitNoneHeld() throws InterruptedException {
        if (this.held.get() == null) {
            return;
        }
        synchronized (this.change) {
            while (this.held.get() != null) {
                this.change.wait();
            }
        }
    }

    /// The lock `task` runs under: exclusive for a recovered message, shared for the others.
    Lock lockFor(InFlightTask task) {
        return task.delivery().recovered() ? this.running.writeLock() : this.running.readLock();
    }
}

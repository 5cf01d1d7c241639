package dev.stem.worker;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;

/// Runs [recovered][dev.stem.broker.Delivery#recovered()] messages alone, so that a worker that dies
/// while running one dies of it alone and no other message is charged a recovery.
///
/// Guarantees:
///
/// - The worker holds at most one recovered message at a time ([#admit]), from its fetch until it
///   is settled (acked, retried, dead-lettered or given back). While it does, no fetch starts
///   ([#beginFetch()]), and a message that has not started yet does not start ([#enterShared()]
///   answers `false`, and the caller gives it back).
/// - A recovered message starts ([#awaitAlone]) only once the worker holds nothing else: every
///   other message has finished and been settled or was given back, and every fetch that was in
///   flight when it was admitted has returned and handed over what it leased. A worker that dies
///   of it leaves only it leased.
final class Isolation {

    /// How long a waiting recovered message sleeps before it looks again without being woken: the
    /// worker's view of what it holds, and whether it still runs, change without a signal here.
    private static final long RECHECK_MILLIS = 50;

    private final Object change = new Object();

    private volatile @Nullable InFlightTask held;

    /// Messages that are not recovered and run now.
    private final AtomicInteger running = new AtomicInteger();

    /// Fetches between [#beginFetch()] and [#endFetch()].
    private final AtomicInteger fetches = new AtomicInteger();

    /// Takes `task`, a recovered message, as the one held; `false` when another is held already
    /// (the caller gives it back unrun: it is not charged).
    boolean admit(InFlightTask task) {
        synchronized (this.change) {
            if (this.held != null) {
                return false;
            }
            this.held = task;
            return true;
        }
    }

    /// Records that `task` is settled; fetching resumes if it was the one held.
    void done(InFlightTask task) {
        if (this.held != null) {
            synchronized (this.change) {
                if (this.held == task) {
                    this.held = null;
                }
                this.change.notifyAll();
            }
        }
    }

    /// Waits while a recovered message is held, then counts a fetch in flight until [#endFetch()].
    void beginFetch() throws InterruptedException {
        synchronized (this.change) {
            while (this.held != null) {
                this.change.wait();
            }
            this.fetches.incrementAndGet();
        }
    }

    /// Ends a fetch begun with [#beginFetch()], once what it leased has been taken or given back.
    void endFetch() {
        this.fetches.decrementAndGet();
        wakeHeld();
    }

    /// Counts a message that is not recovered as running; `false` (and nothing counted) when a
    /// recovered message is held, in which case the caller gives the message back instead.
    boolean enterShared() {
        this.running.incrementAndGet();
        if (this.held != null) {
            exitShared();
            return false;
        }
        return true;
    }

    /// Ends a run counted by [#enterShared()].
    void exitShared() {
        this.running.decrementAndGet();
        wakeHeld();
    }

    /// Waits until `task`, the recovered message held, may start: nothing else runs, no fetch is in
    /// flight and `holdsOnlyIt` answers `true`; or until `stillRunning` answers `false`. Before each
    /// look it calls `giveBackWaiting` (outside any lock), which gives back the messages that have
    /// not started: one queued behind `task` for the same slot would otherwise never leave.
    void awaitAlone(InFlightTask task, Runnable giveBackWaiting, BooleanSupplier holdsOnlyIt,
            BooleanSupplier stillRunning) throws InterruptedException {
        if (this.held != task) {
            throw new IllegalStateException(
                    "message " + task.delivery().id() + " was not admitted as the recovered one");
        }
        while (true) {
            giveBackWaiting.run();
            synchronized (this.change) {
                if (!stillRunning.getAsBoolean() || (this.running.get() == 0 && this.fetches.get() == 0
                        && holdsOnlyIt.getAsBoolean())) {
                    return;
                }
                this.change.wait(RECHECK_MILLIS);
            }
        }
    }

    /// Wakes the recovered message waiting in [#awaitAlone], if one is held.
    private void wakeHeld() {
        if (this.held != null) {
            synchronized (this.change) {
                this.change.notifyAll();
            }
        }
    }

    /// Whether a recovered message is held.
    boolean holdsOne() {
        return this.held != null;
    }
}

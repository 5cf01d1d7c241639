package dev.stem.worker;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/// The places a worker has for leased messages.
///
/// Guarantees: at most the number of places (initial, then as [#resize]d) is ever taken and not
/// given back; a thread waiting in [#takeWhenEnough()] is woken only once at least `threshold` places are free, not on
/// every place given back, so a busy worker's fetch threads sleep between batches.
final class LeasePlaces {

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition enough = this.lock.newCondition();

    private final int threshold;

    private int free;

    /// `places` free places; a fetch waits for `threshold` of them (1 to `places`).
    LeasePlaces(int places, int threshold) {
        if (threshold < 1 || threshold > places) {
            throw new IllegalArgumentException("threshold must be 1 to " + places + ", was " + threshold);
        }
        this.free = places;
        this.threshold = threshold;
    }

    /// Waits until at least `threshold` places are free, then takes every free place; returns how many.
    /// An interrupted wait takes nothing and leaves the wake-up to another waiting thread.
    int takeWhenEnough() throws InterruptedException {
        this.lock.lockInterruptibly();
        try {
            while (this.free < this.threshold) {
                this.enough.await();
            }
            int taken = this.free;
            this.free = 0;
            return taken;
        }
        finally {
            this.lock.unlock();
        }
    }

    /// Gives back `count` places; wakes one waiting thread when that makes enough free.
    void give(int count) {
        if (count <= 0) {
            return;
        }
        this.lock.lock();
        try {
            int before = this.free;
            this.free = before + count;
            if (before < this.threshold && this.free >= this.threshold) {
                this.enough.signal();
            }
        }
        finally {
            this.lock.unlock();
        }
    }

    /// Adds `delta` places (removes them when negative, possibly below zero free: places then come
    /// free again only once enough were given back).
    void resize(int delta) {
        if (delta >= 0) {
            give(delta);
            return;
        }
        this.lock.lock();
        try {
            this.free += delta;
        }
        finally {
            this.lock.unlock();
        }
    }

    /// Gives back one place.
    void giveOne() {
        give(1);
    }
}

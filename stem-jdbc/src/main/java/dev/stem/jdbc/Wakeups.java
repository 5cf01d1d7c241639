package dev.stem.jdbc;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/// Lets threads wait for a wake-up on any of a set of keys (queue names, task ids).
///
/// Only keys somebody waits on are tracked, so memory stays bounded by the number of waiters. A
/// waiter registers before it checks the store, so a wake-up that arrives between its check and
/// its wait is not lost.
final class Wakeups {

    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();

    /// Registers a waiter for `keys`; close it when done.
    Waiter register(Collection<String> keys) {
        Waiter waiter = new Waiter(List.copyOf(keys));
        for (String key : waiter.keys) {
            this.waiters.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(waiter);
        }
        return waiter;
    }

    /// Wakes every waiter on `key`.
    void wake(String key) {
        Set<Waiter> set = this.waiters.get(key);
        if (set != null) {
            set.forEach(Waiter::wake);
        }
    }

    /// Wakes every waiter.
    void wakeAll() {
        this.waiters.values().forEach(set -> set.forEach(Waiter::wake));
    }

    /// One thread's registration.
    final class Waiter implements AutoCloseable {

        private final List<String> keys;

        private final Semaphore permit = new Semaphore(0);

        private final AtomicBoolean pending = new AtomicBoolean();

        private Waiter(List<String> keys) {
            this.keys = keys;
        }

        /// Waits up to `timeout` for a wake-up; `true` if one came.
        boolean await(Duration timeout) throws InterruptedException {
            boolean woken = this.permit.tryAcquire(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS);
            if (woken) {
                this.pending.set(false);
            }
            return woken;
        }

        private void wake() {
            if (this.pending.compareAndSet(false, true)) {
                this.permit.release();
            }
        }

        @Override
        public void close() {
            for (String key : this.keys) {
                Wakeups.this.waiters.computeIfPresent(key, (k, set) -> {
                    set.remove(this);
                    return set.isEmpty() ? null : set;
                });
            }
        }
    }
}

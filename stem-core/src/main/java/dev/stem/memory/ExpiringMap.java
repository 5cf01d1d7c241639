package dev.stem.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

import org.jspecify.annotations.Nullable;

/// A map whose entries vanish at their own expiry time, as seen by the caller's clock.
///
/// Expired entries are never returned; they are also dropped on every write, so memory stays bounded
/// by the live entries plus those written since the last expiry. Not thread-safe: the owning adapter
/// guards it.
final class ExpiringMap<K, V> {

    private final Map<K, Timed<V>> entries = new HashMap<>();

    private final PriorityQueue<Expiry<K>> expiries = new PriorityQueue<>();

    /// Stores `value` under `key` until `expiresAt`, replacing any earlier value.
    void put(K key, V value, Instant expiresAt, Instant now) {
        purgeExpired(now);
        this.entries.put(key, new Timed<>(value, expiresAt));
        this.expiries.add(new Expiry<>(key, expiresAt));
    }

    /// Stores `value` under `key` until `expiresAt` unless a live value exists; returns whether it was stored.
    boolean putIfAbsent(K key, V value, Instant expiresAt, Instant now) {
        if (get(key, now) != null) {
            return false;
        }
        put(key, value, expiresAt, now);
        return true;
    }

    /// The live value of `key`, or `null`.
    @Nullable V get(K key, Instant now) {
        Timed<V> timed = this.entries.get(key);
        if (timed == null) {
            return null;
        }
        if (timed.isExpired(now)) {
            this.entries.remove(key);
            return null;
        }
        return timed.value();
    }

    /// Removes `key`; returns the live value it had, or `null`.
    @Nullable V remove(K key, Instant now) {
        Timed<V> timed = this.entries.remove(key);
        return (timed != null && !timed.isExpired(now)) ? timed.value() : null;
    }

    /// Every live key and value, in no particular order.
    List<Map.Entry<K, V>> live(Instant now) {
        purgeExpired(now);
        List<Map.Entry<K, V>> live = new ArrayList<>(this.entries.size());
        this.entries.forEach((key, timed) -> live.add(Map.entry(key, timed.value())));
        return live;
    }

    private void purgeExpired(Instant now) {
        Expiry<K> head;
        while ((head = this.expiries.peek()) != null && !head.at().isAfter(now)) {
            this.expiries.poll();
            Timed<V> current = this.entries.get(head.key());
            if (current != null && current.isExpired(now)) {
                this.entries.remove(head.key());
            }
        }
    }

    private record Timed<V>(V value, Instant expiresAt) {

        boolean isExpired(Instant now) {
            return !this.expiresAt.isAfter(now);
        }
    }

    private record Expiry<K>(K key, Instant at) implements Comparable<Expiry<K>> {

        @Override
        public int compareTo(Expiry<K> other) {
            return this.at.compareTo(other.at);
        }
    }
}

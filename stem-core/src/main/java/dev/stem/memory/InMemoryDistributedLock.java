package dev.stem.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import dev.stem.control.DistributedLock;
import dev.stem.control.LockLease;
import dev.stem.envelope.Names;

/// A [DistributedLock] in this JVM's memory: at most one holder per name until its lease lapses by
/// the given clock; each acquisition gets a fresh random token and only that token extends or
/// releases it. Thread-safe; shared only by the users of this instance.
public final class InMemoryDistributedLock implements DistributedLock {

    private final Clock clock;

    private final ExpiringMap<String, String> holders = new ExpiringMap<>();

    /// A lock table on the system UTC clock.
    public InMemoryDistributedLock() {
        this(Clock.systemUTC());
    }

    /// A lock table that reads time from `clock`.
    public InMemoryDistributedLock(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Optional<LockLease> tryAcquire(String name, Duration ttl) {
        Names.requireKey("lock name", name);
        Checks.requirePositive("ttl", ttl);
        Instant now = this.clock.instant();
        String token = UUID.randomUUID().toString();
        if (!this.holders.putIfAbsent(name, token, now.plus(ttl), now)) {
            return Optional.empty();
        }
        return Optional.of(new LockLease(name, token));
    }

    @Override
    public synchronized boolean extend(LockLease lease, Duration ttl) {
        Checks.requirePositive("ttl", ttl);
        Instant now = this.clock.instant();
        if (!isHeld(lease, now)) {
            return false;
        }
        this.holders.put(lease.name(), lease.token(), now.plus(ttl), now);
        return true;
    }

    @Override
    public synchronized boolean release(LockLease lease) {
        Instant now = this.clock.instant();
        if (!isHeld(lease, now)) {
            return false;
        }
        this.holders.remove(lease.name(), now);
        return true;
    }

    private boolean isHeld(LockLease lease, Instant now) {
        return lease.token().equals(this.holders.get(lease.name(), now));
    }
}

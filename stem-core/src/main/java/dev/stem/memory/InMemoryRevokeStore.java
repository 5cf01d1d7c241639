package dev.stem.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.stem.control.RevokeStore;
import dev.stem.envelope.Names;

/// A [RevokeStore] in this JVM's memory: a revoke is visible to every caller of this instance until
/// its time to live passes by the given clock. Revoking an id again replaces its time to live.
/// Thread-safe.
public final class InMemoryRevokeStore implements RevokeStore {

    private final Clock clock;

    private final ExpiringMap<String, Boolean> revokes = new ExpiringMap<>();

    /// A store on the system UTC clock.
    public InMemoryRevokeStore() {
        this(Clock.systemUTC());
    }

    /// A store that reads time from `clock`.
    public InMemoryRevokeStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void revoke(String taskId, Duration ttl) {
        Names.requireId("taskId", taskId);
        Checks.requirePositive("ttl", ttl);
        Instant now = this.clock.instant();
        this.revokes.put(taskId, Boolean.TRUE, now.plus(ttl), now);
    }

    @Override
    public synchronized boolean isRevoked(String taskId) {
        return this.revokes.get(taskId, this.clock.instant()) != null;
    }

    @Override
    public synchronized Set<String> revoked() {
        return this.revokes.live(this.clock.instant()).stream().map(Map.Entry::getKey)
                .collect(Collectors.toUnmodifiableSet());
    }
}

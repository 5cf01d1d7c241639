package dev.stem.control;

import java.time.Duration;
import java.util.Optional;

/// Named locks shared by every process that uses the same store.
///
/// Promises: at most one holder per name at any time while its lease lasts; a lease lapses by
/// itself after its time to live; only the holder (by token) can extend or release it.
public interface DistributedLock {

    /// Takes the lock `name` for `ttl` if nobody holds it.
    Optional<LockLease> tryAcquire(String name, Duration ttl);

    /// Extends a held lock to `ttl` from now; `false` if the lease was lost.
    boolean extend(LockLease lease, Duration ttl);

    /// Releases a held lock; `false` if the lease was already lost.
    boolean release(LockLease lease);
}

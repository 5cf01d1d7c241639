package dev.stem.control;

/// Proof of holding a [DistributedLock].
///
/// @param name the lock name
/// @param token a value unique to this acquisition; only its bearer can extend or release the lock
public record LockLease(String name, String token) {
}

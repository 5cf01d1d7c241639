package dev.stem.control;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;

/// Remembers cancelled task ids where every worker can see them, for a limited time.
///
/// Promises: a revoke is visible to every worker of the store until its time to live passes.
public interface RevokeStore {

    /// Marks `taskId` revoked for `ttl`.
    void revoke(String taskId, Duration ttl);

    /// Whether `taskId` is currently revoked.
    boolean isRevoked(String taskId);

    /// The ids among `taskIds` that are currently revoked; one round trip where the store allows.
    default Set<String> revokedAmong(Collection<String> taskIds) {
        Set<String> revoked = new HashSet<>();
        for (String taskId : taskIds) {
            if (isRevoked(taskId)) {
                revoked.add(taskId);
            }
        }
        return revoked;
    }

    /// Every currently revoked id.
    Set<String> revoked();
}

package dev.stem.backend;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/// Stores task results and group counters.
///
/// Promises every adapter keeps:
///
/// - `store` is fenced by attempt and delivery as [TaskResult#replaces] says: a record that may
///   not replace the stored one is ignored, so a stale worker (an earlier attempt, or a lease that
///   was lost and given to another worker) never overwrites a newer outcome, and a terminal state
///   never goes back to a non-terminal one within an attempt.
/// - Records expire after the given time to live.
/// - `await` returns as soon as a terminal record is stored, without busy polling.
/// - Group members are counted as a set: finishing the same member twice counts once.
/// - `claimGroupCallback` returns `true` to exactly one caller per group.
public interface ResultBackend extends AutoCloseable {

    /// Stores `result` for `ttl` unless the stored record fences it out ([TaskResult#replaces]).
    /// Returns whether it was stored.
    boolean store(TaskResult result, Duration ttl);

    /// Stores many records for `ttl`, each fenced as in [#store]; one round trip where
    /// the store allows. Returns how many were stored.
    default int storeAll(List<TaskResult> results, Duration ttl) {
        int stored = 0;
        for (TaskResult result : results) {
            if (store(result, ttl)) {
                stored++;
            }
        }
        return stored;
    }

    /// The stored record for `taskId`, if any and not expired.
    Optional<TaskResult> get(String taskId);

    /// Waits up to `timeout` for a terminal record for `taskId`; returns the latest record seen
    /// (terminal or not), or empty if none exists.
    Optional<TaskResult> await(String taskId, Duration timeout) throws InterruptedException;

    /// Deletes the record for `taskId`.
    void forget(String taskId);

    /// Creates the counters of a group of `size` members, kept for `ttl`.
    void initGroup(String groupId, int size, Duration ttl);

    /// Records that `taskId` of `groupId` finished (`failed` or not) and returns the progress.
    /// Empty if the group is unknown or expired.
    Optional<GroupProgress> completeGroupMember(String groupId, String taskId, boolean failed);

    /// The progress of `groupId`, if known.
    Optional<GroupProgress> groupProgress(String groupId);

    /// Claims the right to run the group's callback; `true` for exactly one caller.
    boolean claimGroupCallback(String groupId);

    /// Releases the adapter's own resources.
    @Override
    default void close() {
    }
}

package dev.stem.backend;

/// Where a task is in its life. The last four are terminal: once stored, only a later attempt of
/// the same task may replace them.
public enum TaskState {

    /// Published, not yet started.
    PENDING,
    /// A worker is running it.
    STARTED,
    /// An attempt failed and another is scheduled.
    RETRY,
    /// Finished with a result.
    SUCCESS,
    /// Failed for good (and dead-lettered).
    FAILURE,
    /// Cancelled before or while running.
    REVOKED,
    /// Dropped unrun because its expiry passed.
    EXPIRED;

    /// Whether no further state change is expected.
    public boolean isTerminal() {
        return this == SUCCESS || this == FAILURE || this == REVOKED || this == EXPIRED;
    }
}

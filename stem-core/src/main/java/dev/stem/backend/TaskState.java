package dev.stem.backend;

/// Where a task is in its life. The last four are terminal: once stored, only a later attempt of
/// the same task may replace them.
///
/// Clients outside the JVM may read the simpler [#view()]: `pending`, `running`, `complete`,
/// `failed` or `cancelled`.
public enum TaskState {

    /// Published, not yet received by a worker (a handle reports it while nothing is stored).
    PENDING,
    /// A worker fetched it and holds it; it has not started yet.
    RECEIVED,
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

    /// The simpler view: `PENDING` is pending; `RECEIVED`, `STARTED` and `RETRY` are running;
    /// `SUCCESS` is complete; `FAILURE` is failed; `REVOKED` and `EXPIRED` are cancelled.
    public TaskView view() {
        return switch (this) {
            case PENDING -> TaskView.PENDING;
            case RECEIVED, STARTED, RETRY -> TaskView.RUNNING;
            case SUCCESS -> TaskView.COMPLETE;
            case FAILURE -> TaskView.FAILED;
            case REVOKED, EXPIRED -> TaskView.CANCELLED;
        };
    }
}

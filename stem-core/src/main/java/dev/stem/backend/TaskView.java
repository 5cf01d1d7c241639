package dev.stem.backend;

import java.util.Locale;

/// The simple view of a [TaskState] that non-JVM users see, written in lower case ([#wireName()]).
public enum TaskView {

    /// Waiting to be run.
    PENDING,
    /// A worker holds or runs it, or a retry is scheduled.
    RUNNING,
    /// Finished with a result.
    COMPLETE,
    /// Failed for good.
    FAILED,
    /// Cancelled or expired unrun.
    CANCELLED;

    /// The lower-case name: `pending`, `running`, `complete`, `failed` or `cancelled`.
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

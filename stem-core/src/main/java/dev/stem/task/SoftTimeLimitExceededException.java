package dev.stem.task;

import java.time.Duration;

import dev.stem.StemException;

/// The signal that a task ran past its soft time limit. The worker interrupts the task's thread when
/// the limit passes; blocking calls then fail and [TaskContext#checkSoftTimeLimit()] throws this.
/// A task may catch it to clean up; if it escapes, the attempt fails with it.
public class SoftTimeLimitExceededException extends StemException {

    public SoftTimeLimitExceededException(Duration limit) {
        super("Soft time limit of " + limit + " exceeded");
    }
}

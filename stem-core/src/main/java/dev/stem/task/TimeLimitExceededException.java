package dev.stem.task;

import java.time.Duration;

import dev.stem.StemException;

/// Records that an attempt ran past its hard time limit: the attempt failed and its thread was abandoned.
public class TimeLimitExceededException extends StemException {

    public TimeLimitExceededException(Duration limit) {
        super("Hard time limit of " + limit + " exceeded; the task thread was abandoned");
    }
}

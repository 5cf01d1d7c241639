package dev.stem.task;

import java.time.Duration;

import dev.stem.StemException;

/// Thrown by a task (through [TaskContext#retry(Duration)]) to ask for another attempt after a countdown.
public class RetryRequestedException extends StemException {

    private final Duration countdown;

    public RetryRequestedException(Duration countdown) {
        super("Task asked to be retried in " + countdown);
        this.countdown = countdown;
    }

    /// How long to wait before the next attempt.
    public Duration countdown() {
        return this.countdown;
    }
}

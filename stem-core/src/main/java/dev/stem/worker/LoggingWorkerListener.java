package dev.stem.worker;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;

/// Logs each outcome on the `dev.stem.task` logger: successes at DEBUG, retries and skips at
/// INFO/WARN, dead letters and abandoned threads at ERROR. Attempts are numbered as
/// [dev.stem.task.TaskContext#attempt()] numbers them: from 0, the first run being attempt 0.
public final class LoggingWorkerListener implements WorkerListener {

    private static final Logger log = LoggerFactory.getLogger("dev.stem.task");

    @Override
    public void succeeded(Envelope envelope, Duration duration, @Nullable Object result) {
        log.debug("Task {} [{}] succeeded in {} ms", envelope.task(), envelope.id(), duration.toMillis());
    }

    @Override
    public void retried(Envelope envelope, Throwable error, Duration delay) {
        int next = envelope.attempt() + 1;
        log.warn("Task {} [{}] attempt {} failed ({}); attempt {} (retry {} of {}) in {} ms", envelope.task(),
                envelope.id(), envelope.attempt(), error.toString(), next, next, envelope.maxRetries(),
                delay.toMillis());
    }

    @Override
    public void deadLettered(Envelope envelope, DeadLetterReason reason) {
        log.error("Task {} [{}] moved to the dead letter queue of '{}': {} ({})", envelope.task(), envelope.id(),
                envelope.queue(), reason.code(), reason.message());
    }

    @Override
    public void skipped(Envelope envelope, String why) {
        log.info("Task {} [{}] skipped: {}", envelope.task(), envelope.id(), why);
    }

    @Override
    public void abandoned(Envelope envelope, Duration limit) {
        log.error("Task {} [{}] passed its hard time limit of {} ms; its thread was abandoned", envelope.task(),
                envelope.id(), limit.toMillis());
    }

    @Override
    public void leaseLost(Envelope envelope) {
        log.warn("Task {} [{}] lost its lease before it was settled; it may run again", envelope.task(), envelope.id());
    }
}

package dev.stem.worker;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;

/// Logs one INFO line per state change of every task (started, succeeded, failed, retried,
/// dead-lettered, revoked or expired) on the `dev.stem.task.state` logger. Opt-in: it is a line per
/// message on the hot path. Args are logged only when `logArgs` is set.
public final class StateChangeLoggingListener implements WorkerListener {

    private static final Logger log = LoggerFactory.getLogger("dev.stem.task.state");

    private final boolean logArgs;

    /// A listener that logs the args of each task with its `STARTED` line when `logArgs`.
    public StateChangeLoggingListener(boolean logArgs) {
        this.logArgs = logArgs;
    }

    @Override
    public void started(Envelope envelope) {
        if (this.logArgs) {
            log.info("Task {} [{}] STARTED on '{}', attempt {}, args {}", envelope.task(), envelope.id(),
                    envelope.queue(), envelope.attempt(), envelope.args());
        }
        else {
            log.info("Task {} [{}] STARTED on '{}', attempt {}", envelope.task(), envelope.id(), envelope.queue(),
                    envelope.attempt());
        }
    }

    @Override
    public void succeeded(Envelope envelope, Duration duration, @Nullable Object result) {
        log.info("Task {} [{}] SUCCESS in {} ms", envelope.task(), envelope.id(), duration.toMillis());
    }

    @Override
    public void failed(Envelope envelope, Duration duration, Throwable error) {
        log.info("Task {} [{}] attempt {} failed in {} ms: {}", envelope.task(), envelope.id(), envelope.attempt(),
                duration.toMillis(), error.getClass().getName());
    }

    @Override
    public void retried(Envelope envelope, Throwable error, Duration delay) {
        log.info("Task {} [{}] RETRY: attempt {} in {} ms", envelope.task(), envelope.id(), envelope.attempt() + 1,
                delay.toMillis());
    }

    @Override
    public void deadLettered(Envelope envelope, DeadLetterReason reason) {
        log.info("Task {} [{}] FAILURE: dead-lettered ({})", envelope.task(), envelope.id(), reason.code());
    }

    @Override
    public void skipped(Envelope envelope, String why) {
        log.info("Task {} [{}] dropped unrun: {}", envelope.task(), envelope.id(), why);
    }
}

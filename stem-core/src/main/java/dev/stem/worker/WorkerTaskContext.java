package dev.stem.worker;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

import dev.stem.envelope.Envelope;
import dev.stem.task.RetryRequestedException;
import dev.stem.task.SoftTimeLimitExceededException;
import dev.stem.task.TaskContext;

/// The [TaskContext] of one attempt run by a [Worker].
final class WorkerTaskContext implements TaskContext {

    private final Envelope envelope;

    private final @Nullable Duration softTimeLimit;

    private final Consumer<Map<String, Object>> progressSink;

    private final Map<String, Object> progress = new LinkedHashMap<>();

    private volatile boolean softTimeLimitExceeded;

    WorkerTaskContext(Envelope envelope, @Nullable Duration softTimeLimit, Consumer<Map<String, Object>> progressSink) {
        this.envelope = envelope;
        this.softTimeLimit = softTimeLimit;
        this.progressSink = progressSink;
    }

    @Override
    public Envelope envelope() {
        return this.envelope;
    }

    @Override
    public void progress(Map<String, Object> meta) {
        Map<String, Object> snapshot;
        synchronized (this.progress) {
            this.progress.putAll(meta);
            snapshot = Map.copyOf(this.progress);
        }
        this.progressSink.accept(snapshot);
    }

    /// Everything reported through [#progress(Map)] so far.
    Map<String, Object> reportedProgress() {
        synchronized (this.progress) {
            return Map.copyOf(this.progress);
        }
    }

    @Override
    public boolean isSoftTimeLimitExceeded() {
        return this.softTimeLimitExceeded;
    }

    @Override
    public void checkSoftTimeLimit() {
        if (this.softTimeLimitExceeded && this.softTimeLimit != null) {
            throw new SoftTimeLimitExceededException(this.softTimeLimit);
        }
    }

    @Override
    public RetryRequestedException retry(Duration countdown) {
        return new RetryRequestedException(countdown);
    }

    /// Marks the soft time limit as passed.
    void markSoftTimeLimitExceeded() {
        this.softTimeLimitExceeded = true;
    }

    @Nullable Duration softTimeLimit() {
        return this.softTimeLimit;
    }
}

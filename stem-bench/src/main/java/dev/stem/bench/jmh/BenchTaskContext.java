package dev.stem.bench.jmh;

import java.time.Duration;
import java.util.Map;

import dev.stem.envelope.Envelope;
import dev.stem.task.RetryRequestedException;
import dev.stem.task.TaskContext;

/// A [TaskContext] over one envelope, with no progress sink and no time limit, for calling
/// handlers outside a worker.
final class BenchTaskContext implements TaskContext {

    private final Envelope envelope;

    BenchTaskContext(Envelope envelope) {
        this.envelope = envelope;
    }

    @Override
    public Envelope envelope() {
        return this.envelope;
    }

    @Override
    public void progress(Map<String, Object> meta) {
    }

    @Override
    public boolean isSoftTimeLimitExceeded() {
        return false;
    }

    @Override
    public void checkSoftTimeLimit() {
    }

    @Override
    public RetryRequestedException retry(Duration countdown) {
        return new RetryRequestedException(countdown);
    }
}

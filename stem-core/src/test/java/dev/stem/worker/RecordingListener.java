package dev.stem.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jspecify.annotations.Nullable;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;

/// Remembers every callback as a line of text, for assertions.
final class RecordingListener implements WorkerListener {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void started(Envelope envelope) {
        this.events.add("started " + envelope.task() + " attempt " + envelope.attempt());
    }

    @Override
    public void succeeded(Envelope envelope, Duration duration, @Nullable Object result) {
        this.events.add("succeeded " + envelope.task());
    }

    @Override
    public void retried(Envelope envelope, Throwable error, Duration delay) {
        this.events.add("retried " + envelope.task() + " attempt " + envelope.attempt());
    }

    @Override
    public void deadLettered(Envelope envelope, DeadLetterReason reason) {
        this.events.add("dead " + envelope.task() + " " + reason.code());
    }

    @Override
    public void skipped(Envelope envelope, String why) {
        this.events.add("skipped " + envelope.task());
    }

    @Override
    public void abandoned(Envelope envelope, Duration limit) {
        this.events.add("abandoned " + envelope.task());
    }

    @Override
    public void leaseLost(Envelope envelope) {
        this.events.add("lease-lost " + envelope.task());
    }
}

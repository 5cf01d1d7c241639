package dev.stem.worker;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;

/// Passes every callback on to each of its listeners, in order.
public final class CompositeWorkerListener implements WorkerListener {

    private final List<WorkerListener> listeners;

    public CompositeWorkerListener(List<WorkerListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void started(Envelope envelope) {
        this.listeners.forEach(l -> l.started(envelope));
    }

    @Override
    public void succeeded(Envelope envelope, Duration duration, @Nullable Object result) {
        this.listeners.forEach(l -> l.succeeded(envelope, duration, result));
    }

    @Override
    public void failed(Envelope envelope, Duration duration, Throwable error) {
        this.listeners.forEach(l -> l.failed(envelope, duration, error));
    }

    @Override
    public void retried(Envelope envelope, Throwable error, Duration delay) {
        this.listeners.forEach(l -> l.retried(envelope, error, delay));
    }

    @Override
    public void deadLettered(Envelope envelope, DeadLetterReason reason) {
        this.listeners.forEach(l -> l.deadLettered(envelope, reason));
    }

    @Override
    public void skipped(Envelope envelope, String why) {
        this.listeners.forEach(l -> l.skipped(envelope, why));
    }

    @Override
    public void abandoned(Envelope envelope, Duration limit) {
        this.listeners.forEach(l -> l.abandoned(envelope, limit));
    }

    @Override
    public void leaseLost(Envelope envelope) {
        this.listeners.forEach(l -> l.leaseLost(envelope));
    }
}

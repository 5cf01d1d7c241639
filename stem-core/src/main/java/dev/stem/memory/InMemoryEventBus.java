package dev.stem.memory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.control.EventBus;
import dev.stem.control.StemEvent;

/// An [EventBus] within one JVM: `publish` calls every current subscriber synchronously, on the
/// publishing thread, in subscription order.
///
/// A listener that throws is logged at WARN and does not stop the others. After [#close()] every
/// subscription is dropped, `publish` reaches nobody and `subscribe` is refused. Thread-safe; needs
/// no clock since nothing here depends on time.
public final class InMemoryEventBus implements EventBus {

    private static final Logger logger = LoggerFactory.getLogger(InMemoryEventBus.class);

    private final List<Consumer<StemEvent>> listeners = new CopyOnWriteArrayList<>();

    private boolean closed;

    @Override
    public void publish(StemEvent event) {
        for (Consumer<StemEvent> listener : this.listeners) {
            try {
                listener.accept(event);
            }
            catch (RuntimeException ex) {
                logger.warn("Event listener {} failed on a '{}' event from {}", listener, event.type(),
                        event.source(), ex);
            }
        }
    }

    @Override
    public synchronized AutoCloseable subscribe(Consumer<StemEvent> listener) {
        if (this.closed) {
            throw new IllegalStateException("event bus is closed");
        }
        Subscription subscription = new Subscription(listener);
        this.listeners.add(subscription);
        return subscription;
    }

    @Override
    public synchronized void close() {
        this.closed = true;
        this.listeners.clear();
    }

    /// One listener, removed from the bus when closed. A distinct object per subscription, so the
    /// same listener subscribed twice is called twice and each subscription closes on its own.
    private final class Subscription implements Consumer<StemEvent>, AutoCloseable {

        private final Consumer<StemEvent> listener;

        Subscription(Consumer<StemEvent> listener) {
            this.listener = listener;
        }

        @Override
        public void accept(StemEvent event) {
            this.listener.accept(event);
        }

        @Override
        public void close() {
            InMemoryEventBus.this.listeners.remove(this);
        }

        @Override
        public String toString() {
            return this.listener.toString();
        }
    }
}

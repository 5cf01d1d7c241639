package dev.stem.control;

import java.util.function.Consumer;

/// Fire-and-forget broadcast of [StemEvent]s between processes: heartbeats, progress, commands.
///
/// Promises: every subscriber connected when an event is published receives it once; events are
/// not stored, so a subscriber that is not connected misses them.
public interface EventBus extends AutoCloseable {

    /// Sends `event` to every subscriber.
    void publish(StemEvent event);

    /// Calls `listener` for every event until the returned subscription is closed.
    AutoCloseable subscribe(Consumer<StemEvent> listener);

    /// Stops delivering events and releases the adapter's own resources.
    @Override
    default void close() {
    }
}

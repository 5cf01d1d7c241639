package dev.stem.broker;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

import dev.stem.envelope.Names;

/// What a consumer asks the broker for.
///
/// @param consumer stable id of the consuming worker (used for lease ownership)
/// @param queues queues to read, in the order of preference
/// @param maxMessages most messages to lease in one call, at least 1
/// @param maxWait longest time to wait for the first message; zero returns at once
/// @param lease how long each leased message stays invisible to other consumers
/// @param onUnreadable told, after the move, of every stored message the fetch dead-lettered because
///        it is not a readable envelope (the worker stores a `FAILURE` result for it when its id is readable)
public record FetchRequest(String consumer, List<String> queues, int maxMessages, Duration maxWait, Duration lease,
        Consumer<UnreadableMessage> onUnreadable) {

    /// A request whose unreadable messages are only dead-lettered.
    public FetchRequest(String consumer, List<String> queues, int maxMessages, Duration maxWait, Duration lease) {
        this(consumer, queues, maxMessages, maxWait, lease, unreadable -> {
        });
    }

    public FetchRequest {
        queues = List.copyOf(queues);
        if (queues.isEmpty()) {
            throw new IllegalArgumentException("queues must not be empty");
        }
        queues.forEach(Names::requireQueueName);
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1, was " + maxMessages);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait must not be negative, was " + maxWait);
        }
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("lease must be positive, was " + lease);
        }
    }
}

package dev.stem.broker;

import java.time.Duration;
import java.util.List;

import dev.stem.envelope.Names;

/// What a consumer asks the broker for.
///
/// @param consumer stable id of the consuming worker (used for lease ownership)
/// @param queues queues to read, in the order of preference
/// @param maxMessages most messages to lease in one call, at least 1
/// @param maxWait longest time to wait for the first message; zero returns at once
/// @param lease how long each leased message stays invisible to other consumers
public record FetchRequest(String consumer, List<String> queues, int maxMessages, Duration maxWait, Duration lease) {

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

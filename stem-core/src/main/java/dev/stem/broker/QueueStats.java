package dev.stem.broker;

/// How many messages of one queue are in each state, read at one moment.
///
/// @param queue the queue
/// @param ready messages deliverable now
/// @param delayed messages waiting for their eta (including scheduled retries)
/// @param inFlight messages leased to a consumer
/// @param dead messages in the dead letter queue
public record QueueStats(String queue, long ready, long delayed, long inFlight, long dead) {
}

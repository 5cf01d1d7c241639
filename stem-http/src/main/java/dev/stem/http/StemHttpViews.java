package dev.stem.http;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.DeadLetter;

/// The JSON bodies the API answers with.
public final class StemHttpViews {

    private StemHttpViews() {
    }

    /// An accepted enqueue: the task id to follow, and where to read it.
    public record Enqueued(String id, String queue, TaskState state, String location) {
    }

    /// An accepted batch: the ids in the order of the request's tasks.
    public record EnqueuedBatch(int count, List<String> ids) {
    }

    /// A task: its state, and the canonical result record when one is stored (`null` for a task
    /// that has not started, or an id Stem has no record of).
    public record TaskStatus(String id, TaskState state, @Nullable TaskResult record) {
    }

    /// The outcome of a cancel.
    public record Cancelled(String id, boolean cancelled, boolean terminate) {
    }

    /// The counts of one queue.
    public record QueueCounts(String name, long ready, long delayed, long inFlight, long dead) {
    }

    /// One dead letter: the stored message as it was, why it died, and when.
    public record DeadLetterView(String id, String queue, String payload, String reasonCode, String reasonMessage,
            @Nullable String errorType, Instant deadAt) {

        public static DeadLetterView of(DeadLetter letter) {
            return new DeadLetterView(letter.id(), letter.queue(), letter.payload(), letter.reason().code(),
                    letter.reason().message(), letter.reason().errorType(), letter.deadAt());
        }
    }

    /// The outcome of a replay.
    public record Replayed(String id, String queue, int replayed) {
    }
}

package dev.stem.task;

import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.stem.envelope.Envelope;

/// What a running task can know and do about itself. Valid only during the attempt it was given to.
public interface TaskContext {

    /// The message being run.
    Envelope envelope();

    /// The message id, which is also the result id.
    default String id() {
        return envelope().id();
    }

    /// Which attempt this is, counted from 0: 0 for the first run, `n` for the `n`-th retry. It is
    /// the message's `attempt` field, the `attempt` of the result record this run writes, and the
    /// number the worker's log lines give ("attempt 0 failed ...; attempt 1 (retry 1 of 3) ...").
    /// A redelivery of the same attempt after a lost worker keeps its number.
    default int attempt() {
        return envelope().attempt();
    }

    /// The message headers.
    default Map<String, String> headers() {
        return envelope().headers();
    }

    /// The raw arguments.
    default JsonNode args() {
        return envelope().args();
    }

    /// A key that is the same in every attempt and redelivery of this task for the named step:
    /// use it to make external side effects idempotent.
    default String idempotencyKey(String step) {
        return envelope().id() + ":" + step;
    }

    /// Publishes progress (merged into the result's `meta` and sent as a `task-progress` event).
    void progress(Map<String, Object> meta);

    /// Whether the soft time limit has passed.
    boolean isSoftTimeLimitExceeded();

    /// Throws [SoftTimeLimitExceededException] if the soft time limit has passed; call it in long loops.
    void checkSoftTimeLimit();

    /// Asks for this task to be retried after `countdown`; throw what it returns. The retry
    /// counts against the task's retry budget.
    RetryRequestedException retry(Duration countdown);
}

package dev.stem.client;

import java.time.Duration;
import java.util.List;

import dev.stem.envelope.InvalidEnvelopeException;

/// Makes an enqueue unique: at most one message per key and window is published, where the key is
/// the task name and the values of the chosen arguments (all of them when none are chosen), and
/// the windows are consecutive spans of `window` (aligned to the epoch). The claim of a key and
/// the publish are one atomic step in the store (one Lua script on Redis, one transaction on
/// PostgreSQL that joins the caller's), so a rolled-back enqueue never blocks a later one.
///
/// @param arguments names of the arguments (of an args object) that make up the key; empty for all
/// @param window how long a key stays taken: the span of each uniqueness window
/// @param policy what an enqueue of a taken key does
public record Uniqueness(List<String> arguments, Duration window, Policy policy) {

    public Uniqueness {
        arguments = List.copyOf(arguments);
        if (window.isNegative() || window.toMillis() < 1) {
            throw new InvalidEnvelopeException("unique.window", window.toString(), "must be at least 1 ms");
        }
    }

    /// Unique by all arguments for `window`, returning the existing handle on a duplicate.
    public static Uniqueness within(Duration window) {
        return new Uniqueness(List.of(), window, Policy.RETURN_EXISTING);
    }

    /// This uniqueness keyed by the arguments `names` only.
    public Uniqueness by(String... names) {
        return new Uniqueness(List.of(names), this.window, this.policy);
    }

    /// This uniqueness refusing a duplicate with [DuplicateTaskException].
    public Uniqueness rejectDuplicates() {
        return new Uniqueness(this.arguments, this.window, Policy.REJECT);
    }

    /// What an enqueue of a key already taken in its window does.
    public enum Policy {

        /// Publishes nothing and returns a handle on the message that holds the key.
        RETURN_EXISTING,

        /// Publishes nothing and throws [DuplicateTaskException] naming the message that holds it.
        REJECT
    }
}

package dev.stem.canvas;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import dev.stem.client.TaskHandle;

/// An enqueued chord: its members and its body (published only once every member succeeded).
///
/// @param members the members, in member order
/// @param body the body, whose result is the chord's
public record ChordHandle(GroupHandle members, TaskHandle<Object> body) {

    /// Waits up to `timeout` for the body and returns its result.
    public @Nullable Object result(Duration timeout) {
        return this.body.result(timeout);
    }

    /// Cancels the members that have not run yet and the body; with `terminate` running ones are interrupted.
    public void cancel(boolean terminate) {
        this.members.cancel(terminate);
        this.body.cancel(terminate);
    }
}

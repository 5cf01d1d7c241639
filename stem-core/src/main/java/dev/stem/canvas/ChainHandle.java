package dev.stem.canvas;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.stem.client.DefaultStem;
import dev.stem.client.TaskHandle;

/// An enqueued chain: the message ids of its steps in order (later steps are published only when
/// the step before them succeeded, under these ids).
public final class ChainHandle {

    private final List<String> ids;

    private final DefaultStem stem;

    ChainHandle(List<String> ids, DefaultStem stem) {
        this.ids = List.copyOf(ids);
        this.stem = stem;
    }

    /// The step message ids, in order.
    public List<String> ids() {
        return this.ids;
    }

    /// A handle on step `index` (from 0).
    public TaskHandle<Object> step(int index) {
        return this.stem.handle(this.ids.get(index), Object.class);
    }

    /// Waits up to `timeout` for the last step and returns its result.
    public @Nullable Object result(Duration timeout) {
        return step(this.ids.size() - 1).result(timeout);
    }

    /// Cancels the steps that have not run yet (the later ones are dropped when published); with
    /// `terminate` a running step is interrupted.
    public void cancel(boolean terminate) {
        this.stem.cancellation().cancel(this.ids, terminate);
    }
}

package dev.stem.canvas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.stem.client.DefaultStem;
import dev.stem.client.TaskHandle;

/// The members of an enqueued group (or a chord's header), in member order.
public final class GroupHandle {

    private final String groupId;

    private final List<String> ids;

    private final DefaultStem stem;

    GroupHandle(String groupId, List<String> ids, DefaultStem stem) {
        this.groupId = groupId;
        this.ids = List.copyOf(ids);
        this.stem = stem;
    }

    /// The group id, also each member message's `groupId`.
    public String id() {
        return this.groupId;
    }

    /// The member message ids, in member order.
    public List<String> ids() {
        return this.ids;
    }

    /// A handle on each member, in member order.
    public List<TaskHandle<Object>> members() {
        return this.ids.stream().map(id -> this.stem.handle(id, Object.class)).toList();
    }

    /// Waits up to `timeout` in all for every member and returns their results in member order.
    ///
    /// @throws dev.stem.client.TaskFailedException if a member failed, was revoked or expired
    /// @throws dev.stem.client.TaskTimeoutException if a member did not finish in time
    public List<@Nullable Object> results(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<@Nullable Object> results = new ArrayList<>(this.ids.size());
        for (String id : this.ids) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            results.add(this.stem.handle(id, Object.class).result(left));
        }
        return results;
    }

    /// Cancels every member that has not run yet; with `terminate` running ones are interrupted.
    public void cancel(boolean terminate) {
        this.stem.cancellation().cancel(this.ids, terminate);
    }
}

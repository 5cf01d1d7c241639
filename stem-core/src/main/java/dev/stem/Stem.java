package dev.stem;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;

import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskHandle;
import dev.stem.client.TaskRequest;
import dev.stem.envelope.Envelope;

/// The client: enqueue tasks and follow them. Thread-safe; inject it where work is produced.
///
/// Every enqueue validates the task name, queue name and arguments, applies the enqueue
/// interceptors and checks the payload size before any I/O: a refused message is never published.
///
/// A handle reads the stored result as the type it was created with: the `resultType` given to
/// [#enqueue(String, Object, Class)], the declared (generic) return type of the method for
/// [#call(Class, Function)], `Void` for [#run(Class, Consumer)]. An untyped handle
/// (`TaskHandle<Object>`) returns what Jackson reads from the result's JSON without a target type:
/// `Map`, `List`, `String`, `Integer`/`Long`/`BigInteger`, `Double`, `Boolean` or `null`.
public interface Stem {

    /// Enqueues `task` with `args` (a map, list, array, POJO or JSON node; `null` for none) and its
    /// defaults, with an untyped handle.
    default TaskHandle<Object> enqueue(String task, @Nullable Object args) {
        return enqueue(task, args, EnqueueOptions.defaults());
    }

    /// Enqueues `task` with `args` and per-message overrides, with an untyped handle.
    default TaskHandle<Object> enqueue(String task, @Nullable Object args, EnqueueOptions options) {
        return enqueue(task, args, options, Object.class);
    }

    /// Enqueues `task` with `args`, with a handle that reads the result as `resultType`:
    /// `stem.enqueue("order.total", Map.of("order", 42), BigDecimal.class)`.
    default <R> TaskHandle<R> enqueue(String task, @Nullable Object args, Class<R> resultType) {
        return enqueue(task, args, EnqueueOptions.defaults(), resultType);
    }

    /// Enqueues `task` with `args`, with a handle that reads the result as a generic type:
    /// `stem.enqueue("orders.open", null, new TypeReference<List<Order>>() {})`.
    default <R> TaskHandle<R> enqueue(String task, @Nullable Object args, TypeReference<R> resultType) {
        return enqueue(task, args, EnqueueOptions.defaults(), resultType);
    }

    /// Enqueues `task` with per-message overrides, with a handle that reads the result as `resultType`.
    <R> TaskHandle<R> enqueue(String task, @Nullable Object args, EnqueueOptions options, Class<R> resultType);

    /// Enqueues `task` with per-message overrides, with a handle that reads the result as a generic type.
    <R> TaskHandle<R> enqueue(String task, @Nullable Object args, EnqueueOptions options,
            TypeReference<R> resultType);

    /// Enqueues many messages in one batch, with untyped handles. Every message is validated first;
    /// if one is refused none is published.
    List<TaskHandle<Object>> enqueueAll(List<TaskRequest> requests);

    /// Checks `request` exactly as an enqueue would (names, arguments, every limit, the enqueue
    /// interceptors, the payload size) and returns the message an enqueue would publish now,
    /// publishing nothing. Throws what the enqueue would throw, such as
    /// [dev.stem.envelope.InvalidEnvelopeException] naming the field.
    Envelope validate(TaskRequest request);

    /// Enqueues the `@StemTask` method that `invocation` calls on a stand-in of `tasks`, with the
    /// arguments it passes: `stem.call(Mailer.class, m -> m.send("a@b.c", "Hi"))`. The method is
    /// not run here. The handle reads the result as the method's declared return type.
    default <T, R> TaskHandle<R> call(Class<T> tasks, Function<T, R> invocation) {
        return call(tasks, invocation, EnqueueOptions.defaults());
    }

    /// As [#call(Class, Function)], with per-message overrides.
    <T, R> TaskHandle<R> call(Class<T> tasks, Function<T, R> invocation, EnqueueOptions options);

    /// Enqueues a `void` `@StemTask` method: `stem.run(Reports.class, r -> r.rebuild(2026))`.
    default <T> TaskHandle<Void> run(Class<T> tasks, Consumer<T> invocation) {
        return run(tasks, invocation, EnqueueOptions.defaults());
    }

    /// As [#run(Class, Consumer)], with per-message overrides.
    <T> TaskHandle<Void> run(Class<T> tasks, Consumer<T> invocation, EnqueueOptions options);

    /// A handle on an existing task id, reading the result as `resultType`.
    <R> TaskHandle<R> handle(String taskId, Class<R> resultType);

    /// A handle on an existing task id, reading the result as a generic type.
    <R> TaskHandle<R> handle(String taskId, TypeReference<R> resultType);
}

package dev.stem.client;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.middleware.ResultSealer;

/// A reference to an enqueued task: ask its state, wait for its result, cancel it.
///
/// [#result(Duration)] reads the stored JSON result with the client's Jackson mapper as the
/// handle's result type. For an untyped handle (`TaskHandle<Object>`) that is what Jackson reads
/// without a target type, the same on every backend: objects as `Map`, arrays as `List`, strings as
/// `String`, whole numbers as `Integer`, `Long` or `BigInteger` by size, other numbers as `Double`
/// (`BigDecimal` if the mapper enables `USE_BIG_DECIMAL_FOR_FLOATS`), booleans as `Boolean`.
/// An encrypted result is decrypted first (see [ResultSealer]).
///
/// @param <R> the result type
public final class TaskHandle<R> {

    private final String id;

    private final ResultBackend backend;

    private final ResultSealer results;

    private final Cancellation cancellation;

    private final JsonMapper mapper;

    private final JavaType resultType;

    TaskHandle(String id, ResultBackend backend, ResultSealer results, Cancellation cancellation, JsonMapper mapper,
            JavaType resultType) {
        this.id = id;
        this.backend = backend;
        this.results = results;
        this.cancellation = cancellation;
        this.mapper = mapper;
        this.resultType = resultType;
    }

    /// The message id, which is also the result id.
    public String id() {
        return this.id;
    }

    /// The current state; `PENDING` while nothing has been stored.
    public TaskState state() {
        return this.backend.get(this.id).map(TaskResult::state).orElse(TaskState.PENDING);
    }

    /// The stored record, if any, with its result decrypted.
    ///
    /// @throws ResultDecryptionException if the task succeeded but its stored result cannot be decrypted
    public Optional<TaskResult> info() {
        return this.backend.get(this.id).map(this.results::open);
    }

    /// Waits up to `timeout` for the task to finish and returns its result, read as the handle's type.
    ///
    /// @throws TaskFailedException if it failed, was revoked or expired
    /// @throws TaskTimeoutException if it did not finish in time
    /// @throws ResultTypeException if the stored result cannot be read as the handle's type
    /// @throws ResultDecryptionException if the stored result cannot be decrypted
    public @Nullable R result(Duration timeout) {
        TaskResult record;
        try {
            record = this.backend.await(this.id, timeout).filter(r -> r.state().isTerminal())
                    .orElseThrow(() -> new TaskTimeoutException(this.id, timeout));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new TaskTimeoutException(this.id, timeout);
        }
        if (record.state() != TaskState.SUCCESS) {
            throw new TaskFailedException(record);
        }
        return read(this.results.open(record));
    }

    /// Reads the result from its JSON text, so that it is typed the same whether the backend kept
    /// the task's own node (in memory) or parsed it back from storage.
    private @Nullable R read(TaskResult record) {
        JsonNode result = record.result();
        if (result == null || result.isNull()) {
            return null;
        }
        try {
            return this.mapper.readValue(this.mapper.writeValueAsString(result), this.resultType);
        }
        catch (JacksonException ex) {
            throw new ResultTypeException(record, this.resultType.toCanonical(), ex);
        }
    }

    /// Cancels the task unless it already finished: a worker that has not started it drops it
    /// and stores `REVOKED`, now or when it fetches it (the revoke is kept for the client's revoke
    /// time to live); a running task goes on. Returns `false` when it had already finished.
    public boolean cancel() {
        return cancel(false);
    }

    /// Cancels the task unless it already finished, as [#cancel()]; with `terminate` a worker
    /// running it interrupts it and stores `REVOKED` (a task that ignores interrupts runs on until
    /// it returns, and still ends `REVOKED`). See [Cancellation]. Returns `false` when it had
    /// already finished.
    public boolean cancel(boolean terminate) {
        if (state().isTerminal()) {
            return false;
        }
        this.cancellation.cancel(List.of(this.id), terminate);
        return true;
    }

    @Override
    public String toString() {
        return "TaskHandle[" + this.id + "]";
    }
}

package dev.stem.task;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.envelope.Names;
import dev.stem.middleware.ResultSealer;

/// Runs a block of a task handler once per idempotency key and remembers its result in the result
/// backend for a time to live, so a re-delivered or retried message skips the side effect and gets
/// the remembered result:
///
/// ```java
/// Receipt receipt = idempotency.once(context, "charge", Receipt.class, () -> payments.charge(order));
/// ```
///
/// The default key is the message id plus the step name ([TaskContext#idempotencyKey]), the same
/// across retries and re-deliveries. The result is remembered only when the block returns; a block
/// that throws runs again next time. Two deliveries of one message running at the same moment (a
/// lease lost while the first still ran) can both run the block: guard such a block with a
/// [dev.stem.control.DistributedLock] as well. A remembered result is sealed and opened by the
/// [ResultSealer] given (encrypted when message encryption is on). Thread-safe.
public final class Idempotency {

    private static final String TASK_NAME = "stem.idempotency";

    private final ResultBackend backend;

    private final JsonMapper mapper;

    private final Duration ttl;

    private final Clock clock;

    private final ResultSealer results;

    /// Remembers results in `backend` for `ttl`, written and read with `mapper`, stored as they are.
    public Idempotency(ResultBackend backend, JsonMapper mapper, Duration ttl, Clock clock) {
        this(backend, mapper, ttl, clock, ResultSealer.NONE);
    }

    /// Remembers results in `backend` for `ttl`, written and read with `mapper`, sealed by `results`.
    public Idempotency(ResultBackend backend, JsonMapper mapper, Duration ttl, Clock clock, ResultSealer results) {
        if (ttl.isNegative() || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("idempotency ttl must be at least 1 ms, was " + ttl);
        }
        this.backend = backend;
        this.mapper = mapper;
        this.ttl = ttl;
        this.clock = clock;
        this.results = Objects.requireNonNull(results, "results");
    }

    /// Runs `block` unless step `step` of `context`'s message already ran; returns its result or the
    /// remembered one, read as `type`.
    public <T> @Nullable T once(TaskContext context, String step, Class<T> type, Callable<T> block) throws Exception {
        return once(context.idempotencyKey(step), type, block);
    }

    /// Runs `block` unless a block ran under `key` within the time to live; returns its result or
    /// the remembered one, read as `type`.
    ///
    /// @throws dev.stem.client.ResultDecryptionException if the remembered result cannot be decrypted
    public <T> @Nullable T once(String key, Class<T> type, Callable<T> block) throws Exception {
        String id = recordId(key);
        Optional<TaskResult> remembered = this.backend.get(id).filter(r -> r.state() == TaskState.SUCCESS)
                .map(this.results::open);
        if (remembered.isPresent()) {
            JsonNode value = remembered.get().result();
            try {
                return value == null || value.isNull() ? null : this.mapper.treeToValue(value, type);
            }
            catch (JacksonException ex) {
                throw new IllegalStateException("The result remembered for idempotency key '" + key
                        + "' cannot be read as " + type.getName() + ": " + ex.getOriginalMessage(), ex);
            }
        }
        T result = block.call();
        JsonNode json = result == null ? null : this.mapper.valueToTree(result);
        this.backend.store(this.results.seal(new TaskResult(id, TASK_NAME, TaskState.SUCCESS, json, null,
                Map.of("key", key), 0, 0, this.clock.instant())), this.ttl);
        return result;
    }

    /// The result record id for `key`: `idem:<key>` when that is a valid id, else `idem:<sha-256 of key>`.
    static String recordId(String key) {
        String plain = "idem:" + key;
        if (Names.isValidId(plain)) {
            return plain;
        }
        try {
            return "idem:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }
}

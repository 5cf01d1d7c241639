package dev.stem.canvas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.TaskError;
import dev.stem.broker.Broker;
import dev.stem.client.DefaultStem;
import dev.stem.envelope.Envelope;
import dev.stem.failpoint.Failpoints;
import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.middleware.ResultSealer;
import dev.stem.retry.RetryPolicy;
import dev.stem.task.RetryRequestedException;
import dev.stem.task.TaskContext;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskRegistry;

/// Carries workflows on in the worker: after a message of a workflow (one with a
/// [Continuation#HEADER] header) succeeded, publishes its `link` signatures with its result and
/// records it at its chord; after it failed for good (no retry left, or not retryable), publishes
/// its `linkError` signatures with its id and error and records the failure at its chord. A
/// failure that will be retried does nothing: a member retried three times counts once.
///
/// This runs inside the attempt, before the worker stores the result and acks the message, so a
/// worker that dies after it runs it again when the message is delivered again: the callbacks have
/// fixed message ids (publishing is idempotent by id) and a chord counts each member once, so
/// nothing is published twice. A message without the header costs one map lookup.
///
/// A message that fails for good without its handler's failure passing through here (its worker
/// died too often, its hard time limit passed, its task is unknown) is reported by
/// [CanvasFailureListener] instead. Registering it also registers the built-in task behind map,
/// starmap and chunks.
public final class CanvasInterceptor implements ExecutionInterceptor {

    private static final Logger log = LoggerFactory.getLogger(CanvasInterceptor.class);

    private final Broker broker;

    private final ChordStore chords;

    private final TaskRegistry tasks;

    private final JsonMapper mapper;

    private final Steps steps;

    private final Duration ttl;

    private final ResultSealer results;

    /// An interceptor publishing through `stem` to `broker`, counting chords in `chords` for `ttl`,
    /// reading retry policies from `tasks` (where it registers the built-in map task). A member's
    /// result is recorded at its chord sealed by `stem`'s [DefaultStem#resultSealer()].
    public CanvasInterceptor(DefaultStem stem, Broker broker, ChordStore chords, TaskRegistry tasks,
            JsonMapper mapper, Duration ttl) {
        this.broker = broker;
        this.chords = chords;
        this.tasks = tasks;
        this.mapper = mapper;
        this.steps = new Steps(stem, mapper);
        this.ttl = ttl;
        this.results = stem.resultSealer();
        MapTask.registerIn(tasks);
    }

    @Override
    public @Nullable Object intercept(TaskContext context, Execution next) throws Exception {
        String header = context.headers().get(Continuation.HEADER);
        if (header == null) {
            return next.proceed();
        }
        Continuation continuation = Continuation.read(this.mapper, header);
        Object result;
        try {
            result = next.proceed();
        }
        catch (Throwable error) {
            if (isFinal(context, error)) {
                failed(context.envelope(), continuation, error);
            }
            throw error;
        }
        succeeded(context.envelope(), continuation, result);
        return result;
    }

    private void succeeded(Envelope envelope, Continuation continuation, @Nullable Object result) {
        JsonNode json = this.mapper.valueToTree(result);
        List<Envelope> callbacks = new ArrayList<>(continuation.link().size());
        for (Signature callback : continuation.link()) {
            callbacks.add(this.steps.message(callback, callback.argsAfter(json), null, envelope.id(), root(envelope),
                    null));
        }
        if (!callbacks.isEmpty()) {
            this.broker.publishAll(callbacks);
        }
        if (continuation.chord() != null) {
            ChordArrival arrival = this.chords.succeeded(continuation.chord(), envelope.id(),
                    this.mapper.writeValueAsString(this.results.sealChordResult(continuation.chord(), json)),
                    this.ttl);
            report(envelope, continuation.chord(), arrival);
        }
    }

    private void failed(Envelope envelope, Continuation continuation, Throwable error) {
        failed(envelope, continuation, TaskError.of(error, false));
    }

    /// Publishes the error callbacks of `envelope` with its id and `error`, and records the failure
    /// at its chord. Idempotent: the callbacks have fixed ids and a chord is decided once.
    void failed(Envelope envelope, Continuation continuation, TaskError described) {
        JsonNode error = this.mapper.valueToTree(described);
        List<Envelope> callbacks = new ArrayList<>(continuation.linkError().size());
        for (Signature callback : continuation.linkError()) {
            callbacks.add(this.steps.message(callback, callback.argsAfterFailure(envelope.id(), error), null,
                    envelope.id(), root(envelope), null));
        }
        if (!callbacks.isEmpty()) {
            this.broker.publishAll(callbacks);
        }
        failAtChord(envelope, continuation, error);
    }

    /// Records at its chord that `envelope`, a member, ended without running (revoked or expired),
    /// so that the chord fails with `described` instead of waiting for it until it expires. Its own
    /// error callbacks do not run: nothing failed. Idempotent: a chord counts each member once.
    void leftUnrun(Envelope envelope, Continuation continuation, TaskError described) {
        failAtChord(envelope, continuation, this.mapper.valueToTree(described));
    }

    private void failAtChord(Envelope envelope, Continuation continuation, JsonNode error) {
        if (continuation.chord() != null) {
            String failure = this.mapper.writeValueAsString(this.mapper.valueToTree(envelope.id())) + ","
                    + this.mapper.writeValueAsString(error);
            ChordArrival arrival = this.chords.failed(continuation.chord(), envelope.id(), failure, this.ttl);
            report(envelope, continuation.chord(), arrival);
        }
    }

    /// The continuation `envelope` carries, or `null` for a message outside any workflow.
    @Nullable Continuation continuationOf(Envelope envelope) {
        String header = envelope.headers().get(Continuation.HEADER);
        return header == null ? null : Continuation.read(this.mapper, header);
    }

    private static void report(Envelope envelope, String chord, ChordArrival arrival) {
        if (arrival == ChordArrival.BODY_PUBLISHED || arrival == ChordArrival.ERROR_PUBLISHED) {
            Failpoints.hit(Failpoints.CHORD_AFTER_DECIDED);
        }
        if (arrival == ChordArrival.UNKNOWN) {
            log.warn("Member {} of chord {} finished, but the chord is unknown or expired; its body will not run",
                    envelope.id(), chord);
        }
        else {
            log.debug("Member {} of chord {}: {}", envelope.id(), chord, arrival);
        }
    }

    /// Whether the worker will not run the message again after `error`: the same decision as the
    /// worker's (retries left and a retryable error, or a requested retry, mean another attempt).
    private boolean isFinal(TaskContext context, Throwable error) {
        Envelope envelope = context.envelope();
        if (envelope.attempt() >= envelope.maxRetries()) {
            return true;
        }
        if (error instanceof RetryRequestedException) {
            return false;
        }
        RetryPolicy policy = this.tasks.find(envelope.task()).map(TaskDefinition::options)
                .map(options -> options.retryPolicy()).orElse(null);
        return policy != null && !policy.isRetryable(error);
    }

    private static String root(Envelope envelope) {
        return envelope.rootId() != null ? envelope.rootId() : envelope.id();
    }
}

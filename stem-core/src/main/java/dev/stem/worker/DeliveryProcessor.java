package dev.stem.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import dev.stem.NearestNames;
import dev.stem.backend.ResultRejectedException;
import dev.stem.backend.TaskError;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.UnreadableMessage;
import dev.stem.control.RateLimit;
import dev.stem.control.RateLimitDecision;
import dev.stem.control.StemEvent;
import dev.stem.envelope.Envelope;
import dev.stem.failpoint.Failpoints;
import dev.stem.middleware.MessageRejectedException;
import dev.stem.middleware.ReceiveInterceptor;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.retry.RetryPolicy;
import dev.stem.task.ArgumentBindingException;
import dev.stem.task.RetryRequestedException;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;

/// Takes one leased message from delivery to its final state: run it, then ack, retry or
/// dead-letter it and store its result. Every settling write is fenced by the lease and retried
/// while the store is unreachable (see [Settler]); nothing is acked that did not finish. Every
/// result record carries the delivery it was written under ([TaskResult#delivery()]), so a holder
/// that lost its lease cannot overwrite the live holder's record; refused writes are counted.
///
/// A message fetched before its `eta` (one a producer wrote straight into the store as ready) is put
/// back until its `eta` without counting an attempt; an expired one ends `EXPIRED` unrun.
///
/// A message whose task is not registered here is postponed (not counted as an attempt) until
/// `unknownTaskGrace` after its creation, then dead-lettered `unknown-task`, naming the nearest
/// registered tasks. A message recovered from dead workers more than `maxRecoveries` times is
/// dead-lettered `worker-lost` (recoveries charged: `deliveryCount - 2`, since the first
/// recovery of a message leased with others is not its fault; see [Isolation]).
final class DeliveryProcessor {

    private static final Logger log = LoggerFactory.getLogger(DeliveryProcessor.class);

    /// Result meta key: the id of the worker that wrote the record.
    static final String META_WORKER_ID = "workerId";

    /// Result meta key: when the attempt started (ISO-8601), on records written after it did.
    static final String META_STARTED_AT = "startedAt";

    private static final int NEAREST_NAMES = 3;

    private static final Duration UNKNOWN_TASK_PAUSE_MIN = Duration.ofSeconds(1);

    private static final Duration UNKNOWN_TASK_PAUSE_MAX = Duration.ofSeconds(30);

    private final WorkerServices services;

    private final WorkerOptions options;

    private final TaskInvoker invoker;

    private final Settler settler;

    private final CompletionBatcher acker;

    private final SettleEvents events;

    /// Every [RepublishInterceptor] of the services, in their order: applied to what is derived
    /// from a stored message (never from its decrypted copy) before it is published again.
    private final RepublishInterceptor republisher;

    /// A processor that acks finished messages through `acker` and reports refusals and failures to `events`.
    DeliveryProcessor(WorkerServices services, WorkerOptions options, TaskInvoker invoker, Settler settler,
            CompletionBatcher acker, SettleEvents events) {
        this.services = services;
        this.options = options;
        this.invoker = invoker;
        this.settler = settler;
        this.acker = acker;
        this.events = events;
        this.republisher = RepublishInterceptor.chain(services.republishers());
    }

    /// Processes `task` to its end. Never throws: an unexpected error (an [Error] included) leaves
    /// the message leased, so it is delivered again when the lease lapses.
    void process(InFlightTask task) {
        try {
            dispatch(task);
        }
        catch (Throwable ex) {
            log.error("Could not process message {} of task '{}'; it will be delivered again after its lease",
                    task.delivery().id(), task.delivery().envelope().task(), ex);
            if (ex instanceof Error) {
                this.events.failed("processing message " + task.delivery().id(), ex);
            }
        }
    }

    private void dispatch(InFlightTask task) {
        Delivery delivery = task.delivery();
        Envelope envelope = delivery.envelope();
        if (delivery.deliveryCount() > this.options.maxRecoveries() + 2) {
            deadLetter(task, DeadLetterReason.of(DeadLetterReason.WORKER_LOST, "Its worker died or stalled "
                    + (delivery.deliveryCount() - 2) + " times while running it alone (delivered "
                    + delivery.deliveryCount() + " times without finishing); it may crash or stall its worker"), null);
            return;
        }
        Envelope received;
        try {
            received = receive(envelope);
        }
        catch (MessageRejectedException ex) {
            deadLetter(task, new DeadLetterReason(ex.reason(), ex.getMessage(), ex.getClass().getName()), null);
            return;
        }
        if (envelope.isExpired(now())) {
            skip(task, TaskState.EXPIRED, "expired at " + envelope.expiresAt());
            return;
        }
        if (task.isRevoked()) {
            skip(task, TaskState.REVOKED, "revoked");
            return;
        }
        Instant eta = envelope.eta();
        if (eta != null && eta.isAfter(now())) {
            settle(task, "put back a message that arrived before its eta",
                    () -> this.services.broker().retry(delivery, envelope, eta));
            return;
        }
        Optional<TaskDefinition> definition = this.services.tasks().find(envelope.task());
        if (definition.isEmpty()) {
            unknownTask(task);
            return;
        }
        String tenant = envelope.headers().get(TaskOptions.TENANT_HEADER);
        if (tenant != null && postponedByLimit(task, definition.get().options().tenantRateLimit(),
                "tenant:" + RateLimitKeys.part(tenant) + ":" + envelope.task())) {
            return;
        }
        if (postponedByLimit(task, definition.get().options().rateLimit(), "task:" + envelope.task())) {
            return;
        }
        run(task, definition.get(), received);
    }

    /// The message as the task sees it, after every [ReceiveInterceptor]; the stored one is unchanged.
    private Envelope receive(Envelope stored) {
        Envelope envelope = stored;
        for (ReceiveInterceptor receiver : this.services.receivers()) {
            envelope = receiver.afterReceive(envelope);
        }
        return envelope;
    }

    /// Stores a `FAILURE` record for a message the broker dead-lettered as unreadable, when its id
    /// could be read: a producer waiting on that id learns why it will never run. The record is of
    /// attempt 0 and written outside a lease; a replay's records replace it.
    void unreadable(UnreadableMessage message) {
        if (message.messageId() == null) {
            return;
        }
        DeadLetterReason reason = message.reason();
        Map<String, Object> meta = Map.of("deadLetterReason", reason.code(), "queue", message.queue());
        TaskError error = new TaskError(reason.errorType() != null ? reason.errorType() : reason.code(),
                reason.message(), "", false);
        store(new TaskResult(message.messageId(), message.task() != null ? message.task() : "", TaskState.FAILURE,
                null, error, meta, 0, now()));
    }

    /// Postpones `task`'s message, without counting an attempt and without holding a slot, until
    /// the next token of `key` when `limit` (if any) is used up; `true` if it was postponed.
    private boolean postponedByLimit(InFlightTask task, @Nullable RateLimit limit, String key) {
        if (limit == null) {
            return false;
        }
        RateLimitDecision decision = this.services.rateLimiter().tryAcquire(key, limit);
        if (decision.granted()) {
            return false;
        }
        Delivery delivery = task.delivery();
        Instant runAt = now().plus(decision.retryAfter());
        Envelope postponed = this.republisher.beforeRepublish(delivery.envelope(),
                delivery.envelope().toBuilder().eta(runAt).build());
        settle(task, "postpone rate-limited message", () -> this.services.broker().retry(delivery, postponed, runAt));
        return true;
    }

    /// Postpones a message of an unknown task until its grace period is over, then dead-letters it.
    private void unknownTask(InFlightTask task) {
        Delivery delivery = task.delivery();
        Envelope envelope = delivery.envelope();
        Instant now = now();
        Instant giveUpAt = envelope.createdAt().plus(this.options.unknownTaskGrace());
        if (now.isBefore(giveUpAt)) {
            Instant later = now.plus(unknownTaskPause());
            Instant runAt = later.isBefore(giveUpAt) ? later : giveUpAt;
            log.warn("No task named '{}' is registered in worker {}; message {} is tried again at {} "
                    + "(dead-lettered as unknown-task from {})", envelope.task(), this.options.id(), envelope.id(),
                    runAt, giveUpAt);
            Envelope postponed = this.republisher.beforeRepublish(envelope, envelope.toBuilder().eta(runAt).build());
            settle(task, "postpone message of unknown task",
                    () -> this.services.broker().retry(delivery, postponed, runAt));
            return;
        }
        List<String> registered = this.services.tasks().all().stream().map(TaskDefinition::name).toList();
        UnknownTaskException error = new UnknownTaskException(envelope.task(),
                NearestNames.nearest(envelope.task(), registered, NEAREST_NAMES));
        deadLetter(task, new DeadLetterReason(DeadLetterReason.UNKNOWN_TASK, error.getMessage(),
                error.getClass().getName()), error);
    }

    /// A tenth of the grace period, from 1 to 30 seconds: a few tries within it, not a busy loop.
    private Duration unknownTaskPause() {
        Duration tenth = this.options.unknownTaskGrace().dividedBy(10);
        return tenth.compareTo(UNKNOWN_TASK_PAUSE_MIN) < 0 ? UNKNOWN_TASK_PAUSE_MIN
                : tenth.compareTo(UNKNOWN_TASK_PAUSE_MAX) > 0 ? UNKNOWN_TASK_PAUSE_MAX : tenth;
    }

    /// Runs `received` (the message as the task sees it); everything written back uses the stored one.
    private void run(InFlightTask task, TaskDefinition definition, Envelope received) {
        Envelope envelope = task.delivery().envelope();
        Duration soft = envelope.softTimeLimit() != null ? envelope.softTimeLimit() : definition.options().softTimeLimit();
        Duration hard = envelope.hardTimeLimit() != null ? envelope.hardTimeLimit() : definition.options().hardTimeLimit();
        WorkerTaskContext context = new WorkerTaskContext(received, soft, progress -> reportProgress(task, progress));
        Instant started;
        TaskInvoker.Outcome outcome;
        try {
            this.services.listener().started(envelope);
            if (this.options.trackStarted()) {
                storeQuietly(result(task, TaskState.STARTED, null, null, Map.of()));
            }
            started = now();
            outcome = this.invoker.invoke(definition.handler(), context, hard);
        }
        finally {
            task.handlerDone();
        }
        if (outcome.abandoned() && hard != null) {
            this.services.listener().abandoned(envelope, hard);
        }
        Failpoints.hit(Failpoints.AFTER_HANDLER);
        if (task.isGivenBack()) {
            log.info("Message {} was given back at shutdown; its outcome is not recorded", envelope.id());
            return;
        }
        if (task.isTerminated()) {
            Thread.interrupted();
            skip(task, TaskState.REVOKED, "terminated while running");
            return;
        }
        Duration duration = Duration.between(started, now());
        if (outcome.error() == null) {
            succeed(task, definition, context, outcome.result(), duration);
        }
        else {
            this.services.listener().failed(envelope, duration, outcome.error());
            fail(task, definition, context, outcome.error());
        }
    }

    private void succeed(InFlightTask task, TaskDefinition definition, WorkerTaskContext context,
            @Nullable Object value, Duration duration) {
        Envelope envelope = task.delivery().envelope();
        JsonNode json;
        try {
            json = value == null ? null : this.services.mapper().valueToTree(value);
        }
        catch (RuntimeException ex) {
            fail(task, definition, context, new IllegalStateException("The result of task '" + envelope.task()
                    + "' cannot be written as JSON: " + ex.getMessage(), ex));
            return;
        }
        TaskResult record = definition.options().ignoreResult() ? null
                : this.services.results().seal(result(task, TaskState.SUCCESS, json, null, context.reportedProgress()));
        complete(task, record, () -> this.services.listener().succeeded(envelope, duration, value));
    }

    private void fail(InFlightTask task, TaskDefinition definition, WorkerTaskContext context, Throwable error) {
        Envelope envelope = task.delivery().envelope();
        RetryPolicy policy = definition.options().retryPolicy();
        boolean requested = error instanceof RetryRequestedException;
        boolean retryable = requested || policy.isRetryable(error);
        if (retryable && envelope.attempt() < envelope.maxRetries()) {
            Duration delay = requested ? ((RetryRequestedException) error).countdown()
                    : policy.backOff().delay(envelope.attempt() + 1);
            Instant runAt = now().plus(delay);
            storeQuietly(result(task, TaskState.RETRY, null, TaskError.of(error, true), context.reportedProgress()));
            Failpoints.hit(Failpoints.AFTER_RETRY);
            Envelope next = this.republisher.beforeRepublish(envelope, envelope.nextAttempt(runAt));
            if (settle(task, "schedule a retry", () -> this.services.broker().retry(task.delivery(), next, runAt))) {
                this.services.listener().retried(envelope, error, delay);
            }
            return;
        }
        String code = (error instanceof ArgumentBindingException) ? DeadLetterReason.BAD_ARGUMENTS
                : retryable ? DeadLetterReason.MAX_RETRIES_EXCEEDED : DeadLetterReason.NOT_RETRYABLE;
        String message = (code.equals(DeadLetterReason.MAX_RETRIES_EXCEEDED)
                ? "Failed after " + (envelope.attempt() + 1) + " attempts: " : "") + error;
        deadLetter(task, new DeadLetterReason(code, message, error.getClass().getName()), error);
    }

    private void deadLetter(InFlightTask task, DeadLetterReason reason, @Nullable Throwable error) {
        Envelope envelope = task.delivery().envelope();
        Map<String, Object> meta = new HashMap<>();
        meta.put("deadLetterReason", reason.code());
        TaskError taskError = error != null ? TaskError.of(error, false)
                : new TaskError(reason.code(), reason.message(), "", false);
        TaskResult record = result(task, TaskState.FAILURE, null, taskError, meta);
        if (settle(task, "dead-letter", () -> this.services.broker().deadLetter(task.delivery(), reason))) {
            store(record);
            this.services.listener().deadLettered(envelope, reason);
        }
    }

    private void skip(InFlightTask task, TaskState state, String why) {
        Envelope envelope = task.delivery().envelope();
        complete(task, result(task, state, null, null, Map.of("reason", why)),
                () -> this.services.listener().skipped(envelope, why));
    }

    /// Applies a lease-fenced broker write, retried while the message is still held; `false` means
    /// the lease was lost. The message is settled either way.
    private boolean settle(InFlightTask task, String what, BooleanSupplier write) {
        boolean applied;
        try {
            applied = this.settler.settle(what + " of message " + task.delivery().id(), () -> !task.isLeaseLost(),
                    write);
        }
        finally {
            task.settled();
        }
        if (!applied) {
            this.events.refused(1);
            this.services.listener().leaseLost(task.delivery().envelope());
        }
        return applied;
    }

    /// Hands `task` and its result to the next settling batch; `onAcked` runs once it is acked.
    private void complete(InFlightTask task, @Nullable TaskResult record, Runnable onAcked) {
        task.markQueuedForSettling();
        this.acker.complete(task, record, acked -> {
            task.settled();
            if (acked) {
                onAcked.run();
            }
            else {
                this.services.listener().leaseLost(task.delivery().envelope());
            }
        });
    }

    /// Stores the record of a message already settled (dead-lettered): no lease fences it any more,
    /// only the record's own fence.
    private void store(TaskResult record) {
        boolean stored;
        try {
            stored = this.settler.settle("store the " + record.state() + " result of message " + record.taskId(),
                    () -> true, () -> this.services.backend().store(record, this.options.resultTtl()));
        }
        catch (ResultRejectedException ex) {
            if (RefusedRecords.isReplacement(record)) {
                throw ex;
            }
            store(RefusedRecords.replacement(record, ex));
            return;
        }
        if (!stored) {
            this.events.refused(1);
        }
    }

    private void storeQuietly(TaskResult record) {
        try {
            if (!this.services.backend().store(record, this.options.resultTtl())) {
                this.events.refused(1);
            }
        }
        catch (RuntimeException ex) {
            log.warn("Could not store the {} state of {}: {}", record.state(), record.taskId(), ex.toString());
        }
    }

    private void reportProgress(InFlightTask task, Map<String, Object> progress) {
        Envelope envelope = task.delivery().envelope();
        storeQuietly(result(task, TaskState.STARTED, null, null, progress));
        try {
            Map<String, Object> data = new HashMap<>(progress);
            data.put("taskId", envelope.id());
            data.put("task", envelope.task());
            this.services.events().publish(new StemEvent(StemEvent.TASK_PROGRESS, this.options.id(), now(), data));
        }
        catch (RuntimeException ex) {
            log.debug("Could not publish progress of {}", envelope.id(), ex);
        }
    }

    /// A record of `task`'s message, fenced by its attempt and by the delivery it runs under.
    private TaskResult result(InFlightTask task, TaskState state, @Nullable JsonNode value, @Nullable TaskError error,
            Map<String, Object> meta) {
        return result(task.delivery(), task.startedAt(), state, value, error, meta);
    }

    /// A record of `delivery`'s message with `meta` and the worker's own: its id (`workerId`) and
    /// when the attempt started (`startedAt`, once it did).
    private TaskResult result(Delivery delivery, @Nullable Instant startedAt, TaskState state,
            @Nullable JsonNode value, @Nullable TaskError error, Map<String, Object> meta) {
        Envelope envelope = delivery.envelope();
        Map<String, Object> full = new HashMap<>(meta);
        full.put(META_WORKER_ID, this.options.id());
        if (startedAt != null) {
            full.put(META_STARTED_AT, startedAt.toString());
        }
        return new TaskResult(envelope.id(), envelope.task(), state, value, error, full, envelope.attempt(),
                delivery.deliveryCount(), now());
    }

    /// Stores `RECEIVED` for every message of a fetched batch, in one call, when the worker tracks
    /// started tasks; best effort (a failure is logged and the messages run). A store refuses it for
    /// a message redelivered after its attempt ended, which is as it should be.
    void received(List<Delivery> deliveries) {
        if (!this.options.trackStarted() || deliveries.isEmpty()) {
            return;
        }
        List<TaskResult> records = deliveries.stream()
                .map(delivery -> result(delivery, null, TaskState.RECEIVED, null, null, Map.of())).toList();
        try {
            this.services.backend().storeAll(records, this.options.resultTtl());
        }
        catch (RuntimeException ex) {
            log.warn("Could not store the RECEIVED state of {} messages: {}", records.size(), ex.toString());
        }
    }

    private Instant now() {
        return this.services.clock().instant();
    }
}

package dev.stem.canvas;

import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.backend.TaskError;
import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;
import dev.stem.task.TimeLimitExceededException;
import dev.stem.worker.WorkerListener;

/// Carries a workflow on after a message of it was dead-lettered for a reason its handler's
/// failure did not show to the [CanvasInterceptor]: its worker died too often (`worker-lost`), its
/// hard time limit passed, its task is unknown, its payload was unreadable. The error callbacks
/// run with the dead letter's reason as the error and its chord fails, so such a member does not
/// stall its chord. Failures the interceptor saw are left to it.
///
/// A chord member dropped unrun (revoked, or expired) fails its chord the same way, with an error
/// of type `revoked` or `expired`, instead of leaving it undecided until it expires; the member's
/// own error callbacks do not run for it.
///
/// It acts once the dead letter is written or the dropped message acked: a worker that dies between
/// the two loses this report (the chord then expires undecided).
public final class CanvasFailureListener implements WorkerListener {

    private static final Logger log = LoggerFactory.getLogger(CanvasFailureListener.class);

    /// Reasons of failures thrown by a handler, which the interceptor already reported.
    private static final Set<String> SEEN_BY_INTERCEPTOR = Set.of(DeadLetterReason.MAX_RETRIES_EXCEEDED,
            DeadLetterReason.NOT_RETRYABLE, DeadLetterReason.BAD_ARGUMENTS);

    private final CanvasInterceptor interceptor;

    /// A listener reporting through `interceptor`'s continuation handling.
    public CanvasFailureListener(CanvasInterceptor interceptor) {
        this.interceptor = interceptor;
    }

    @Override
    public void deadLettered(Envelope envelope, DeadLetterReason reason) {
        boolean timedOut = TimeLimitExceededException.class.getName().equals(reason.errorType());
        if (SEEN_BY_INTERCEPTOR.contains(reason.code()) && !timedOut) {
            return;
        }
        TaskError error = new TaskError(reason.errorType() != null ? reason.errorType() : reason.code(),
                reason.message(), "", false);
        carryOn(envelope, "dead-lettered", continuation -> this.interceptor.failed(envelope, continuation, error));
    }

    @Override
    public void skipped(Envelope envelope, String why) {
        String type = envelope.isExpired(Instant.now()) ? "expired" : "revoked";
        TaskError error = new TaskError(type, "Message " + envelope.id() + " did not run: " + why, "", false);
        carryOn(envelope, "dropped", continuation -> this.interceptor.leftUnrun(envelope, continuation, error));
    }

    /// Runs `step` with `envelope`'s continuation when it is part of a workflow; a failure is logged,
    /// naming the message as `which`.
    private void carryOn(Envelope envelope, String which, Consumer<Continuation> step) {
        try {
            Continuation continuation = this.interceptor.continuationOf(envelope);
            if (continuation != null) {
                step.accept(continuation);
            }
        }
        catch (RuntimeException ex) {
            log.warn("Could not carry on the workflow of {} message {}: {}", which, envelope.id(), ex.toString());
        }
    }
}

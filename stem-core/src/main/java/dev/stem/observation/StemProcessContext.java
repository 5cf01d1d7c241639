package dev.stem.observation;

import io.micrometer.observation.transport.ReceiverContext;

import dev.stem.envelope.Envelope;
import dev.stem.task.TaskContext;

/// The context of a [StemObservation#PROCESS] observation: one attempt of a task. Its carrier is the
/// message; a tracing handler reads the trace context from its headers through [TraceHeaders], so a
/// malformed `traceparent` is dropped and the attempt starts a new trace.
public final class StemProcessContext extends ReceiverContext<Envelope> {

    private final TaskContext task;

    /// A context for the attempt `task`.
    public StemProcessContext(TaskContext task) {
        super(TraceHeaders::get);
        this.task = task;
        setCarrier(task.envelope());
        setRemoteServiceName("stem");
    }

    /// The attempt being observed.
    public TaskContext task() {
        return this.task;
    }

    /// The message of the attempt.
    public Envelope envelope() {
        return this.task.envelope();
    }
}

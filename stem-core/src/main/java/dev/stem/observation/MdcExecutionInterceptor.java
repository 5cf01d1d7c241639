package dev.stem.observation;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

import dev.stem.envelope.Envelope;
import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.task.TaskContext;

/// Puts the task's id, name, queue and attempt, and the trace id of its message, in the MDC while the
/// attempt runs (keys [#TASK_ID], [#TASK_NAME], [#QUEUE], [#ATTEMPT], [#TRACE_ID]), so every line the
/// task logs says which task wrote it. The keys are removed when the attempt ends, whatever the
/// outcome. Args are never put there.
public final class MdcExecutionInterceptor implements ExecutionInterceptor {

    /// MDC key of the task id.
    public static final String TASK_ID = "stem.taskId";

    /// MDC key of the task name.
    public static final String TASK_NAME = "stem.task";

    /// MDC key of the queue.
    public static final String QUEUE = "stem.queue";

    /// MDC key of the attempt, from 0.
    public static final String ATTEMPT = "stem.attempt";

    /// MDC key of the trace id of the message's `traceparent` (absent without one).
    public static final String TRACE_ID = "stem.traceId";

    @Override
    public @Nullable Object intercept(TaskContext context, Execution next) throws Exception {
        Envelope envelope = context.envelope();
        String traceId = TraceHeaders.traceId(envelope);
        try (MDC.MDCCloseable id = MDC.putCloseable(TASK_ID, envelope.id());
                MDC.MDCCloseable name = MDC.putCloseable(TASK_NAME, envelope.task());
                MDC.MDCCloseable queue = MDC.putCloseable(QUEUE, envelope.queue());
                MDC.MDCCloseable attempt = MDC.putCloseable(ATTEMPT, Integer.toString(envelope.attempt()));
                MDC.MDCCloseable trace = traceId != null ? MDC.putCloseable(TRACE_ID, traceId) : null) {
            return next.proceed();
        }
    }
}

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
        MDC.put(TASK_ID, envelope.id());
        MDC.put(TASK_NAME, envelope.task());
        MDC.put(QUEUE, envelope.queue());
        MDC.put(ATTEMPT, Integer.toString(envelope.attempt()));
        if (traceId != null) {
            MDC.put(TRACE_ID, traceId);
        }
        try {
            return next.proceed();
        }
        finally {
            MDC.remove(TASK_ID);
            MDC.remove(TASK_NAME);
            MDC.remove(QUEUE);
            MDC.remove(ATTEMPT);
            if (traceId != null) {
                MDC.remove(TRACE_ID);
            }
        }
    }
}

package dev.stem.middleware;

import org.jspecify.annotations.Nullable;

import dev.stem.task.TaskContext;

/// Wraps every task attempt: logging, tracing, MDC, idempotency checks, signature checks.
/// Interceptors nest in their order, the first outermost; each must call `next` exactly once
/// unless it means to skip the task.
@FunctionalInterface
public interface ExecutionInterceptor {

    /// Runs the rest of the chain (and finally the task) and returns its result.
    @Nullable Object intercept(TaskContext context, Execution next) throws Exception;

    /// The rest of the chain.
    @FunctionalInterface
    interface Execution {

        /// Proceeds to the next interceptor, or to the task.
        @Nullable Object proceed() throws Exception;
    }
}

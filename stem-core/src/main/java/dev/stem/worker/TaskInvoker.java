package dev.stem.worker;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.task.SoftTimeLimitExceededException;
import dev.stem.task.TaskHandler;
import dev.stem.task.TimeLimitExceededException;

/// Runs one attempt of a task through the execution interceptors, under its time limits.
///
/// - Without a hard limit the task runs on the calling thread.
/// - With a hard limit it runs on a platform thread of its own (pooled); when the limit passes the
///   attempt fails with [TimeLimitExceededException], the thread is interrupted and abandoned, and
///   the caller moves on. The limit is kept even if the task never yields: a CPU loop that ignores
///   interrupts keeps only its own platform thread, which the operating system schedules with the
///   rest, and never a carrier of the virtual threads every other task runs on. Abandoned threads
///   still running are counted ([AbandonedThreads]).
/// - At the soft limit the task's thread is interrupted and [WorkerTaskContext] reports the limit as
///   exceeded; an error the task raises after that is reported as [SoftTimeLimitExceededException].
final class TaskInvoker {

    private final List<ExecutionInterceptor> interceptors;

    private static final int RUNNING = 0;

    private static final int FINISHED = 1;

    private static final int ABANDONED = 2;

    private final ExecutorService limitedThreads;

    private final ScheduledExecutorService timers;

    private final AbandonedThreads abandoned;

    /// An invoker that runs attempts with a hard limit on `limitedThreads` (platform threads) and
    /// soft limits on `timers` (a platform thread).
    TaskInvoker(List<ExecutionInterceptor> interceptors, ExecutorService limitedThreads,
            ScheduledExecutorService timers, AbandonedThreads abandoned) {
        this.interceptors = List.copyOf(interceptors);
        this.limitedThreads = limitedThreads;
        this.timers = timers;
        this.abandoned = abandoned;
    }

    /// The outcome of one attempt: a result or the error that ended it.
    record Outcome(@Nullable Object result, @Nullable Throwable error, boolean abandoned) {
    }

    Outcome invoke(TaskHandler handler, WorkerTaskContext context, @Nullable Duration hardTimeLimit) {
        if (hardTimeLimit == null) {
            return runWithSoftLimit(handler, context, Thread.currentThread());
        }
        AtomicInteger state = new AtomicInteger(RUNNING);
        Future<Outcome> attempt = this.limitedThreads.submit(() -> {
            try {
                return runWithSoftLimit(handler, context, Thread.currentThread());
            }
            finally {
                if (!state.compareAndSet(RUNNING, FINISHED)) {
                    this.abandoned.ended();
                }
            }
        });
        try {
            return attempt.get(hardTimeLimit.toMillis(), TimeUnit.MILLISECONDS);
        }
        catch (TimeoutException ex) {
            attempt.cancel(true);
            boolean abandonedNow = state.compareAndSet(RUNNING, ABANDONED);
            if (abandonedNow) {
                this.abandoned.abandoned();
            }
            return new Outcome(null, new TimeLimitExceededException(hardTimeLimit), abandonedNow);
        }
        catch (InterruptedException ex) {
            attempt.cancel(true);
            Thread.currentThread().interrupt();
            return new Outcome(null, ex, false);
        }
        catch (ExecutionException | CancellationException ex) {
            return new Outcome(null, ex.getCause() != null ? ex.getCause() : ex, false);
        }
    }

    private Outcome runWithSoftLimit(TaskHandler handler, WorkerTaskContext context, Thread runner) {
        Duration soft = context.softTimeLimit();
        AtomicBoolean running = new AtomicBoolean(true);
        ScheduledFuture<?> timer = soft == null ? null : this.timers.schedule(() -> {
            synchronized (running) {
                if (running.get()) {
                    context.markSoftTimeLimitExceeded();
                    runner.interrupt();
                }
            }
        }, soft.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return new Outcome(proceed(0, handler, context), null, false);
        }
        catch (Throwable error) {
            if (context.isSoftTimeLimitExceeded() && soft != null && !(error instanceof SoftTimeLimitExceededException)) {
                SoftTimeLimitExceededException signal = new SoftTimeLimitExceededException(soft);
                signal.initCause(error);
                return new Outcome(null, signal, false);
            }
            return new Outcome(null, error, false);
        }
        finally {
            if (timer != null) {
                synchronized (running) {
                    running.set(false);
                }
                timer.cancel(false);
            }
            if (context.isSoftTimeLimitExceeded()) {
                Thread.interrupted();
            }
        }
    }

    private @Nullable Object proceed(int index, TaskHandler handler, WorkerTaskContext context) throws Exception {
        if (index == this.interceptors.size()) {
            return handler.handle(context);
        }
        return this.interceptors.get(index).intercept(context, () -> proceed(index + 1, handler, context));
    }
}

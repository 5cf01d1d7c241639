package dev.stem.samples.quickstart;

import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

import dev.stem.broker.DeadLetterReason;
import dev.stem.control.StemEvent;
import dev.stem.envelope.Envelope;
import dev.stem.worker.WorkerListener;

/// Narrates the run on standard output (progress, retries, dead letters) and counts the messages
/// that reached their end, so the runner prints its results table only once every one has, and no
/// narration line can land inside the table: once [#close()] returns, nothing more is printed here.
@Component
public class WorkloadMonitor implements WorkerListener {

    private final PrintStream out = System.out;

    private final ReentrantLock lock = new ReentrantLock();

    private final Condition progressed = this.lock.newCondition();

    private int finished;

    private boolean closed;

    @Override
    public void succeeded(Envelope envelope, Duration duration, @Nullable Object result) {
        finish(null);
    }

    @Override
    public void retried(Envelope envelope, Throwable error, Duration delay) {
        say("  retry     %s [%s]: attempt %d failed (%s); attempt %d in %d ms", envelope.task(), envelope.id(),
                envelope.attempt(), error.getMessage(), envelope.attempt() + 1, delay.toMillis());
    }

    @Override
    public void deadLettered(Envelope envelope, DeadLetterReason reason) {
        finish(String.format("  dead      %s [%s]: %s", envelope.task(), envelope.id(), reason.code()));
    }

    @Override
    public void skipped(Envelope envelope, String why) {
        finish(String.format("  skipped   %s [%s]: %s", envelope.task(), envelope.id(), why));
    }

    /// Shows a `task-progress` event.
    void progress(StemEvent event) {
        if (StemEvent.TASK_PROGRESS.equals(event.type())) {
            say("  progress  %s [%s]: %s%%", event.data().get("task"), event.data().get("taskId"),
                    event.data().get("percent"));
        }
    }

    /// Waits up to `timeout` until `count` messages reached their end; whether they did.
    boolean awaitFinished(int count, Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        this.lock.lock();
        try {
            while (this.finished < count) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = this.progressed.awaitNanos(remaining);
            }
            return true;
        }
        finally {
            this.lock.unlock();
        }
    }

    /// Stops the narration: the output belongs to the runner from now on.
    void close() {
        this.lock.lock();
        try {
            this.closed = true;
        }
        finally {
            this.lock.unlock();
        }
    }

    private void finish(@Nullable String line) {
        this.lock.lock();
        try {
            if (line != null && !this.closed) {
                this.out.println(line);
            }
            this.finished++;
            this.progressed.signalAll();
        }
        finally {
            this.lock.unlock();
        }
    }

    private void say(String format, Object... args) {
        this.lock.lock();
        try {
            if (!this.closed) {
                this.out.println(String.format(format, args));
            }
        }
        finally {
            this.lock.unlock();
        }
    }
}

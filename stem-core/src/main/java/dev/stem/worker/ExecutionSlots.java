package dev.stem.worker;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/// Runs submitted work at most `slots` at a time, in submission order.
///
/// A slot's thread runs queued work back to back while there is any, so a busy worker starts no
/// thread and parks none per message; it ends when the queue is empty and frees its slot. Work
/// submitted while every slot is busy waits in the queue (the worker bounds how much it leases).
/// A submission starts one slot; a slot that takes work while more waits starts the next free one
/// before it runs its own, so a batch fans out to free slots from the slots' threads rather than
/// from the submitting thread. Nothing a piece of work throws, not even an [Error], ends a slot.
final class ExecutionSlots {

    private static final Logger log = LoggerFactory.getLogger(ExecutionSlots.class);

    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    private final ResizableSemaphore free;

    private final Executor threads;

    /// Slots that run work on threads of `threads`, one thread per busy slot.
    ExecutionSlots(int slots, Executor threads) {
        this.free = new ResizableSemaphore(slots);
        this.threads = threads;
    }

    /// Queues `work` in order, and starts a slot for it if one is free.
    void submitAll(List<Runnable> work) {
        if (work.isEmpty()) {
            return;
        }
        this.waiting.addAll(work);
        if (this.free.tryAcquire()) {
            this.threads.execute(this::drain);
        }
    }

    /// Adds `delta` slots (removes them when negative). Removed slots are taken as they free up:
    /// work that runs goes on, and no new work starts over the new number.
    void resize(int delta) {
        if (delta > 0) {
            this.free.release(delta);
            if (!this.waiting.isEmpty() && this.free.tryAcquire()) {
                this.threads.execute(this::drain);
            }
        }
        else if (delta < 0) {
            this.free.reducePermits(-delta);
        }
    }

    private void drain() {
        do {
            Runnable work;
            while ((work = this.waiting.poll()) != null) {
                if (!this.waiting.isEmpty() && this.free.tryAcquire()) {
                    this.threads.execute(this::drain);
                }
                try {
                    work.run();
                }
                catch (Throwable ex) {
                    log.error("Worker task failed unexpectedly", ex);
                }
                Thread.interrupted();
            }
            this.free.release();
        }
        while (!this.waiting.isEmpty() && this.free.tryAcquire());
    }

    /// A semaphore whose number of permits can be lowered below the permits in use.
    private static final class ResizableSemaphore extends Semaphore {

        private static final long serialVersionUID = 1L;

        ResizableSemaphore(int permits) {
            super(permits);
        }

        @Override
        protected void reducePermits(int reduction) {
            super.reducePermits(reduction);
        }
    }
}

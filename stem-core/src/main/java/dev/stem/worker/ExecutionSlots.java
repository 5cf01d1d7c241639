package dev.stem.worker;

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
final class ExecutionSlots {

    private static final Logger log = LoggerFactory.getLogger(ExecutionSlots.class);

    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    private final Semaphore free;

    private final Executor threads;

    /// Slots that run work on threads of `threads`, one thread per busy slot.
    ExecutionSlots(int slots, Executor threads) {
        this.free = new Semaphore(slots);
        this.threads = threads;
    }

    /// Queues `work`, and starts a slot for it if one is free.
    void submit(Runnable work) {
        this.waiting.add(work);
        if (this.free.tryAcquire()) {
            this.threads.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable work;
            while ((work = this.waiting.poll()) != null) {
                try {
                    work.run();
                }
                catch (RuntimeException ex) {
                    log.error("Worker task failed unexpectedly", ex);
                }
                Thread.interrupted();
            }
            this.free.release();
        }
        while (!this.waiting.isEmpty() && this.free.tryAcquire());
    }
}

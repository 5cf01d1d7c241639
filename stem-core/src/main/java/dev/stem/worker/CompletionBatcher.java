package dev.stem.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.ResultRejectedException;
import dev.stem.backend.TaskResult;
import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.failpoint.Failpoints;

/// Completes finished messages in batches: whatever finished while the previous batch was on the
/// wire goes out in the next one, through one [Broker#storeAndAckAll] (results stored, then
/// messages acked: one round trip where the broker can write the results itself, two otherwise).
/// A busy worker pays that for many messages and an idle one waits for nothing. "Stored, then
/// acked" holds per message, nothing is acked whose result could not be stored, and the task's
/// thread does not wait for any of it: each message's callback runs on the batcher's thread once
/// its batch is settled.
///
/// A batch whose write fails is retried as [Settler] says: while the worker runs, until the store
/// answers or every message of the batch lost its lease; the leases are kept meanwhile. A batch
/// with a record the result store refuses for good ([ResultRejectedException]) is settled one
/// message at a time, the refused record replaced by a `FAILURE`. Acks the
/// broker refuses are counted. Nothing thrown while writing a batch, not even an [Error], stops the
/// batcher: the batch's messages are left to lapse and the failure is reported.
final class CompletionBatcher {

    private static final Logger log = LoggerFactory.getLogger(CompletionBatcher.class);

    /// Most messages per ack call.
    static final int MAX_BATCH = 256;

    private final Broker broker;

    private final ResultBackend backend;

    private final Duration resultTtl;

    private final Settler settler;

    private final LinkedBlockingQueue<Queued> pending = new LinkedBlockingQueue<>();

    private final Thread flusher;

    private final SettleEvents events;

    private volatile boolean open = true;

    CompletionBatcher(Broker broker, ResultBackend backend, Duration resultTtl, Settler settler, SettleEvents events,
            String workerId) {
        this.broker = broker;
        this.backend = backend;
        this.resultTtl = resultTtl;
        this.settler = settler;
        this.events = events;
        this.flusher = Thread.ofPlatform().name("stem-ack-" + workerId).daemon().start(this::flushLoop);
    }

    /// Stores `result` (if any) and then acks `task`'s message with the next batch, then calls
    /// `whenSettled` with `false` when the write could not be made (lease lost while the store was
    /// unreachable, a stop's deadline passed, or the batcher already closed).
    void complete(InFlightTask task, @Nullable TaskResult result, Consumer<Boolean> whenSettled) {
        Completion completion = new Completion(task, result, whenSettled);
        if (!this.open) {
            completion.settled(false);
            return;
        }
        this.pending.add(completion);
        if (!this.open && this.pending.remove(completion)) {
            completion.settled(false);
        }
    }

    /// Settles what is pending and stops the flusher thread. The batch on the wire and those queued
    /// behind it get up to `grace` to be written; past that, a write still retrying is interrupted
    /// and its messages are left to lapse and run again. Whatever was completed during the close is
    /// settled last, here.
    void close(Duration grace) {
        this.open = false;
        this.pending.add(Close.INSTANCE);
        try {
            this.flusher.join(grace);
            if (this.flusher.isAlive()) {
                log.warn("Settling finished messages took longer than {} ms at shutdown; giving up on the rest",
                        grace.toMillis());
                this.flusher.interrupt();
                this.flusher.join();
            }
        }
        catch (InterruptedException ex) {
            this.flusher.interrupt();
            Thread.currentThread().interrupt();
        }
        List<Queued> left = new ArrayList<>();
        this.pending.drainTo(left);
        List<Completion> completions = completions(left);
        if (!completions.isEmpty()) {
            flush(completions);
        }
    }

    private void flushLoop() {
        List<Queued> taken = new ArrayList<>(MAX_BATCH);
        while (true) {
            try {
                taken.add(this.pending.take());
            }
            catch (InterruptedException ex) {
                return;
            }
            this.pending.drainTo(taken, MAX_BATCH - 1);
            List<Completion> batch = completions(taken);
            if (!batch.isEmpty()) {
                flush(batch);
            }
            if (batch.size() < taken.size()) {
                return;
            }
            taken.clear();
        }
    }

    /// The completions among `queued`, in order; the close mark, if there, is left out.
    private static List<Completion> completions(List<Queued> queued) {
        List<Completion> completions = new ArrayList<>(queued.size());
        for (Queued item : queued) {
            if (item instanceof Completion completion) {
                completions.add(completion);
            }
        }
        return completions;
    }

    private void flush(List<Completion> batch) {
        List<Delivery> deliveries = new ArrayList<>(batch.size());
        List<TaskResult> results = new ArrayList<>(batch.size());
        for (Completion ack : batch) {
            deliveries.add(ack.task().delivery());
            if (ack.result() != null) {
                results.add(ack.result());
            }
        }
        int[] acked = new int[1];
        boolean applied;
        try {
            applied = this.settler.settle("store " + results.size() + " results and ack " + batch.size()
                    + " messages", () -> anyHeld(batch), () -> {
                        acked[0] = storeAndAck(results, deliveries);
                        return true;
                    });
        }
        catch (ResultRejectedException ex) {
            settleOneByOne(batch, ex);
            return;
        }
        catch (Throwable ex) {
            log.error("Settling {} messages failed; they will be delivered again after their lease", batch.size(), ex);
            this.events.failed("settling finished messages", ex);
            applied = false;
        }
        if (applied && acked[0] < batch.size()) {
            log.warn("{} of {} acks were refused: those messages lost their lease and may run again",
                    batch.size() - acked[0], batch.size());
            this.events.refused(batch.size() - acked[0]);
        }
        for (Completion ack : batch) {
            ack.settled(applied);
        }
    }

    /// Settles the messages of `batch`, whose write the result store refused for good, one by one: a
    /// message whose own record is refused is settled with a `FAILURE` record in its place, so a
    /// value the store cannot hold neither holds up the others nor runs its task again.
    private void settleOneByOne(List<Completion> batch, ResultRejectedException ex) {
        if (batch.size() > 1) {
            log.warn("The result store refused a record of a batch of {} ({}); settling them one by one",
                    batch.size(), ex.getMessage());
            batch.forEach(completion -> flush(List.of(completion)));
            return;
        }
        Completion refused = batch.get(0);
        TaskResult record = refused.result();
        String id = refused.task().delivery().id();
        if (record == null || RefusedRecords.isReplacement(record)) {
            log.error("The result store refused the record of message {}; it will be delivered again after its lease",
                    id, ex);
            this.events.failed("settling message " + id, ex);
            refused.settled(false);
            return;
        }
        flush(List.of(new Completion(refused.task(), RefusedRecords.replacement(record, ex), refused.whenSettled())));
    }

    private int storeAndAck(List<TaskResult> results, List<Delivery> deliveries) {
        if (Failpoints.armed(Failpoints.AFTER_RESULT) && !results.isEmpty()) {
            this.backend.storeAll(results, this.resultTtl);
            Failpoints.hit(Failpoints.AFTER_RESULT);
            return this.broker.ackAll(deliveries);
        }
        return this.broker.storeAndAckAll(this.backend, results, this.resultTtl, deliveries);
    }

    private static boolean anyHeld(List<Completion> batch) {
        for (Completion ack : batch) {
            if (!ack.task().isLeaseLost()) {
                return true;
            }
        }
        return false;
    }

    /// What the flusher takes from its queue: a completion, or the mark that the batcher closes.
    private sealed interface Queued permits Completion, Close {
    }

    /// Queued by [#close(Duration)]: the flusher settles what was queued before it, then stops.
    private enum Close implements Queued {
        INSTANCE
    }

    /// A message (and its result, if stored) waiting for its batch.
    private record Completion(InFlightTask task, @Nullable TaskResult result, Consumer<Boolean> whenSettled)
            implements Queued {

        void settled(boolean applied) {
            try {
                this.whenSettled.accept(applied);
            }
            catch (Throwable ex) {
                log.warn("A completion callback of message {} failed", this.task.delivery().id(), ex);
            }
        }
    }
}

package dev.stem.worker;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;

/// Acks finished messages in batches: whatever finished while the previous batch was on the wire
/// goes out in the next [Broker#ackAll] call, so a busy worker pays one round trip for many
/// messages and an idle one pays no wait at all. Each caller waits until its message's batch is
/// settled, so "stored, then acked" still holds per message.
final class AckBatcher {

    private static final Logger log = LoggerFactory.getLogger(AckBatcher.class);

    /// Most messages per ack call.
    static final int MAX_BATCH = 256;

    private final Broker broker;

    private final Settler settler;

    private final LinkedBlockingQueue<PendingAck> pending = new LinkedBlockingQueue<>();

    private final Thread flusher;

    private volatile boolean open = true;

    AckBatcher(Broker broker, Settler settler, String workerId) {
        this.broker = broker;
        this.settler = settler;
        this.flusher = Thread.ofPlatform().name("stem-ack-" + workerId).daemon().start(this::flushLoop);
    }

    /// Acks `task`'s message with the next batch; `false` when the ack could not be applied (lease
    /// lost, store unreachable until the lease ran out, or the batcher already closed).
    boolean ack(InFlightTask task) {
        if (!this.open) {
            return false;
        }
        PendingAck ack = new PendingAck(task, new CompletableFuture<>());
        this.pending.add(ack);
        try {
            return ack.done().get();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
        catch (ExecutionException ex) {
            return false;
        }
    }

    /// Flushes what is pending and stops the flusher thread.
    void close() {
        this.open = false;
        this.flusher.interrupt();
        try {
            this.flusher.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        List<PendingAck> left = new ArrayList<>();
        this.pending.drainTo(left);
        if (!left.isEmpty()) {
            flush(left);
        }
    }

    private void flushLoop() {
        List<PendingAck> batch = new ArrayList<>(MAX_BATCH);
        while (this.open) {
            try {
                batch.add(this.pending.take());
            }
            catch (InterruptedException ex) {
                return;
            }
            this.pending.drainTo(batch, MAX_BATCH - 1);
            flush(batch);
            batch.clear();
        }
    }

    private void flush(List<PendingAck> batch) {
        List<Delivery> deliveries = new ArrayList<>(batch.size());
        Instant deadline = Instant.MAX;
        for (PendingAck ack : batch) {
            deliveries.add(ack.task().delivery());
            if (ack.task().leaseDeadline().isBefore(deadline)) {
                deadline = ack.task().leaseDeadline();
            }
        }
        int[] acked = new int[1];
        boolean applied = this.settler.settle("ack " + batch.size() + " messages", deadline, () -> {
            acked[0] = this.broker.ackAll(deliveries);
            return true;
        });
        if (applied && acked[0] < batch.size()) {
            log.warn("{} of {} acks were refused: those messages lost their lease and may run again",
                    batch.size() - acked[0], batch.size());
        }
        for (PendingAck ack : batch) {
            ack.done().complete(applied);
        }
    }

    /// A message waiting for its batch.
    private record PendingAck(InFlightTask task, CompletableFuture<Boolean> done) {
    }
}

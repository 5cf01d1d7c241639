package dev.stem.chaos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.envelope.Envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// One scenario's run: its store connection, queue, ledger folder and worker fleet, and the checks
/// every scenario ends with.
final class ChaosRun implements AutoCloseable {

    static final Duration LEASE = Duration.ofSeconds(5);

    final ChaosStore store;

    final StoreConnection connection;

    final String queue;

    final Path folder;

    final Path ledgers;

    final WorkerFleet fleet;

    final List<String> enqueued = new ArrayList<>();

    ChaosRun(ChaosStore store, Path folder, List<String> workerArguments) {
        this.store = store;
        this.connection = store.open();
        this.queue = "chaos-" + randomHex(4);
        this.folder = folder;
        this.ledgers = folder.resolve("ledgers");
        List<String> arguments = new ArrayList<>(store.jvmArguments());
        arguments.add("-Dchaos.queue=" + this.queue);
        arguments.add("-Dchaos.ledger=" + this.ledgers);
        arguments.add("-Dchaos.lease-ms=" + LEASE.toMillis());
        arguments.add("-Xmx256m");
        arguments.addAll(workerArguments);
        this.fleet = new WorkerFleet(arguments, folder);
    }

    /// A fresh prefix no other run uses, valid as a Redis key prefix and a PostgreSQL table prefix.
    static String randomPrefix() {
        return "c" + randomHex(5) + "_";
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    Broker broker() {
        return this.connection.broker();
    }

    /// Publishes `count` [ChaosTasks#WORK] tasks of `millis` each, in batches; returns their ids.
    List<String> enqueueWork(int count, int millis) {
        List<Envelope> batch = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Envelope envelope = work(millis);
            batch.add(envelope);
            ids.add(envelope.id());
            if (batch.size() == 500) {
                broker().publishAll(batch);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            broker().publishAll(batch);
        }
        this.enqueued.addAll(ids);
        return ids;
    }

    /// A [ChaosTasks#WORK] message on this run's queue, not yet published.
    Envelope work(int millis) {
        return Envelope.builder(ChaosTasks.WORK).queue(this.queue).maxRetries(0)
                .args(JsonNodeFactory.instance.objectNode().put("ms", millis)).build();
    }

    LedgerBook ledger() {
        return LedgerBook.read(this.ledgers);
    }

    /// Waits up to `within` for `condition`; on a timeout the failure carries every worker's output.
    void until(String what, Duration within, Callable<Boolean> condition) {
        try {
            await().atMost(within).pollInterval(Duration.ofMillis(50)).until(condition);
        }
        catch (ConditionTimeoutException ex) {
            throw new AssertionError("Not within " + within + ": " + what + "\n" + this.fleet.outputs(), ex);
        }
    }

    /// Waits until every enqueued task finished at least once.
    void awaitAllFinished(Duration within) {
        until("every task finished", within, () -> {
            LedgerBook book = ledger();
            return this.enqueued.stream().allMatch(id -> !book.finishesOf(id).isEmpty());
        });
    }

    /// Waits until at least `count` tasks finished.
    void awaitFinished(int count, Duration within) {
        until(count + " tasks finished", within, () -> ledger().finishedCount() >= count);
    }

    /// Waits until at least `count` distinct tasks started.
    void awaitStarted(int count, Duration within) {
        until(count + " tasks started", within, () -> ledger().starts().size() >= count);
    }

    /// Waits until `incarnation` finished every task of `ids` it started.
    void awaitFinishedBy(String incarnation, List<String> ids, Duration within) {
        until(incarnation + " finished what it started", within, () -> {
            LedgerBook book = ledger();
            return ids.stream().filter(id -> book.startsOf(id).contains(incarnation))
                    .allMatch(id -> book.finishesOf(id).contains(incarnation));
        });
    }

    /// Waits until the queue has `count` dead letters.
    void awaitDeadLetters(int count, Duration within) {
        until(count + " dead letters", within, () -> broker().deadLetters(this.queue, 0, 100).size() >= count);
    }

    /// The run's verdict, printed.
    ChaosVerdict verdict(String scenario) {
        ChaosVerdict verdict = ChaosVerdict.check(this.enqueued, ledger(), this.fleet.faulted());
        System.out.printf("chaos %s on %s: %s; %d worker processes, faulted %s%n", scenario, this.store.kind(),
                verdict.summary(), this.fleet.started(), this.fleet.faulted());
        return verdict;
    }

    /// The checks every scenario ends with: nothing lost, every duplicate held by a faulted worker,
    /// the queue empty, and no dead letter but the `expectedDead` ones.
    ChaosVerdict assertNothingLost(String scenario, int expectedDead) {
        ChaosVerdict verdict = verdict(scenario);
        assertThat(verdict.lost()).as("lost tasks\n%s", this.fleet.outputs()).isEmpty();
        assertThat(verdict.unexcused()).as("tasks run twice although no worker holding them was faulted\n%s",
                this.fleet.outputs()).isEmpty();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            assertThat(broker().stats(this.queue).ready()).isZero();
            assertThat(broker().stats(this.queue).inFlight()).isZero();
        });
        List<DeadLetter> dead = broker().deadLetters(this.queue, 0, 100);
        assertThat(dead).as("dead letters").hasSize(expectedDead);
        return verdict;
    }

    @Override
    public void close() throws Exception {
        try {
            this.fleet.close();
        }
        finally {
            try {
                broker().purge(this.queue);
                broker().purgeDeadLetters(this.queue);
            }
            finally {
                this.connection.close();
            }
        }
    }
}

package dev.stem.boot.autoconfigure.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.client.TaskHandle;
import dev.stem.worker.Worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Over 1,000 malformed or hostile messages ([HostileEnvelopes], plus one 50 MB string) written
/// straight into the store while a worker runs, mixed with valid tasks: each hostile one ends in
/// the dead letter queue with a reason, every valid one succeeds, the worker stays up, and its
/// heap after a collection is about what it was before. Subclasses give the store.
abstract class HostileInputScenarios {

    private static final int VALID = 100;

    /// How much the heap may hold after a collection beyond what it held before: the valid tasks'
    /// handles and the meters of a worker that ran, never the 50 MB message or any hostile one. It is
    /// measured once the worker is done and before the test reads the dead letters back (that read
    /// brings the 50 MB payload into this JVM through the store client, which is not the worker's).
    private static final long MAX_HEAP_GROWTH_MB = 24;

    /// A context runner on the store with a random prefix of its own, worker on.
    protected abstract ApplicationContextRunner contextRunner();

    /// Writes `payload` straight into the `default` queue of the store, bypassing Stem.
    protected abstract void write(AssertableApplicationContext context, String payload);

    /// Writes messages only this store can hold (invalid UTF-8 on Redis); returns how many.
    protected int writeStoreSpecific(AssertableApplicationContext context) {
        return 0;
    }

    @Test
    void hostileMessagesAreDeadLetteredWithAReasonWhileValidOnesSucceedAndTheWorkerStaysUp() {
        contextRunner().withUserConfiguration(FuzzTasks.class).run(context -> {
            Stem stem = context.getBean(Stem.class);
            Broker broker = context.getBean(Broker.class);
            long heapBefore = usedHeapAfterGc();
            List<TaskHandle<Object>> valid = new ArrayList<>();
            int expectedDead = writeHostileAmongValid(context, stem, valid);

            await().atMost(Duration.ofSeconds(90)).until(() -> broker.stats("default").dead() >= expectedDead
                    && valid.stream().allMatch(h -> h.state() == TaskState.SUCCESS));

            long heapAfter = usedHeapAfterGc();
            assertThat(broker.stats("default").dead()).isEqualTo(expectedDead);
            Set<String> codes = deadLetterReasons(broker, expectedDead);
            assertThat(codes).contains("malformed", "payload-too-large", "bad-arguments");
            assertThat(context.getBean(Worker.class).isRunning()).isTrue();
            assertThat(context.getBean(Worker.class).isHealthy()).isTrue();
            System.out.printf("Hostile input: %d dead-lettered %s, heap after GC %d MB before, %d MB after%n",
                    expectedDead, codes, heapBefore >> 20, heapAfter >> 20);
            assertThat(heapAfter).as("heap after GC, bytes (before: %d)", heapBefore)
                    .isLessThan(heapBefore + (MAX_HEAP_GROWTH_MB << 20));
        });
    }

    /// Writes every hostile message and the 50 MB one, enqueueing valid tasks among them into
    /// `valid`; returns how many messages must be dead-lettered.
    private int writeHostileAmongValid(AssertableApplicationContext context, Stem stem,
            List<TaskHandle<Object>> valid) {
        List<String> hostile = HostileEnvelopes.all();
        for (int i = 0; i < hostile.size(); i++) {
            write(context, hostile.get(i));
            if (i % (hostile.size() / VALID) == 0 && valid.size() < VALID) {
                valid.add(stem.enqueue("fuzz.sink", Map.of("n", i)));
            }
        }
        write(context, HostileEnvelopes.valid("huge").replace("\"n\":1", "\"n\":\"" + "x".repeat(50 << 20) + "\""));
        return hostile.size() + 1 + writeStoreSpecific(context);
    }

    /// The reason codes of every dead letter of `default`, each checked to have a code and a message
    /// (the letters themselves, which hold the stored payloads, are not kept).
    private static Set<String> deadLetterReasons(Broker broker, long expected) {
        List<DeadLetter> letters = new ArrayList<>();
        for (int offset = 0; offset < expected; offset += 500) {
            letters.addAll(broker.deadLetters("default", offset, 500));
        }
        assertThat(letters).hasSize((int) expected).allSatisfy(letter -> {
            assertThat(letter.reason().code()).isNotBlank();
            assertThat(letter.reason().message()).isNotBlank();
        });
        return letters.stream().map(l -> l.reason().code()).collect(Collectors.toSet());
    }

    /// The least heap in use over a few collections a fifth of a second apart: a buffer the store
    /// client's I/O thread lets go of a moment later is not counted as held.
    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime runtime = Runtime.getRuntime();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            least = Math.min(least, runtime.totalMemory() - runtime.freeMemory());
            Thread.sleep(200);
        }
        return least;
    }

    @Configuration(proxyBeanMethods = false)
    static class FuzzTasks {

        @StemTask(name = "fuzz.sink", maxRetries = 0)
        public int sink(int n) {
            return n;
        }
    }
}

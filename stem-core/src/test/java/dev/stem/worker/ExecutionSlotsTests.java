package dev.stem.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ExecutionSlotsTests {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        this.threads.shutdownNow();
    }

    @Test
    void runsEverySubmissionOnceAndNeverMoreThanItsSlotsAtOnce() throws InterruptedException {
        ExecutionSlots slots = new ExecutionSlots(3, this.threads);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        int perProducer = 5_000;
        List<Thread> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            producers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perProducer; i += 5) {
                    Runnable work = () -> {
                        most.accumulateAndGet(running.incrementAndGet(), Math::max);
                        Thread.onSpinWait();
                        running.decrementAndGet();
                        ran.incrementAndGet();
                    };
                    slots.submitAll(List.of(work, work, work, work, work));
                }
            }));
        }
        for (Thread producer : producers) {
            producer.join();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(ran).hasValue(4 * perProducer));
        assertThat(most.get()).isBetween(1, 3);
    }

    @Test
    void aBatchFansOutToEveryFreeSlot() {
        ExecutionSlots slots = new ExecutionSlots(3, this.threads);
        CyclicBarrier allThree = new CyclicBarrier(3);
        AtomicInteger met = new AtomicInteger();
        Runnable meet = () -> {
            try {
                allThree.await(5, TimeUnit.SECONDS);
                met.incrementAndGet();
            }
            catch (Exception ex) {
                throw new IllegalStateException(ex);
            }
        };

        slots.submitAll(List.of(meet, meet, meet));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(met).hasValue(3));
    }

    @Test
    void workSubmittedWhileTheLastSlotIsFinishingIsNotStranded() throws InterruptedException {
        ExecutionSlots slots = new ExecutionSlots(1, this.threads);
        for (int round = 0; round < 2_000; round++) {
            CountDownLatch done = new CountDownLatch(2);
            submit(slots, done::countDown);
            submit(slots, done::countDown);
            assertThat(done.await(5, TimeUnit.SECONDS)).as("round %d", round).isTrue();
        }
    }

    @Test
    void queuedWorkRunsInSubmissionOrderOnASingleSlot() throws InterruptedException {
        ExecutionSlots slots = new ExecutionSlots(1, this.threads);
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
        submit(slots, () -> {
            try {
                release.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        for (int i = 0; i < 100; i++) {
            int n = i;
            submit(slots, () -> order.add(n));
        }
        release.countDown();

        await().untilAsserted(() -> assertThat(order).hasSize(100));
        assertThat(List.copyOf(order)).isSorted();
    }

    @Test
    void aFailingSubmissionDoesNotStopTheSlot() {
        ExecutionSlots slots = new ExecutionSlots(1, this.threads);
        AtomicInteger ran = new AtomicInteger();
        submit(slots, () -> {
            throw new IllegalStateException("boom");
        });
        submit(slots, ran::incrementAndGet);

        await().untilAsserted(() -> assertThat(ran).hasValue(1));
    }

    @Test
    void anInterruptDoesNotLeakIntoTheNextSubmission() {
        ExecutionSlots slots = new ExecutionSlots(1, this.threads);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger interruptedAfter = new AtomicInteger(-1);
        submit(slots, () -> {
            try {
                release.await();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            Thread.currentThread().interrupt();
        });
        submit(slots, () -> interruptedAfter.set(Thread.currentThread().isInterrupted() ? 1 : 0));
        release.countDown();

        await().untilAsserted(() -> assertThat(interruptedAfter).hasValue(0));
    }

    private static void submit(ExecutionSlots slots, Runnable work) {
        slots.submitAll(List.of(work));
    }
}

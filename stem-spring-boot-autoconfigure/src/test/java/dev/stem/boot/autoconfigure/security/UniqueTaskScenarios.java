package dev.stem.boot.autoconfigure.security;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskHandle;
import dev.stem.client.Uniqueness;
import dev.stem.task.TaskContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// 8 threads each enqueue the same unique task 1,000 times while a worker runs: exactly one
/// message per uniqueness window is published and runs once. Subclasses give the store, and may
/// run some of the enqueues in transactions that roll back.
abstract class UniqueTaskScenarios {

    static final int THREADS = 8;

    static final int ENQUEUES = 1_000;

    /// A context runner on the store with a random prefix of its own, worker on.
    protected abstract ApplicationContextRunner contextRunner();

    /// Runs the `i`-th enqueue of thread `thread`, returning the id, or `null` when it was rolled back.
    protected String enqueue(AssertableApplicationContext context, int thread, int i, Stem stem) {
        return enqueue(stem, thread);
    }

    static String enqueue(Stem stem, int thread) {
        return stem.enqueue("unique.order", Map.of("order", 42, "thread", thread),
                EnqueueOptions.builder().unique(Uniqueness.within(Duration.ofHours(1)).by("order")).build()).id();
    }

    @Test
    void theSameUniqueTaskEnqueuedByEightThreadsAThousandTimesEachRunsOncePerWindow() {
        contextRunner().withUserConfiguration(UniqueTasks.class).run(context -> {
            Stem stem = context.getBean(Stem.class);
            Map<String, AtomicInteger> runs = context.getBean(UniqueTasks.class).runs;
            Set<String> ids = ConcurrentHashMap.newKeySet();
            try (ExecutorService threads = Executors.newFixedThreadPool(THREADS)) {
                java.util.List<Future<?>> done = new java.util.ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    int thread = t;
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < ENQUEUES; i++) {
                            String id = enqueue(context, thread, i, stem);
                            if (id != null) {
                                ids.add(id);
                            }
                        }
                    }));
                }
                for (Future<?> future : done) {
                    future.get();
                }
            }
            assertThat(ids).isNotEmpty().hasSizeLessThanOrEqualTo(2);
            await().atMost(Duration.ofSeconds(30)).until(() -> ids.stream().allMatch(runs::containsKey));
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> runs.size() == ids.size());
            for (String id : ids) {
                assertThat(runs.get(id)).as(id).hasValue(1);
            }
        });
    }

    @Test
    void anEnqueueWithTheIdOfAnExistingMessageReturnsItsHandleAndRunsNothingAgain() {
        contextRunner().withUserConfiguration(UniqueTasks.class).run(context -> {
            Stem stem = context.getBean(Stem.class);
            Map<String, AtomicInteger> runs = context.getBean(UniqueTasks.class).runs;
            EnqueueOptions sameId = EnqueueOptions.builder().id("order-42-" + System.nanoTime()).build();

            TaskHandle<Object> first = stem.enqueue("unique.order", Map.of("order", 42, "thread", 1), sameId);
            TaskHandle<Object> waiting = stem.enqueue("unique.order", Map.of("order", 42, "thread", 2), sameId);
            first.result(Duration.ofSeconds(20));
            TaskHandle<Object> finished = stem.enqueue("unique.order", Map.of("order", 42, "thread", 3), sameId);

            assertThat(waiting.id()).isEqualTo(first.id());
            assertThat(finished.id()).isEqualTo(first.id());
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> runs.get(first.id()).get() == 1);
            assertThat(runs).hasSize(1);
        });
    }

    @Configuration(proxyBeanMethods = false)
    static class UniqueTasks {

        final Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();

        @StemTask(name = "unique.order", maxRetries = 0)
        public void order(int order, int thread, TaskContext context) {
            this.runs.computeIfAbsent(context.envelope().id(), id -> new AtomicInteger()).incrementAndGet();
        }
    }
}

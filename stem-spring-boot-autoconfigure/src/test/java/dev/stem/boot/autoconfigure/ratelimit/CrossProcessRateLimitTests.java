package dev.stem.boot.autoconfigure.ratelimit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.stem.Stem;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.boot.autoconfigure.redis.StemRedisAutoConfiguration;
import dev.stem.client.TaskHandle;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Two worker JVMs ([RateLimitedWorkerMain]) share one Redis: a task limited to 20 starts a
/// second, mixed with as many unlimited ones, never starts more than its limit plus its burst (20)
/// in any one-second window of start times, both processes run it, and every task finishes. CI
/// runs 100 of each; `-Dstem.ratelimit.tasks=400` runs the full size. The total time of the
/// limited tasks and whether the unlimited ones finished first are printed, not asserted.
@RequiresRedis
class CrossProcessRateLimitTests {

    private static final int LIMIT = 20;

    /// Start times are taken in the task, a little after the grant of its token, so a window of
    /// start times may hold a start or two whose grants lay just outside it.
    private static final int START_JITTER = 2;

    private static final String prefix = RedisTestServer.randomPrefix();

    @TempDir
    Path folder;

    @AfterAll
    static void deleteKeys() {
        RedisTestServer.cleanUp(prefix);
    }

    @Test
    void aLimitedTaskStaysWithinItsLimitAcrossTwoWorkerProcesses() throws Exception {
        int tasks = Integer.getInteger("stem.ratelimit.tasks", 100);
        List<Process> workers = new ArrayList<>();
        try {
            for (int i = 0; i < 2; i++) {
                workers.add(startWorker(this.folder.resolve("worker-" + i + ".log")));
            }
            for (int i = 0; i < 2; i++) {
                Path log = this.folder.resolve("worker-" + i + ".log");
                await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(log)
                        && Files.readString(log).contains("RATE-LIMITED WORKER READY"));
            }
            new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
                            StemRedisAutoConfiguration.class, StemAutoConfiguration.class))
                    .withPropertyValues(properties()).withPropertyValues("stem.worker.enabled=false")
                    .run(context -> check(context.getBean(Stem.class), tasks));
        }
        finally {
            for (Process worker : workers) {
                worker.destroyForcibly().waitFor();
            }
        }
    }

    private void check(Stem stem, int tasks) {
        List<TaskHandle<String>> limited = new ArrayList<>();
        List<TaskHandle<String>> unlimited = new ArrayList<>();
        long enqueued = System.currentTimeMillis();
        for (int i = 0; i < tasks; i++) {
            limited.add(stem.enqueue("rl.limited", Map.of("n", i), String.class));
            unlimited.add(stem.enqueue("rl.unlimited", Map.of("n", i), String.class));
        }
        List<String> limitedStarts = limited.stream().map(h -> h.result(Duration.ofSeconds(tasks / LIMIT + 120)))
                .toList();
        List<String> unlimitedStarts = unlimited.stream().map(h -> h.result(Duration.ofSeconds(60))).toList();

        List<Long> times = limitedStarts.stream().map(r -> Long.parseLong(r.substring(r.indexOf(':') + 1))).sorted()
                .toList();
        int most = 0;
        for (int i = 0; i < times.size(); i++) {
            int in = 0;
            for (int j = i; j < times.size() && times.get(j) < times.get(i) + 1_000; j++) {
                in++;
            }
            most = Math.max(most, in);
        }
        Set<String> pids = limitedStarts.stream().map(r -> r.substring(0, r.indexOf(':'))).collect(Collectors.toSet());
        long lastUnlimited = unlimitedStarts.stream().mapToLong(r -> Long.parseLong(r.substring(r.indexOf(':') + 1)))
                .max().orElseThrow();
        System.out.printf("Rate limit %d/s over 2 workers: %d limited tasks started over %d ms (first %d ms after "
                + "the enqueue), at most %d in one second, by processes %s; the last of %d unlimited started %d ms "
                + "after the enqueue%n", LIMIT, tasks, times.getLast() - times.getFirst(), times.getFirst() - enqueued,
                most, pids, tasks, lastUnlimited - enqueued);
        assertThat(most).as("limited starts in one second").isLessThanOrEqualTo(2 * LIMIT + START_JITTER);
        assertThat(pids).as("processes that ran the limited task").hasSize(2);
    }

    private Process startWorker(Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), RateLimitedWorkerMain.class.getName()));
        for (String property : properties()) {
            command.add("--" + property);
        }
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String[] properties() {
        return new String[] { "stem.broker.url=" + RedisTestServer.url(), "stem.redis.key-prefix=" + prefix,
                "stem.worker.concurrency=8", "stem.worker.fetch-wait=200ms", "stem.worker.shutdown-timeout=2s" };
    }
}

package dev.stem.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.broker.Broker;
import dev.stem.broker.QueueStats;
import dev.stem.envelope.Envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// At-least-once across a crash, checked with real processes: a worker JVM is killed with SIGKILL
/// while it holds tasks, a second worker JVM finishes every one of them after the lease lapses, and
/// none is lost. How many ran twice is reported (a crash mid-task makes some duplicates inevitable).
///
/// Extend it with the store's [#createBroker()] and a [#workerMainClass()] whose `main` builds the
/// same store and calls [CrashTestWorker#run].
@Timeout(value = 3, unit = TimeUnit.MINUTES)
public abstract class WorkerCrashContractTests {

    /// Lease of the worker processes: how soon a killed worker's tasks are delivered again.
    protected static final Duration LEASE = Duration.ofSeconds(3);

    private static final int TASKS = 2_000;

    private final List<Process> processes = new ArrayList<>();

    private Broker broker;

    private String queue;

    @TempDir
    Path folder;

    /// A broker on the store under test, for publishing and for reading queue stats.
    protected abstract Broker createBroker();

    /// A class whose `main(String[])` builds the same store and calls [CrashTestWorker#run].
    protected abstract Class<?> workerMainClass();

    /// Extra JVM arguments for the worker processes, such as `-D` settings naming the store.
    protected List<String> workerJvmArguments() {
        return List.of();
    }

    @BeforeEach
    void createSubject() {
        this.broker = createBroker();
        this.queue = RandomNames.of("q");
    }

    @AfterEach
    void stop() {
        this.processes.forEach(Process::destroyForcibly);
        if (this.broker == null) {
            return;
        }
        try {
            this.broker.purge(this.queue);
            this.broker.purgeDeadLetters(this.queue);
        }
        finally {
            this.broker.close();
        }
    }

    @Test
    void noTaskIsLostWhenAWorkerIsKilledMidTask() throws Exception {
        Path log = this.folder.resolve("finished.log");
        List<Envelope> messages = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            messages.add(Envelope.builder(CrashTestWorker.TASK).queue(this.queue).maxRetries(0)
                    .args(JsonNodeFactory.instance.objectNode().put("sleepMs", 5)).build());
        }
        for (int from = 0; from < TASKS; from += 500) {
            this.broker.publishAll(messages.subList(from, Math.min(TASKS, from + 500)));
        }

        Process first = startWorker(log, "first");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                .until(() -> finished(log).size() >= TASKS / 5);
        first.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        int finishedByFirst = finished(log).size();
        long inFlightAtKill = this.broker.stats(this.queue).inFlight();

        startWorker(log, "second");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> finished(log).stream().distinct().count() >= TASKS);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(this.broker.stats(this.queue))
                .isEqualTo(new QueueStats(this.queue, 0, 0, 0, 0)));

        List<String> runs = finished(log);
        Map<String, Long> counts = runs.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        long ranTwice = counts.values().stream().filter(count -> count > 1).count();
        System.out.printf("crash test (%s): %d tasks, %d finished before SIGKILL with %d in flight, "
                + "none lost, %d ran more than once%n", getClass().getSimpleName(), TASKS, finishedByFirst,
                inFlightAtKill, ranTwice);
        assertThat(counts).hasSize(TASKS);
        assertThat(counts.keySet()).containsExactlyInAnyOrderElementsOf(messages.stream().map(Envelope::id).toList());
        assertThat(ranTwice).isLessThanOrEqualTo(inFlightAtKill + 8);
    }

    private Process startWorker(Path log, String name) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(workerJvmArguments());
        command.add(workerMainClass().getName());
        command.add(this.queue);
        command.add(log.toString());
        command.add(String.valueOf(LEASE.toMillis()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(this.folder.resolve(name + ".out").toFile()).start();
        this.processes.add(process);
        return process;
    }

    private static List<String> finished(Path log) throws IOException {
        if (!Files.exists(log)) {
            return List.of();
        }
        return Files.readAllLines(log).stream().filter(line -> !line.isBlank()).toList();
    }
}

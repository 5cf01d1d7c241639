package dev.stem.contract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.broker.QueueStats;
import dev.stem.canvas.ChordStore;
import dev.stem.canvas.Signature;
import dev.stem.canvas.StemCanvas;
import dev.stem.client.DefaultStem;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.failpoint.Failpoints;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.task.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Chords across crashes, with real processes: worker JVMs run chords of 10 members (each finishing
/// at random within 50 ms) whose bodies write a ledger file outside the store under test.
///
/// - Four workers; one is killed with SIGKILL once a third of the bodies ran, and restarted. Every
///   chord's body message is published exactly once (one body id per chord in the ledger) with the
///   10 results in member order. A body runs a second time only from the redelivered message of a
///   body the killed worker ran and had not settled (at-least-once, as any task): how many did is
///   printed.
/// - A worker halts (as SIGKILL would) right after a member's arrival decided its chord (claim and
///   publish of the body are one step) and before that member was acked; another worker takes the
///   member over. Every body runs exactly once.
///
/// CI runs [#DEFAULT_CHORDS] chords; the system property [#CHORDS_PROPERTY] sets another count
/// (the full run: `-Dstem.test.chord-crash.chords=1000`). Extend it with the store's adapters and a
/// [#workerMainClass()] whose `main` builds them and calls [ChordCrashTestWorker#run].
@Timeout(value = 10, unit = TimeUnit.MINUTES)
public abstract class ChordCrashContractTests {

    /// The system property with the number of chords of the kill test.
    public static final String CHORDS_PROPERTY = "stem.test.chord-crash.chords";

    /// Chords of the kill test unless [#CHORDS_PROPERTY] says otherwise.
    public static final int DEFAULT_CHORDS = 100;

    /// Lease of the worker processes: how soon a killed worker's messages are delivered again.
    protected static final Duration LEASE = Duration.ofSeconds(3);

    private static final int MEMBERS = 10;

    private static final int WORKERS = 4;

    private final List<Process> processes = new ArrayList<>();

    private Broker broker;

    private ChordStore chords;

    private StemCanvas canvas;

    private String queue;

    @TempDir
    Path folder;

    /// A broker on the store under test.
    protected abstract Broker createBroker();

    /// A result backend on the store under test.
    protected abstract ResultBackend createResultBackend();

    /// The chord store under test, publishing to `broker`.
    protected abstract ChordStore createChordStore(Broker broker, EnvelopeCodec codec);

    /// A class whose `main(String[])` builds the same stores and calls [ChordCrashTestWorker#run].
    protected abstract Class<?> workerMainClass();

    /// Extra JVM arguments for the worker processes, such as `-D` settings naming the store.
    protected List<String> workerJvmArguments() {
        return List.of();
    }

    /// Checks the store after every chord ran (for example that every chord key expires).
    protected void assertStoreAfterRun() {
    }

    @BeforeEach
    void createSubjects() {
        this.broker = createBroker();
        EnvelopeCodec codec = new EnvelopeCodec();
        this.chords = createChordStore(this.broker, codec);
        JsonMapper mapper = JsonMapper.builder().build();
        DefaultStem stem = new DefaultStem(this.broker, createResultBackend(), new InMemoryRevokeStore(),
                new InMemoryEventBus(), new TaskRegistry(), mapper, codec, List.of(), DefaultStem.ClientOptions.DEFAULT,
                Clock.systemUTC());
        this.canvas = new StemCanvas(stem, this.broker, this.chords, codec, mapper, Duration.ofHours(1));
        this.queue = RandomNames.of("chords");
    }

    @AfterEach
    void stop() throws Exception {
        this.processes.forEach(Process::destroyForcibly);
        try {
            this.broker.purge(this.queue);
            this.broker.purgeDeadLetters(this.queue);
        }
        finally {
            if (this.chords instanceof AutoCloseable closeable) {
                closeable.close();
            }
            this.broker.close();
        }
    }

    @Test
    void everyChordBodyIsPublishedOnceWithItsResultsInOrderWhenAWorkerIsKilledAndRestarted() throws Exception {
        int count = Integer.getInteger(CHORDS_PROPERTY, DEFAULT_CHORDS);
        Path ledger = this.folder.resolve("bodies.log");
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(startWorker(ledger, "worker-" + i, List.of()));
            awaitReady(workers);
        }

        Thread producer = Thread.ofPlatform().start(() -> enqueueChords(count));
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(10))
                .until(() -> bodies(ledger).size() >= count / 3);
        workers.getFirst().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        int ranBeforeKill = bodies(ledger).size();
        String killed = workerId(this.folder.resolve("worker-0.out"));
        startWorker(ledger, "worker-0-restarted", List.of());
        producer.join();

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> chordsIn(bodies(ledger)).size() >= count);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 0, 0)));

        List<String[]> lines = bodies(ledger);
        int ranAgain = assertEveryBodyPublishedOnceInOrder(lines, count);
        Set<String> seen = new HashSet<>();
        for (String[] line : lines) {
            if (!seen.add(line[1])) {
                String first = lines.stream().filter(earlier -> earlier[1].equals(line[1])).findFirst().orElseThrow()[2];
                assertThat(first).as("the worker that first ran body %s, which ran again", line[1]).isEqualTo(killed);
            }
        }
        System.out.printf("chord crash test (%s): %d chords of %d members on %d workers, one killed after %d bodies "
                + "and restarted; every body published once with its results in order; %d body runs repeated from a "
                + "redelivered message of the killed worker%n", getClass().getSimpleName(), count, MEMBERS, WORKERS,
                ranBeforeKill, ranAgain);
        assertStoreAfterRun();
    }

    @Test
    void aWorkerHaltedRightAfterAChordWasDecidedLeavesEveryBodyRunningExactlyOnce() throws Exception {
        int count = 20;
        Path ledger = this.folder.resolve("bodies.log");
        Process halting = startWorker(ledger, "halting",
                List.of("-D" + Failpoints.PROPERTY + "=" + Failpoints.CHORD_AFTER_DECIDED + ":halt"));
        awaitReady(List.of(halting));

        enqueueChords(count);
        assertThat(halting.waitFor(2, TimeUnit.MINUTES)).as("the worker halted at the failpoint").isTrue();
        startWorker(ledger, "takeover", List.of());

        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> chordsIn(bodies(ledger)).size() >= count);
        await().atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(this.broker.stats(this.queue)).isEqualTo(new QueueStats(this.queue, 0, 0, 0, 0)));
        int ranAgain = assertEveryBodyPublishedOnceInOrder(bodies(ledger), count);
        assertThat(ranAgain).as("bodies that ran twice").isZero();
    }

    private void enqueueChords(int count) {
        for (int c = 0; c < count; c++) {
            int chord = c;
            List<Signature> members = IntStream.range(0, MEMBERS)
                    .mapToObj(i -> Signature.of(ChordCrashTestWorker.MEMBER, chord, i).onQueue(this.queue)).toList();
            this.canvas.chord(members, Signature.of(ChordCrashTestWorker.BODY, chord).onQueue(this.queue)
                    .withPriority(Envelope.MAX_PRIORITY), null);
        }
    }

    /// Asserts that each of `count` chords has exactly one body message id in the ledger, with its
    /// results in member order; returns how many ledger lines repeat a body message (a redelivery).
    private static int assertEveryBodyPublishedOnceInOrder(List<String[]> lines, int count) {
        Map<Integer, Set<String>> bodyIds = new HashMap<>();
        for (String[] line : lines) {
            int chord = Integer.parseInt(line[0]);
            bodyIds.computeIfAbsent(chord, key -> new HashSet<>()).add(line[1]);
            String expected = IntStream.range(0, MEMBERS).mapToObj(i -> String.valueOf(chord * 100 + i))
                    .reduce((a, b) -> a + "," + b).map(s -> "[" + s + "]").orElseThrow();
            assertThat(line[3]).as("results of chord %d", chord).isEqualTo(expected);
        }
        assertThat(bodyIds.keySet()).containsExactlyInAnyOrderElementsOf(IntStream.range(0, count).boxed().toList());
        assertThat(bodyIds.values()).as("body message ids per chord").allSatisfy(ids -> assertThat(ids).hasSize(1));
        return lines.size() - count;
    }

    private Process startWorker(Path ledger, String name, List<String> jvmArguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(workerJvmArguments());
        command.addAll(jvmArguments);
        command.add(workerMainClass().getName());
        command.add(this.queue);
        command.add(ledger.toString());
        command.add(String.valueOf(LEASE.toMillis()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(this.folder.resolve(name + ".out").toFile()).start();
        this.processes.add(process);
        return process;
    }

    private void awaitReady(List<Process> workers) {
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100)).alias("workers ready").until(() -> {
            for (Process worker : workers) {
                if (!worker.isAlive()) {
                    throw new AssertionError("A worker process exited with " + worker.exitValue() + ": "
                            + outputs());
                }
            }
            long ready;
            try (var files = Files.list(this.folder)) {
                ready = files.filter(file -> file.toString().endsWith(".out")).filter(file -> {
                    try {
                        return Files.readString(file).contains("chord-crash worker");
                    }
                    catch (IOException ex) {
                        return false;
                    }
                }).count();
            }
            return ready >= workers.size();
        });
    }

    private String outputs() throws IOException {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(this.folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".out")).toList()) {
                text.append("\n--- ").append(file.getFileName()).append(":\n").append(Files.readString(file));
            }
        }
        return text.toString();
    }

    /// The worker id a worker process printed when it was ready.
    private static String workerId(Path output) throws IOException {
        String text = Files.readString(output);
        int at = text.indexOf("chord-crash worker ") + "chord-crash worker ".length();
        return text.substring(at, text.indexOf(' ', at));
    }

    private static Set<Integer> chordsIn(List<String[]> lines) {
        Set<Integer> chords = new HashSet<>();
        lines.forEach(line -> chords.add(Integer.parseInt(line[0])));
        return chords;
    }

    private static List<String[]> bodies(Path ledger) throws IOException {
        if (!Files.exists(ledger)) {
            return List.of();
        }
        return Files.readAllLines(ledger).stream().filter(line -> !line.isBlank()).map(line -> line.split(" ", 4))
                .toList();
    }
}

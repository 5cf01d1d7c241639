package dev.stem.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.canvas.CanvasInterceptor;
import dev.stem.canvas.ChordStore;
import dev.stem.client.DefaultStem;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryRateLimiter;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.LoggingWorkerListener;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerIds;
import dev.stem.worker.WorkerOptions;
import dev.stem.worker.WorkerServices;

/// The worker process of [ChordCrashContractTests]: runs chord members and bodies from one queue,
/// with the [CanvasInterceptor] on the store's [ChordStore], until the process is killed.
///
/// A member (args: chord index, member index) sleeps a random 0 to 50 ms and returns
/// `chord × 100 + member`. A body (args: the results, chord index) appends one line to the ledger
/// file, outside the store under test: `<chord index> <body message id> <worker id> <results as JSON>`.
public final class ChordCrashTestWorker {

    /// The member task.
    public static final String MEMBER = "chord-crash.member";

    /// The body task.
    public static final String BODY = "chord-crash.body";

    private ChordCrashTestWorker() {
    }

    /// Runs a worker until the process dies. `args` are the queue, the ledger file and the lease
    /// in milliseconds, as [ChordCrashContractTests] passes them.
    public static void run(Broker broker, ResultBackend backend, ChordStore chords, String[] args)
            throws InterruptedException {
        String queue = args[0];
        Path ledger = Path.of(args[1]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
        String workerId = WorkerIds.next();
        TaskRegistry tasks = new TaskRegistry();
        tasks.register(TaskDefinition.of(MEMBER, context -> {
            Thread.sleep(ThreadLocalRandom.current().nextInt(51));
            return context.args().get(0).asInt() * 100 + context.args().get(1).asInt();
        }));
        tasks.register(TaskDefinition.of(BODY, context -> {
            append(ledger, context.args().get(1).asInt() + " " + context.id() + " " + workerId + " "
                    + context.args().get(0));
            return null;
        }));
        JsonMapper mapper = JsonMapper.builder().build();
        InMemoryRevokeStore revokes = new InMemoryRevokeStore();
        InMemoryEventBus events = new InMemoryEventBus();
        DefaultStem stem = new DefaultStem(broker, backend, revokes, events, tasks, mapper, new EnvelopeCodec(),
                List.of(), DefaultStem.ClientOptions.DEFAULT, Clock.systemUTC());
        CanvasInterceptor canvas = new CanvasInterceptor(stem, broker, chords, tasks, mapper, Duration.ofHours(1));
        WorkerOptions options = new WorkerOptions(workerId, List.of(queue), 4, 4, lease,
                Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(1), 10, Duration.ofMinutes(10), false,
                Duration.ofMinutes(5), 8);
        Worker worker = new Worker(new WorkerServices(broker, backend, tasks, revokes, new InMemoryRateLimiter(), events,
                new InMemoryWorkerRegistry(), mapper, List.of(canvas), new LoggingWorkerListener(), Clock.systemUTC()),
                options);
        worker.start();
        System.out.println("chord-crash worker " + options.id() + " ready");
        Thread.currentThread().join();
    }

    private static synchronized void append(Path ledger, String line) {
        try (FileChannel channel = FileChannel.open(ledger, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}

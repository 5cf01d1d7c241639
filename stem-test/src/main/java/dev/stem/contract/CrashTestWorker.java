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

import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
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

/// The worker process of [WorkerCrashContractTests]: runs task [#TASK] from one queue until the
/// process is killed. Each finished run appends the message id as one line to a log file, so the
/// test can count what ran, and what ran twice.
///
/// An adapter module calls [#run(Broker, ResultBackend, String[])] from a `main` method that
/// builds its broker and backend.
public final class CrashTestWorker {

    /// The task the crash test enqueues; its args are `{"sleepMs": n}`.
    public static final String TASK = "crash.work";

    private CrashTestWorker() {
    }

    /// Runs a worker until the process dies. `args` are the queue, the log file and the lease in
    /// milliseconds, as [WorkerCrashContractTests] passes them.
    public static void run(Broker broker, ResultBackend backend, String[] args) throws InterruptedException {
        String queue = args[0];
        Path log = Path.of(args[1]);
        Duration lease = Duration.ofMillis(Long.parseLong(args[2]));
        TaskRegistry tasks = new TaskRegistry();
        tasks.register(TaskDefinition.of(TASK, context -> {
            Thread.sleep(context.args().get("sleepMs").longValue());
            append(log, context.id());
            return null;
        }));
        WorkerOptions options = new WorkerOptions(WorkerIds.next(), List.of(queue), 8, 8, lease,
                Duration.ofMillis(500), Duration.ofSeconds(5), Duration.ofSeconds(1), 10, Duration.ofMinutes(10), false,
                Duration.ofMinutes(5), 8);
        Worker worker = new Worker(new WorkerServices(broker, backend, tasks, new InMemoryRevokeStore(),
                new InMemoryRateLimiter(), new InMemoryEventBus(), new InMemoryWorkerRegistry(),
                JsonMapper.builder().build(), List.of(), new LoggingWorkerListener(), Clock.systemUTC()), options);
        worker.start();
        System.out.println("crash-test worker " + options.id() + " ready");
        Thread.currentThread().join();
    }

    private static synchronized void append(Path log, String id) {
        try (FileChannel channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap((id + "\n").getBytes(StandardCharsets.UTF_8)));
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }
}

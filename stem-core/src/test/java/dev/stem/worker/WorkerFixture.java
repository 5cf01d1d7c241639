package dev.stem.worker;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.broker.QueueStats;
import dev.stem.client.DefaultStem;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryRateLimiter;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.middleware.ReceiveInterceptor;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.middleware.ResultSealer;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskRegistry;

/// A worker and a client wired to in-memory stores, for engine tests.
final class WorkerFixture implements AutoCloseable {

    final InMemoryBroker broker = new InMemoryBroker();

    final InMemoryResultBackend backend = new InMemoryResultBackend();

    final InMemoryRevokeStore revokes = new InMemoryRevokeStore();

    final InMemoryRateLimiter rateLimiter = new InMemoryRateLimiter();

    final InMemoryEventBus events = new InMemoryEventBus();

    final InMemoryWorkerRegistry workers = new InMemoryWorkerRegistry();

    final TaskRegistry tasks = new TaskRegistry();

    final JsonMapper mapper = JsonMapper.builder().build();

    final RecordingListener listener = new RecordingListener();

    final List<ExecutionInterceptor> interceptors = new ArrayList<>();

    final List<ReceiveInterceptor> receivers = new ArrayList<>();

    final List<RepublishInterceptor> republishers = new ArrayList<>();

    final Stem stem = new DefaultStem(this.broker, this.backend, this.revokes, this.events, this.tasks, this.mapper,
            new EnvelopeCodec(), List.of(), DefaultStem.ClientOptions.DEFAULT, Clock.systemUTC());

    private final List<Worker> started = new ArrayList<>();

    WorkerFixture register(TaskDefinition definition) {
        this.tasks.register(definition);
        return this;
    }

    /// Enqueues `count` messages of `task`, without arguments, on the default queue.
    void enqueue(String task, int count) {
        for (int i = 0; i < count; i++) {
            this.stem.enqueue(task, null);
        }
    }

    /// The stats of the default queue now.
    QueueStats defaultQueue() {
        return this.broker.stats("default");
    }

    Worker start() {
        return start(UnaryOperator.identity());
    }

    Worker start(UnaryOperator<WorkerOptions> customizer) {
        return start(this.broker, this.revokes, customizer);
    }

    /// Starts a worker that reads `broker` and `revokes` instead of the fixture's own.
    Worker start(Broker broker, RevokeStore revokes, UnaryOperator<WorkerOptions> customizer) {
        return start(broker, revokes, customizer, status -> {
            throw new AssertionError("the worker tried to exit the JVM with status " + status);
        });
    }

    /// Starts a worker that reads `broker` and `revokes` and ends the process through `exit`.
    Worker start(Broker broker, RevokeStore revokes, UnaryOperator<WorkerOptions> customizer, ProcessExit exit) {
        return start(broker, this.backend, revokes, customizer, exit);
    }

    /// Starts a worker on `broker`, `backend` and `revokes` that ends the process through `exit`.
    Worker start(Broker broker, ResultBackend backend, RevokeStore revokes, UnaryOperator<WorkerOptions> customizer,
            ProcessExit exit) {
        WorkerOptions options = customizer.apply(WorkerOptions.defaults("default")
                .withShutdownTimeout(Duration.ofSeconds(2)));
        Worker worker = new Worker(new WorkerServices(broker, backend, this.tasks, revokes,
                this.rateLimiter, this.events, this.workers, this.mapper, this.interceptors, this.listener,
                Clock.systemUTC(), this.receivers, ResultSealer.NONE, this.republishers), options, exit);
        worker.start();
        this.started.add(worker);
        return worker;
    }

    @Override
    public void close() {
        this.started.forEach(Worker::stop);
        this.broker.close();
    }
}

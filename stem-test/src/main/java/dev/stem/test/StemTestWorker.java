package dev.stem.test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.springframework.context.support.GenericApplicationContext;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.annotation.StemAnnotationConfiguration;
import dev.stem.annotation.StemTaskAnnotationBeanPostProcessor;
import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.QueueStats;
import dev.stem.client.DefaultStem;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.TaskFailedException;
import dev.stem.client.TaskTimeoutException;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryRateLimiter;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.LoggingWorkerListener;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerOptions;
import dev.stem.worker.WorkerServices;

/// A real Stem [Worker] for tests, with a client on the same stores: tasks run exactly as in
/// production (argument binding, retries, time limits, dead letters, result storage), on in-memory
/// stores unless given others. Start one per test and close it after:
///
/// ```java
/// try (StemTestWorker stem = StemTestWorker.start(new OrderTasks())) {
///     BigDecimal total = stem.run("order.total", Map.of("orderId", 7), BigDecimal.class);
///     assertThat(total).isEqualByComparingTo("42.50");
/// }
/// ```
///
/// [#run] enqueues one task and waits for its result; [#drainUntilIdle(Duration)] waits until
/// every queue is empty (nothing ready, delayed or running), for code that enqueues on its own;
/// [#deadLetters()] and [#result(String)] return plain values for AssertJ. Thread-safe.
public final class StemTestWorker implements AutoCloseable {

    /// How long [#run(String, Object, Class)] waits for a result.
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

    private final Broker broker;

    private final boolean ownsBroker;

    private final ResultBackend backend;

    private final Set<String> queues;

    private final Stem stem;

    private final Worker worker;

    private StemTestWorker(Builder builder) {
        this.ownsBroker = builder.broker == null;
        this.broker = builder.broker != null ? builder.broker : new InMemoryBroker();
        this.backend = builder.backend != null ? builder.backend : new InMemoryResultBackend();
        TaskRegistry tasks = builder.registry != null ? builder.registry : new TaskRegistry();
        builder.definitions.forEach(tasks::register);
        if (!builder.beans.isEmpty()) {
            registerAnnotated(tasks, builder.mapper, builder.beans);
        }
        this.queues = new LinkedHashSet<>(builder.queues);
        tasks.all().forEach(task -> this.queues.add(task.options().queue()));
        InMemoryRevokeStore revokes = new InMemoryRevokeStore();
        InMemoryEventBus events = new InMemoryEventBus();
        this.stem = new DefaultStem(this.broker, this.backend, revokes, events, tasks, builder.mapper, new EnvelopeCodec(),
                List.of(), DefaultStem.ClientOptions.DEFAULT, Clock.systemUTC());
        WorkerOptions options = builder.options.apply(WorkerOptions.defaults(this.queues.toArray(String[]::new))
                .withShutdownTimeout(Duration.ofSeconds(5)));
        this.worker = new Worker(new WorkerServices(this.broker, this.backend, tasks, revokes,
                new InMemoryRateLimiter(), events, new InMemoryWorkerRegistry(), builder.mapper,
                List.of(), new LoggingWorkerListener(), Clock.systemUTC()), options);
        this.worker.start();
    }

    /// A started worker on in-memory stores that runs the `@StemTask` methods of `taskBeans`.
    public static StemTestWorker start(Object... taskBeans) {
        return builder().tasks(taskBeans).start();
    }

    /// A builder for a worker with other tasks, stores, queues or options.
    public static Builder builder() {
        return new Builder();
    }

    /// The client on this worker's stores: enqueue what the test needs.
    public Stem stem() {
        return this.stem;
    }

    /// The broker the worker reads.
    public Broker broker() {
        return this.broker;
    }

    /// The result backend the worker writes.
    public ResultBackend backend() {
        return this.backend;
    }

    /// Runs `task` with `args` (a map, record, POJO or JSON node; `null` for none) and returns
    /// its result read as `resultType`, waiting up to [#DEFAULT_TIMEOUT].
    ///
    /// @throws TaskFailedException when the task failed for good, with the stored record and error
    /// @throws TaskTimeoutException when it did not finish in time
    public <R> @Nullable R run(String task, @Nullable Object args, Class<R> resultType) {
        return run(task, args, resultType, DEFAULT_TIMEOUT);
    }

    /// As [#run(String, Object, Class)], waiting up to `timeout`.
    public <R> @Nullable R run(String task, @Nullable Object args, Class<R> resultType, Duration timeout) {
        return this.stem.enqueue(task, args, EnqueueOptions.defaults(), resultType).result(timeout);
    }

    /// Waits until no queue of the broker has a message ready, delayed (an ETA or a retry back-off)
    /// or running, so every task enqueued so far, and every task those enqueued, has finished.
    ///
    /// @throws AssertionError when the queues are still busy after `timeout`, with their counts
    public void drainUntilIdle(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<QueueStats> busy = busyQueues();
        while (!busy.isEmpty()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("Queues still busy after " + timeout + ": " + busy);
            }
            sleep();
            busy = busyQueues();
        }
    }

    /// Every dead letter of every queue, oldest first per queue.
    public List<DeadLetter> deadLetters() {
        List<DeadLetter> letters = new ArrayList<>();
        for (String queue : allQueues()) {
            letters.addAll(this.broker.deadLetters(queue, 0, Integer.MAX_VALUE));
        }
        return letters;
    }

    /// The stored record of task `id`: its state, result or error, attempt and timings.
    public Optional<TaskResult> result(String id) {
        return this.backend.get(id);
    }

    /// Stops the worker (within 5 seconds) and closes the broker unless it was given to the builder.
    @Override
    public void close() {
        this.worker.stop();
        if (this.ownsBroker) {
            this.broker.close();
        }
    }

    private List<QueueStats> busyQueues() {
        List<QueueStats> busy = new ArrayList<>();
        for (String queue : allQueues()) {
            QueueStats stats = this.broker.stats(queue);
            if (stats.ready() > 0 || stats.delayed() > 0 || stats.inFlight() > 0) {
                busy.add(stats);
            }
        }
        return busy;
    }

    private Set<String> allQueues() {
        Set<String> all = new LinkedHashSet<>(this.queues);
        all.addAll(this.broker.queues());
        return all;
    }

    private static void sleep() {
        try {
            Thread.sleep(POLL_INTERVAL);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new AssertionError("Interrupted while draining", ex);
        }
    }

    /// Registers the `@StemTask` methods of `beans` the way a Spring context does, through
    /// [StemTaskAnnotationBeanPostProcessor] (names, options and argument binding as in production).
    private static void registerAnnotated(TaskRegistry tasks, JsonMapper mapper, List<Object> beans) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.registerBean(TaskRegistry.class, () -> tasks);
        context.registerBean(JsonMapper.class, () -> mapper);
        context.registerBean(StemAnnotationConfiguration.PROCESSOR_BEAN_NAME, StemTaskAnnotationBeanPostProcessor.class);
        for (int i = 0; i < beans.size(); i++) {
            Object bean = beans.get(i);
            register(context, "stemTestTasks" + i, bean);
        }
        context.refresh();
    }

    @SuppressWarnings("unchecked")
    private static <T> void register(GenericApplicationContext context, String name, T bean) {
        context.registerBean(name, (Class<T>) bean.getClass(), () -> bean);
    }

    /// Builds a [StemTestWorker]; every part is optional.
    public static final class Builder {

        private @Nullable Broker broker;

        private @Nullable ResultBackend backend;

        private @Nullable TaskRegistry registry;

        private final List<Object> beans = new ArrayList<>();

        private final List<TaskDefinition> definitions = new ArrayList<>();

        private final List<String> queues = new ArrayList<>(List.of("default"));

        private JsonMapper mapper = JsonMapper.builder().build();

        private UnaryOperator<WorkerOptions> options = UnaryOperator.identity();

        private Builder() {
        }

        /// Objects whose `@StemTask` methods the worker runs.
        public Builder tasks(Object... taskBeans) {
            this.beans.addAll(List.of(taskBeans));
            return this;
        }

        /// A task defined in code, such as `TaskDefinition.of("ping", context -> "pong")`.
        public Builder task(TaskDefinition definition) {
            this.definitions.add(definition);
            return this;
        }

        /// The registry to run, such as a Spring context's `TaskRegistry` bean (its `@StemTask`
        /// beans already registered); tasks added here are registered in it too.
        public Builder registry(TaskRegistry registry) {
            this.registry = registry;
            return this;
        }

        /// The broker to read, such as an application's in-memory broker bean (its owner closes
        /// it); a new in-memory broker, closed with the worker, by default.
        public Builder broker(Broker broker) {
            this.broker = broker;
            return this;
        }

        /// The result backend to write; in memory by default.
        public Builder backend(ResultBackend backend) {
            this.backend = backend;
            return this;
        }

        /// Queues to read besides `default` and the queues the registered tasks name.
        public Builder queues(String... queues) {
            this.queues.addAll(List.of(queues));
            return this;
        }

        /// The mapper that binds arguments and results; a plain `JsonMapper` by default.
        public Builder mapper(JsonMapper mapper) {
            this.mapper = mapper;
            return this;
        }

        /// Changes the worker options (concurrency, lease, ...) from the defaults.
        public Builder options(UnaryOperator<WorkerOptions> customizer) {
            this.options = customizer;
            return this;
        }

        /// Builds and starts the worker.
        public StemTestWorker start() {
            return new StemTestWorker(this);
        }
    }
}

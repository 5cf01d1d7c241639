package dev.stem.client;

import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;
import org.springframework.core.annotation.AnnotatedElementUtils;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.Stem;
import dev.stem.annotation.AnnotatedTaskOptions;
import dev.stem.annotation.StemTask;
import dev.stem.annotation.TaskNames;
import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.envelope.Names;
import dev.stem.failpoint.Failpoints;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ResultSealer;
import dev.stem.schedule.TickPublisher;
import dev.stem.task.ArgumentBinder;
import dev.stem.task.TaskContext;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;
import dev.stem.task.TaskRegistry;

/// The standard [Stem] client. Task defaults come from the local [TaskRegistry] when the task is
/// registered in this process, from the `@StemTask` annotation for typed calls, and otherwise
/// from the built-in defaults.
public final class DefaultStem implements Stem {

    private final Broker broker;

    private final ResultBackend backend;

    private final Cancellation cancellation;

    private final TaskRegistry tasks;

    private final JsonMapper mapper;

    private final EnvelopeCodec codec;

    private final List<EnqueueInterceptor> interceptors;

    private final ClientOptions options;

    private final Clock clock;

    private final ResultSealer results;

    /// A client that publishes to `broker`, reads results from `backend` as they are stored, and
    /// cancels through `revokes` and `events` (see [Cancellation]).
    public DefaultStem(Broker broker, ResultBackend backend, RevokeStore revokes, EventBus events, TaskRegistry tasks,
            JsonMapper mapper, EnvelopeCodec codec, List<EnqueueInterceptor> interceptors, ClientOptions options,
            Clock clock) {
        this(broker, backend, revokes, events, tasks, mapper, codec, interceptors, options, clock, ResultSealer.NONE);
    }

    /// A client that publishes to `broker`, reads results from `backend` opened by `results`, and
    /// cancels through `revokes` and `events` (see [Cancellation]).
    public DefaultStem(Broker broker, ResultBackend backend, RevokeStore revokes, EventBus events, TaskRegistry tasks,
            JsonMapper mapper, EnvelopeCodec codec, List<EnqueueInterceptor> interceptors, ClientOptions options,
            Clock clock, ResultSealer results) {
        this.broker = broker;
        this.backend = backend;
        this.cancellation = new Cancellation(revokes, events, options.revokeTtl(), clock, "client");
        this.tasks = tasks;
        this.mapper = mapper;
        this.codec = codec;
        this.interceptors = List.copyOf(interceptors);
        this.options = options;
        this.clock = clock;
        this.results = Objects.requireNonNull(results, "results");
    }

    @Override
    public <R> TaskHandle<R> enqueue(String task, @Nullable Object args, EnqueueOptions options, Class<R> resultType) {
        return enqueue(task, args, options, this.mapper.constructType(resultType));
    }

    @Override
    public <R> TaskHandle<R> enqueue(String task, @Nullable Object args, EnqueueOptions options,
            TypeReference<R> resultType) {
        return enqueue(task, args, options, this.mapper.constructType(resultType));
    }

    private <R> TaskHandle<R> enqueue(String task, @Nullable Object args, EnqueueOptions options, JavaType resultType) {
        return handle(publish(task, toArgs(task, args), options, defaultsOf(task)), resultType);
    }

    /// Prepares and publishes one message; returns its id, or the id of the message that holds its
    /// uniqueness key. A message with a given id whose task already has a result record is not
    /// published again (while it waits, the broker's publish, idempotent by id, skips it), so every
    /// backend returns the existing handle instead of running it twice.
    private String publish(String task, JsonNode args, EnqueueOptions options, TaskOptions defaults) {
        Uniqueness unique = options.unique() != null ? options.unique() : defaults.unique();
        if (unique == null) {
            if (options.id() != null && this.backend.get(options.id()).isPresent()) {
                return options.id();
            }
            Envelope envelope = prepare(task, args, options, defaults);
            this.broker.publish(envelope);
            published(envelope);
            Failpoints.hit(Failpoints.AFTER_PUBLISH);
            return envelope.id();
        }
        if (!(this.broker instanceof TickPublisher claims)) {
            throw new IllegalStateException("Unique tasks need a broker that claims and publishes in one step, and "
                    + this.broker.getClass().getName() + " does not");
        }
        UniqueKeys keys = UniqueKeys.of(task, args, unique, this.clock.instant());
        Envelope envelope = prepare(task, args, options.withId(keys.messageId()), defaults);
        if (claims.publishTick(keys.claim(), keys.windowStart(), envelope, unique.window())) {
            published(envelope);
            Failpoints.hit(Failpoints.AFTER_PUBLISH);
        }
        else if (unique.policy() == Uniqueness.Policy.REJECT) {
            throw new DuplicateTaskException(task, keys.messageId());
        }
        return keys.messageId();
    }

    @Override
    public List<TaskHandle<Object>> enqueueAll(List<TaskRequest> requests) {
        List<Envelope> envelopes = new ArrayList<>(requests.size());
        for (TaskRequest request : requests) {
            TaskOptions defaults = defaultsOf(request.task());
            if (request.options().unique() != null || defaults.unique() != null) {
                throw new InvalidEnvelopeException("unique", request.task(),
                        "unique tasks are enqueued one at a time, not in a batch");
            }
            envelopes.add(prepare(request.task(), toArgs(request.task(), request.args()), request.options(),
                    defaults));
        }
        this.broker.publishAll(envelopes);
        envelopes.forEach(this::published);
        Failpoints.hit(Failpoints.AFTER_PUBLISH);
        JavaType objectType = this.mapper.constructType(Object.class);
        return envelopes.stream().map(e -> this.<Object>handle(e.id(), objectType)).toList();
    }

    /// Tells every enqueue interceptor that the broker accepted `envelope`.
    private void published(Envelope envelope) {
        for (EnqueueInterceptor interceptor : this.interceptors) {
            interceptor.published(envelope);
        }
    }

    @Override
    public Envelope validate(TaskRequest request) {
        return prepare(request.task(), toArgs(request.task(), request.args()), request.options(),
                defaultsOf(request.task()));
    }

    @Override
    public <T, R> TaskHandle<R> call(Class<T> tasks, Function<T, R> invocation, EnqueueOptions options) {
        RecordedCall call = RecordedCall.record(tasks, invocation::apply);
        return enqueueRecorded(call, options, returnType(tasks, call.method()));
    }

    @Override
    public <T> TaskHandle<Void> run(Class<T> tasks, Consumer<T> invocation, EnqueueOptions options) {
        return enqueueRecorded(RecordedCall.record(tasks, invocation), options, this.mapper.constructType(Void.class));
    }

    @Override
    public <R> TaskHandle<R> handle(String taskId, Class<R> resultType) {
        Names.requireId("taskId", taskId);
        return handle(taskId, this.mapper.constructType(resultType));
    }

    @Override
    public <R> TaskHandle<R> handle(String taskId, TypeReference<R> resultType) {
        Names.requireId("taskId", taskId);
        return handle(taskId, this.mapper.constructType(resultType));
    }

    /// The declared return type of `method` as seen from `tasks`, type variables resolved:
    /// `T load()` of a `Loader<T>` is `Order` when called on an `OrderLoader extends Loader<Order>`.
    private JavaType returnType(Class<?> tasks, Method method) {
        JavaType declaring = this.mapper.constructType(tasks).findSuperType(method.getDeclaringClass());
        if (declaring == null) {
            return this.mapper.constructType(method.getGenericReturnType());
        }
        return this.mapper.getTypeFactory().resolveMemberType(method.getGenericReturnType(), declaring.getBindings());
    }

    private <R> TaskHandle<R> enqueueRecorded(RecordedCall recorded, EnqueueOptions options, JavaType resultType) {
        TaskCall call = resolve(recorded);
        Map<String, Object> args = new LinkedHashMap<>();
        for (int i = 0; i < call.arguments().size(); i++) {
            args.put(call.argumentNames().get(i), call.arguments().get(i));
        }
        return handle(publish(call.task(), toArgs(call.task(), args), options, call.defaults()), resultType);
    }

    /// The `@StemTask` method that `invocation` calls on a stand-in of `tasks`, with the arguments
    /// it passes, resolved to its task; nothing is run or published.
    public <T> TaskCall resolve(Class<T> tasks, Consumer<T> invocation) {
        return resolve(RecordedCall.record(tasks, invocation));
    }

    private TaskCall resolve(RecordedCall call) {
        Method method = call.method();
        StemTask annotation = AnnotatedElementUtils.findMergedAnnotation(method, StemTask.class);
        if (annotation == null) {
            throw new IllegalArgumentException(method.getDeclaringClass().getSimpleName() + "." + method.getName()
                    + " is not a @StemTask method");
        }
        Optional<TaskDefinition> local = this.tasks.find(method);
        String name = local.map(TaskDefinition::name).orElseGet(() -> TaskNames.of(method, annotation));
        if (name.contains("${")) {
            throw new IllegalArgumentException("Task name '" + name + "' of " + method.getName()
                    + " has an unresolved placeholder; enqueue it by name instead");
        }
        TaskOptions defaults = local.map(TaskDefinition::options)
                .orElseGet(() -> AnnotatedTaskOptions.of(name, annotation, UnaryOperator.identity()));
        List<String> names = ArgumentBinder.argumentNames(method);
        List<@Nullable Object> values = new ArrayList<>();
        for (int i = 0; i < method.getParameterCount(); i++) {
            if (!TaskContext.class.isAssignableFrom(method.getParameterTypes()[i])) {
                values.add(call.arguments()[i]);
            }
        }
        return new TaskCall(name, defaults, names, values);
    }

    /// The message an enqueue of `task` with `args` and `options` would publish, validated, passed
    /// through the enqueue interceptors and size-checked as an enqueue is, but not published: for
    /// callers that publish it themselves (workflows).
    public Envelope prepare(String task, @Nullable Object args, EnqueueOptions options) {
        return prepare(task, toArgs(task, args), options, defaultsOf(task));
    }

    private TaskOptions defaultsOf(String task) {
        return this.tasks.find(task).map(TaskDefinition::options).orElseGet(TaskOptions::defaults);
    }

    private JsonNode toArgs(String task, @Nullable Object args) {
        if (args == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode node = args instanceof JsonNode json ? json : this.mapper.valueToTree(args);
        if (!node.isObject() && !node.isArray()) {
            throw new InvalidEnvelopeException("args", String.valueOf(args), "args of task '" + task
                    + "' must be a map, list, array, JSON object or POJO, not " + args.getClass().getSimpleName());
        }
        return node;
    }

    private Envelope prepare(String task, JsonNode args, EnqueueOptions options, TaskOptions defaults) {
        Instant now = this.clock.instant();
        Instant eta = options.eta() != null ? options.eta()
                : options.countdown() != null ? later(now, "countdown", options.countdown()) : null;
        Instant expiresAt = options.expires() != null ? later(now, "expires", options.expires()) : null;
        checkTimes(task, now, eta, expiresAt);
        Envelope.Builder builder = Envelope.builder(task);
        if (options.id() != null) {
            builder.id(options.id());
        }
        Envelope envelope = builder
                .queue(options.queue() != null ? options.queue() : defaults.queue())
                .args(args)
                .headers(options.headers())
                .priority(options.priority() != null ? options.priority() : defaults.priority())
                .maxRetries(options.maxRetries() != null ? options.maxRetries() : defaults.retryPolicy().maxRetries())
                .eta(eta)
                .expiresAt(expiresAt)
                .softTimeLimit(options.softTimeLimit() != null ? options.softTimeLimit() : defaults.softTimeLimit())
                .hardTimeLimit(options.timeLimit() != null ? options.timeLimit() : defaults.hardTimeLimit())
                .createdAt(now)
                .build();
        for (EnqueueInterceptor interceptor : this.interceptors) {
            envelope = interceptor.beforePublish(envelope);
        }
        int size = this.codec.encodeToBytes(envelope).length;
        if (size > this.options.maxPayloadBytes()) {
            throw new PayloadTooLargeException(task, size, this.options.maxPayloadBytes());
        }
        return envelope;
    }

    /// `now` plus `delay`, refused with a clear error when it lies beyond the latest time the client
    /// accepts (instead of an arithmetic overflow).
    private Instant later(Instant now, String field, Duration delay) {
        if (delay.compareTo(this.options.maxEta()) > 0) {
            throw new InvalidEnvelopeException(field, delay.toString(), "must be at most "
                    + this.options.maxEta() + " (stem.client.max-eta)");
        }
        return now.plus(delay);
    }

    private void checkTimes(String task, Instant now, @Nullable Instant eta, @Nullable Instant expiresAt) {
        Instant latest = now.plus(this.options.maxEta());
        if (eta != null && eta.isAfter(latest)) {
            throw new InvalidEnvelopeException("eta", eta.toString(), "the eta of task '" + task
                    + "' must be at most " + this.options.maxEta() + " from now (stem.client.max-eta), that is "
                    + latest);
        }
        if (eta != null && expiresAt != null && expiresAt.isBefore(eta)) {
            throw new InvalidEnvelopeException("expires", expiresAt.toString(), "task '" + task
                    + "' would expire before its eta " + eta + " and never run");
        }
    }

    private <R> TaskHandle<R> handle(String id, JavaType resultType) {
        Names.requireId("taskId", id);
        return new TaskHandle<>(id, this.backend, this.results, this.cancellation, this.mapper, resultType);
    }

    /// How this client's handles open stored results; workflows seal chord members' results with it.
    public ResultSealer resultSealer() {
        return this.results;
    }

    /// The cancellation this client's handles use, for callers that hold only task ids.
    public Cancellation cancellation() {
        return this.cancellation;
    }

    /// Limits and lifetimes of the client.
    ///
    /// @param maxPayloadBytes largest encoded message accepted
    /// @param revokeTtl how long a cancel is remembered
    /// @param maxEta how far in the future an eta (or countdown, or expiry) may lie
    public record ClientOptions(long maxPayloadBytes, Duration revokeTtl, Duration maxEta) {

        /// The default of [#maxEta()]: a year.
        public static final Duration DEFAULT_MAX_ETA = Duration.ofDays(365);

        /// 1 MiB payloads, revokes kept 1 day, etas up to a year ahead.
        public static final ClientOptions DEFAULT = new ClientOptions(1024 * 1024, Duration.ofDays(1), DEFAULT_MAX_ETA);

        public ClientOptions {
            if (maxEta.isNegative() || maxEta.isZero()) {
                throw new IllegalArgumentException("maxEta must be positive, was " + maxEta);
            }
        }

        /// Options with the default [#maxEta()].
        public ClientOptions(long maxPayloadBytes, Duration revokeTtl) {
            this(maxPayloadBytes, revokeTtl, DEFAULT_MAX_ETA);
        }
    }
}

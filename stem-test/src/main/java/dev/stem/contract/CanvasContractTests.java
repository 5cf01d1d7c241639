package dev.stem.contract;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.canvas.CanvasFailureListener;
import dev.stem.canvas.CanvasInterceptor;
import dev.stem.canvas.ChainHandle;
import dev.stem.canvas.ChordHandle;
import dev.stem.canvas.ChordStore;
import dev.stem.canvas.GroupHandle;
import dev.stem.canvas.Signature;
import dev.stem.canvas.StemCanvas;
import dev.stem.client.DefaultStem;
import dev.stem.control.EventBus;
import dev.stem.control.RevokeStore;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.middleware.ReceiveInterceptor;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.middleware.ResultSealer;
import dev.stem.memory.InMemoryRateLimiter;
import dev.stem.memory.InMemoryWorkerRegistry;
import dev.stem.task.TaskContext;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskHandler;
import dev.stem.task.TaskOptions;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.CompositeWorkerListener;
import dev.stem.worker.LoggingWorkerListener;
import dev.stem.worker.Worker;
import dev.stem.worker.WorkerOptions;
import dev.stem.worker.WorkerServices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// Workflows end to end on one store: [StemCanvas] publishes, a [Worker] with the
/// [CanvasInterceptor] runs them, the store's [ChordStore] decides chords. Extend it with the
/// store's adapters.
@Timeout(value = 3, unit = TimeUnit.MINUTES)
public abstract class CanvasContractTests {

    /// How many members the big group has.
    protected static final int BIG_GROUP = 10_000;

    private static final Duration WAIT = Duration.ofSeconds(60);

    private final JsonMapper mapper = JsonMapper.builder().build();

    private final List<String> runs = new CopyOnWriteArrayList<>();

    private final List<JsonNode> errbacks = new CopyOnWriteArrayList<>();

    private final List<JsonNode> bodies = new CopyOnWriteArrayList<>();

    private final Map<Integer, AtomicInteger> memberAttempts = new ConcurrentHashMap<>();

    private final List<AutoCloseable> closing = new ArrayList<>();

    private final CountDownLatch gate = new CountDownLatch(1);

    private Broker broker;

    private ResultBackend backend;

    private RevokeStore revokes;

    private EventBus events;

    private ChordStore chords;

    private String queue;

    private TaskRegistry tasks;

    private DefaultStem stem;

    /// The canvas under test.
    protected StemCanvas canvas;

    /// A broker on the store under test.
    protected abstract Broker createBroker();

    /// A result backend on the store under test.
    protected abstract ResultBackend createResultBackend();

    /// A revoke store on the store under test.
    protected abstract RevokeStore createRevokeStore();

    /// An event bus on the store under test.
    protected abstract EventBus createEventBus();

    /// The chord store on the store under test, publishing to `broker` (made by [#createBroker()]).
    protected abstract ChordStore createChordStore(Broker broker, EnvelopeCodec codec);

    /// The client's enqueue interceptors (none by default): a subclass runs the kit with signed or
    /// encrypted messages.
    protected List<EnqueueInterceptor> enqueueInterceptors() {
        return List.of();
    }

    /// The workers' receive interceptors, matching [#enqueueInterceptors()].
    protected List<ReceiveInterceptor> receiveInterceptors() {
        return List.of();
    }

    /// How the workers seal results and the client opens them ([ResultSealer#NONE] by default),
    /// matching [#enqueueInterceptors()].
    protected ResultSealer resultSealer() {
        return ResultSealer.NONE;
    }

    /// The result backend under test, as made by [#createResultBackend()].
    protected ResultBackend backend() {
        return this.backend;
    }

    /// The workers' republish interceptors (signing retries again), matching [#enqueueInterceptors()].
    protected List<RepublishInterceptor> republishInterceptors() {
        return List.of();
    }

    @BeforeEach
    void createSubjects() {
        this.broker = createBroker();
        this.backend = createResultBackend();
        this.revokes = createRevokeStore();
        this.events = createEventBus();
        EnvelopeCodec codec = new EnvelopeCodec();
        this.chords = createChordStore(this.broker, codec);
        this.queue = RandomNames.of("canvas");
        this.tasks = new TaskRegistry();
        register("cv.add", 0, this::add);
        register("cv.member", 5, this::member);
        register("cv.body", 0, context -> {
            this.bodies.add(context.args().get(0));
            int sum = 0;
            for (JsonNode result : context.args().get(0)) {
                sum += result.asInt();
            }
            return sum;
        });
        register("cv.errback", 0, context -> {
            this.errbacks.add(context.args());
            return null;
        });
        register("cv.echo", 0, context -> context.args().get(0).asInt());
        this.stem = new DefaultStem(this.broker, this.backend, this.revokes, this.events, this.tasks, this.mapper, codec,
                enqueueInterceptors(), DefaultStem.ClientOptions.DEFAULT, Clock.systemUTC(), resultSealer());
        this.canvas = new StemCanvas(this.stem, this.broker, this.chords, codec, this.mapper, Duration.ofHours(1));
        CanvasInterceptor interceptor = new CanvasInterceptor(this.stem, this.broker, this.chords, this.tasks,
                this.mapper, Duration.ofHours(1));
        Worker worker = new Worker(new WorkerServices(this.broker, this.backend, this.tasks, this.revokes,
                new InMemoryRateLimiter(), this.events, new InMemoryWorkerRegistry(), this.mapper, List.of(interceptor),
                new CompositeWorkerListener(List.of(new LoggingWorkerListener(), new CanvasFailureListener(interceptor))),
                Clock.systemUTC(), receiveInterceptors(), resultSealer(), republishInterceptors()),
                WorkerOptions.defaults(this.queue, "default").withConcurrency(16).withShutdownTimeout(Duration.ofSeconds(2))
                        .withUnknownTaskGrace(Duration.ZERO));
        worker.start();
        this.closing.add(worker::stop);
    }

    @AfterEach
    void closeSubjects() throws Exception {
        for (AutoCloseable closeable : this.closing.reversed()) {
            closeable.close();
        }
        this.broker.purge(this.queue);
        this.broker.purgeDeadLetters(this.queue);
        for (Object store : List.of(this.chords, this.events, this.revokes, this.backend, this.broker)) {
            if (store instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }

    @Test
    void aChainPassesEachResultOnAndReturnsTheLastStepsResult() {
        ChainHandle chain = this.canvas.chain(List.of(step(1, "a"), step(null, "b"), step(null, "c")), null);

        assertThat(chain.result(WAIT)).isEqualTo(4);
        assertThat(this.runs).containsExactly("a", "b", "c");
    }

    @Test
    void aChainWhoseThirdStepFailsStopsThereAndCallsItsErrorCallbackOnceWithTheFailingIdAndError() {
        ChainHandle chain = this.canvas.chain(List.of(step(1, "s1"), step(null, "s2"), step(null, "fail"),
                step(null, "s4"), step(null, "s5")), Signature.of("cv.errback", "chain-tag").onQueue(this.queue));

        await().atMost(WAIT).until(() -> this.errbacks.size() == 1);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> this.errbacks.size() == 1);
        assertThat(this.runs).containsExactly("s1", "s2", "fail");
        JsonNode args = this.errbacks.getFirst();
        assertThat(args.get(0).asString()).isEqualTo(chain.ids().get(2));
        assertThat(args.get(1).get("type").asString()).isEqualTo(IllegalStateException.class.getName());
        assertThat(args.get(1).get("message").asString()).isEqualTo("step fail failed");
        assertThat(args.get(2).asString()).isEqualTo("chain-tag");
        assertThat(chain.step(2).state()).isEqualTo(TaskState.FAILURE);
        assertThat(chain.step(3).info()).isEmpty();
        assertThat(chain.step(4).info()).isEmpty();
    }

    @Test
    void cancellingAChainLetsTheRunningStepFinishAndDropsTheStepsThatHaveNotRun() {
        ChainHandle chain = this.canvas.chain(List.of(step(1, "gate"), step(null, "b"), step(null, "c")), null);
        await().atMost(WAIT).until(() -> this.runs.contains("gate"));

        chain.cancel(false);
        this.gate.countDown();

        await().atMost(WAIT).until(() -> chain.step(1).state() == TaskState.REVOKED);
        assertThat(chain.step(0).state()).isEqualTo(TaskState.SUCCESS);
        assertThat(this.runs).containsExactly("gate");
        assertThat(chain.step(2).info()).isEmpty();
    }

    @Test
    void aChordRunsItsBodyOnceWithTheMembersResultsInMemberOrder() {
        ChordHandle chord = this.canvas.chord(members(10, 0), body(), null);

        assertThat(chord.result(WAIT)).isEqualTo(IntStream.range(0, 10).map(i -> i * 10).sum());
        await().during(Duration.ofMillis(300)).atMost(WAIT).until(() -> this.bodies.size() == 1);
        assertThat(this.bodies.getFirst().valueStream().map(JsonNode::asInt).toList())
                .containsExactly(0, 10, 20, 30, 40, 50, 60, 70, 80, 90);
    }

    @Test
    void aChordWithAPermanentlyFailingMemberCallsItsErrorCallbackOnceAndNeverItsBody() {
        List<Signature> members = new ArrayList<>(members(5, 0));
        members.set(2, Signature.of("cv.member", 2, 99).onQueue(this.queue).withMaxRetries(0));
        ChordHandle chord = this.canvas.chord(members, body(), Signature.of("cv.errback", "chord-tag").onQueue(this.queue));

        await().atMost(WAIT).until(() -> this.errbacks.size() == 1);
        await().atMost(WAIT).until(() -> chord.members().members().stream().allMatch(m -> m.state().isTerminal()));
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> this.errbacks.size() == 1);
        assertThat(this.bodies).isEmpty();
        assertThat(this.errbacks.getFirst().get(0).asString()).isEqualTo(chord.members().ids().get(2));
        assertThat(this.errbacks.getFirst().get(2).asString()).isEqualTo("chord-tag");
        assertThat(chord.body().info()).isEmpty();
    }

    @Test
    void aChordWithAMemberDeadLetteredWithoutRunningCallsItsErrorCallbackOnceAndNeverItsBody() {
        List<Signature> members = new ArrayList<>(members(3, 0));
        members.add(Signature.of("cv.no-such-task").onQueue(this.queue));
        ChordHandle chord = this.canvas.chord(members, body(), Signature.of("cv.errback", "lost").onQueue(this.queue));

        await().atMost(WAIT).until(() -> this.errbacks.size() == 1);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> this.errbacks.size() == 1);
        assertThat(this.bodies).isEmpty();
        assertThat(this.errbacks.getFirst().get(0).asString()).isEqualTo(chord.members().ids().get(3));
        assertThat(this.errbacks.getFirst().get(1).get("type").asString()).isEqualTo("dev.stem.worker.UnknownTaskException");
    }

    @Test
    void aChordWithAMemberRevokedBeforeItRunsCallsItsErrorCallbackOnceAndNeverItsBody() {
        String revoked = RandomNames.of("revoked");
        this.stem.handle(revoked, Object.class).cancel(false);
        List<Signature> members = new ArrayList<>(members(3, 0));
        members.add(Signature.of("cv.echo", 7).onQueue(this.queue).withId(revoked));
        ChordHandle chord = this.canvas.chord(members, body(), Signature.of("cv.errback", "cancelled").onQueue(this.queue));

        await().atMost(WAIT).until(() -> this.errbacks.size() == 1);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> this.errbacks.size() == 1);
        assertThat(this.bodies).isEmpty();
        assertThat(this.errbacks.getFirst().get(0).asString()).isEqualTo(revoked);
        assertThat(this.errbacks.getFirst().get(1).get("type").asString()).isEqualTo("revoked");
        assertThat(this.errbacks.getFirst().get(2).asString()).isEqualTo("cancelled");
        assertThat(this.stem.handle(revoked, Object.class).state()).isEqualTo(TaskState.REVOKED);
        assertThat(chord.body().info()).isEmpty();
    }

    @Test
    void aChordWhoseMembersEachFailTwiceBeforeSucceedingRunsItsBodyOnce() {
        ChordHandle chord = this.canvas.chord(members(5, 2), body(), Signature.of("cv.errback", "x").onQueue(this.queue));

        assertThat(chord.result(WAIT)).isEqualTo(0 + 10 + 20 + 30 + 40);
        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> this.bodies.size() == 1);
        assertThat(this.errbacks).isEmpty();
        assertThat(this.memberAttempts.values()).allSatisfy(attempts -> assertThat(attempts).hasValue(3));
    }

    @Test
    void aGroupOfTenThousandReturnsEveryResultInMemberOrder() {
        List<Signature> members = IntStream.range(0, BIG_GROUP)
                .mapToObj(i -> Signature.of("cv.echo", i).onQueue(this.queue)).toList();

        GroupHandle group = this.canvas.group(members);

        List<Object> results = group.results(Duration.ofMinutes(2));
        assertThat(results).hasSize(BIG_GROUP);
        assertThat(results).isEqualTo(IntStream.range(0, BIG_GROUP).boxed().toList());
    }

    @Test
    void chunksRunAllCallsInFewerMessagesAndMapReturnsTheResultsInOrder() {
        List<List<?>> argLists = IntStream.range(0, 10).<List<?>>mapToObj(i -> List.of(i)).toList();

        GroupHandle chunks = this.canvas.chunks("cv.echo", argLists, 4);

        assertThat(chunks.ids()).hasSize(3);
        assertThat(chunks.results(WAIT)).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9));
        assertThat(this.canvas.map("cv.echo", List.of(7, 8, 9)).result(WAIT)).isEqualTo(List.of(7, 8, 9));
    }

    /// The member signatures `0..count-1` on the test queue, each failing `failTimes` times first.
    /// `count` chord members on the kit's queue: member `i` returns `i * 10` after failing
    /// `failTimes` times.
    protected List<Signature> members(int count, int failTimes) {
        return IntStream.range(0, count)
                .mapToObj(i -> Signature.of("cv.member", i, failTimes).onQueue(this.queue)).toList();
    }

    /// A chord body on the kit's queue: returns the sum of the members' results.
    protected Signature body() {
        return Signature.of("cv.body").onQueue(this.queue);
    }

    private Signature step(Integer start, String label) {
        Signature step = start == null ? Signature.of("cv.add", label) : Signature.of("cv.add", start, label).asImmutable();
        return step.onQueue(this.queue);
    }

    private Object add(TaskContext context) throws InterruptedException {
        JsonNode args = context.args();
        String label = args.get(1).asString();
        this.runs.add(label);
        if (label.equals("gate") && !this.gate.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the gate was not opened");
        }
        if (label.equals("fail")) {
            throw new IllegalStateException("step fail failed");
        }
        return args.get(0).asInt() + 1;
    }

    private Object member(TaskContext context) {
        int index = context.args().get(0).asInt();
        int failTimes = context.args().get(1).asInt();
        int attempt = this.memberAttempts.computeIfAbsent(index, key -> new AtomicInteger()).incrementAndGet();
        if (attempt <= failTimes) {
            if (context.envelope().maxRetries() == 0) {
                throw new IllegalStateException("member " + index + " failed for good");
            }
            throw context.retry(Duration.ofMillis(10));
        }
        return index * 10;
    }

    private void register(String name, int maxRetries, TaskHandler handler) {
        this.tasks.register(new TaskDefinition(name, TaskOptions.builder().queue(this.queue).maxRetries(maxRetries)
                .build(), handler));
    }
}

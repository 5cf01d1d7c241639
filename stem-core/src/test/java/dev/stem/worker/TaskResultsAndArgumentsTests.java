package dev.stem.worker;

import java.lang.reflect.Method;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;

import dev.stem.annotation.StemTask;
import dev.stem.backend.TaskResult;
import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;
import dev.stem.client.ResultTypeException;
import dev.stem.client.TaskFailedException;
import dev.stem.client.TaskHandle;
import dev.stem.retry.ExponentialBackOff;
import dev.stem.task.MethodTaskHandler;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/// What a user sees of a task end to end: results read as the type the producer asks for, arguments
/// that miss required values dead-lettered at once, and one attempt numbering in the context, the
/// result record and the log.
class TaskResultsAndArgumentsTests {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final ExponentialBackOff FAST = new ExponentialBackOff(Duration.ofMillis(10), 2.0,
            Duration.ofMillis(50), 0.0);

    private final WorkerFixture fixture = new WorkerFixture();

    private final Orders orders = new Orders();

    private Runnable detach = () -> {
    };

    @AfterEach
    void close() {
        this.detach.run();
        this.fixture.close();
    }

    @Test
    void aStringNamedEnqueueWithAResultTypeGetsABigDecimal() throws NoSuchMethodException {
        register("order.total", "total", OrderLine.class);
        this.fixture.start();

        TaskHandle<BigDecimal> handle = this.fixture.stem.enqueue("order.total",
                Map.of("sku", "X-1", "quantity", 3, "price", "19.99"), BigDecimal.class);

        assertThat(handle.result(WAIT)).isInstanceOf(BigDecimal.class).isEqualByComparingTo("59.97");
    }

    @Test
    void anUntypedHandleReturnsJsonNaturalTypes() throws NoSuchMethodException {
        register("order.total", "total", OrderLine.class);
        register("order.lines", "lines", int.class);
        this.fixture.start();

        Object total = this.fixture.stem.enqueue("order.total", Map.of("sku", "X-1", "quantity", 1, "price", "2.5"))
                .result(WAIT);
        Object lines = this.fixture.stem.enqueue("order.lines", Map.of("count", 1)).result(WAIT);

        assertThat(total).isEqualTo(2.5);
        assertThat(lines).isEqualTo(List.of(Map.of("sku", "sku-0", "quantity", 1, "price", 1)));
    }

    @Test
    void aTypeReferenceReadsAGenericResult() throws NoSuchMethodException {
        register("order.lines", "lines", int.class);
        this.fixture.start();

        TaskHandle<List<OrderLine>> handle = this.fixture.stem.enqueue("order.lines", Map.of("count", 2),
                new TypeReference<List<OrderLine>>() {
                });

        assertThat(handle.result(WAIT)).containsExactly(new OrderLine("sku-0", 1, BigDecimal.ONE),
                new OrderLine("sku-1", 1, BigDecimal.ONE));
        assertThat(this.fixture.stem.handle(handle.id(), new TypeReference<List<OrderLine>>() {
        }).result(WAIT)).hasSize(2).first().isInstanceOf(OrderLine.class);
    }

    @Test
    void aTypedCallReadsTheDeclaredGenericReturnType() throws NoSuchMethodException {
        register("order.lines", "lines", int.class);
        this.fixture.start();

        TaskHandle<List<OrderLine>> handle = this.fixture.stem.call(Orders.class, o -> o.lines(1));

        assertThat(handle.result(WAIT)).singleElement().isInstanceOf(OrderLine.class);
    }

    @Test
    void aTypedCallResolvesATypeVariableOfTheTaskClass() throws NoSuchMethodException {
        Method first = Loader.class.getDeclaredMethod("first");
        this.fixture.register(TaskDefinition.of("order.first",
                new MethodTaskHandler("order.first", new OrderLoader(), first, first, this.fixture.mapper)));
        this.fixture.start();

        TaskHandle<OrderLine> handle = this.fixture.stem.call(OrderLoader.class, Loader::first);

        assertThat(handle.result(WAIT)).isEqualTo(new OrderLine("first", 1, BigDecimal.TEN));
    }

    @Test
    void aResultOfAnotherTypeThanTheHandleExpectsIsReportedWithTheTask() throws NoSuchMethodException {
        register("order.lines", "lines", int.class);
        this.fixture.start();

        TaskHandle<BigDecimal> handle = this.fixture.stem.enqueue("order.lines", Map.of("count", 1),
                BigDecimal.class);

        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(ResultTypeException.class)
                .hasMessageContaining("'order.lines'").hasMessageContaining("java.math.BigDecimal");
    }

    @Test
    void anEmptyObjectForARecordParameterIsDeadLetteredAsBadArgumentsOnTheFirstAttempt()
            throws NoSuchMethodException {
        register("order.total", "total", OrderLine.class);
        this.fixture.start();

        TaskHandle<BigDecimal> handle = this.fixture.stem.enqueue("order.total", Map.of(), BigDecimal.class);

        assertThatThrownBy(() -> handle.result(WAIT)).isInstanceOf(TaskFailedException.class)
                .hasMessageContaining("ArgumentBindingException").hasMessageContaining("'sku'");
        assertThat(this.orders.calls).hasValue(0);
        assertThat(handle.info()).get().extracting(TaskResult::attempt).isEqualTo(0);
        assertThat(this.fixture.broker.deadLetters("default", 0, 10)).singleElement()
                .extracting(letter -> letter.reason().code()).isEqualTo(DeadLetterReason.BAD_ARGUMENTS);
        await().untilAsserted(() -> assertThat(this.fixture.listener.events)
                .contains("dead order.total bad-arguments"));
        assertThat(this.fixture.listener.events).noneMatch(event -> event.startsWith("retried"));
    }

    @Test
    void theContextAndTheResultRecordNumberAttemptsFromZero() {
        List<Integer> seen = new CopyOnWriteArrayList<>();
        this.fixture.register(new TaskDefinition("flaky", TaskOptions.builder().maxRetries(3).backOff(FAST).build(),
                context -> {
                    seen.add(context.attempt());
                    if (context.attempt() < 1) {
                        throw new IllegalStateException("reset");
                    }
                    return context.attempt();
                }));
        this.fixture.start();

        TaskHandle<Integer> handle = this.fixture.stem.enqueue("flaky", null, Integer.class);

        assertThat(handle.result(WAIT)).isEqualTo(1);
        assertThat(seen).containsExactly(0, 1);
        assertThat(handle.info()).get().extracting(TaskResult::attempt).isEqualTo(1);
        assertThat(this.fixture.listener.events).contains("retried flaky attempt 0");
    }

    @Test
    void theLogNumbersAttemptsAsTheContextDoes() {
        ListAppender<ILoggingEvent> log = capture("dev.stem.task");
        Envelope first = Envelope.builder("flaky").maxRetries(3).build();

        new LoggingWorkerListener().retried(first, new IllegalStateException("reset"), Duration.ofMillis(200));

        assertThat(log.list).singleElement().extracting(ILoggingEvent::getFormattedMessage).asString()
                .contains("attempt 0 failed (java.lang.IllegalStateException: reset); attempt 1 (retry 1 of 3) in 200 ms");
    }

    private void register(String name, String method, Class<?>... parameters) throws NoSuchMethodException {
        Method target = Orders.class.getDeclaredMethod(method, parameters);
        this.fixture.register(new TaskDefinition(name, TaskOptions.builder().backOff(FAST).build(),
                new MethodTaskHandler(name, this.orders, target, target, this.fixture.mapper)));
    }

    private ListAppender<ILoggingEvent> capture(String loggerName) {
        Logger logger = (Logger) LoggerFactory.getLogger(loggerName);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        this.detach = () -> logger.detachAppender(appender);
        return appender;
    }

    /// One line of an order; every component is required (this package is `@NullMarked`).
    record OrderLine(String sku, int quantity, BigDecimal price) {
    }

    /// Task methods that return typed results.
    static class Orders {

        final AtomicInteger calls = new AtomicInteger();

        @StemTask(name = "order.total")
        public BigDecimal total(OrderLine line) {
            this.calls.incrementAndGet();
            return line.price().multiply(BigDecimal.valueOf(line.quantity()));
        }

        @StemTask(name = "order.lines")
        public List<OrderLine> lines(int count) {
            return IntStream.range(0, count).mapToObj(i -> new OrderLine("sku-" + i, 1, BigDecimal.ONE))
                    .toList();
        }
    }

    /// A task class whose return type is a type variable.
    static class Loader<T> {

        private final T first;

        Loader(T first) {
            this.first = first;
        }

        @StemTask(name = "order.first")
        public T first() {
            return this.first;
        }
    }

    /// Binds the type variable of [Loader] without overriding its task method.
    static class OrderLoader extends Loader<OrderLine> {

        OrderLoader() {
            super(new OrderLine("first", 1, BigDecimal.TEN));
        }
    }
}

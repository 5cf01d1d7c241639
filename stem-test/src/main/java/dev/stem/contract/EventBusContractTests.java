package dev.stem.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.stem.control.ControlClient;
import dev.stem.control.ControlCommand;
import dev.stem.control.ControlReply;
import dev.stem.control.ControlResult;
import dev.stem.control.EventBus;
import dev.stem.control.StemEvent;
import dev.stem.memory.InMemoryWorkerRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/// The promises of [EventBus], checked against a real adapter: extend this class and return a
/// fresh bus from [#createEventBus()].
///
/// A subscriber counts as connected once `subscribe` has returned. Every test sends events with its
/// own random source and ignores the others, so the bus may share a server with other tests.
/// Events must arrive equal to what was sent (timestamps with millisecond precision; data of
/// strings, ints and booleans).
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class EventBusContractTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private EventBus bus;

    private String source;

    /// Returns a new event bus to test; it is closed after each test.
    protected abstract EventBus createEventBus();

    @BeforeEach
    void createSubject() {
        this.bus = createEventBus();
        this.source = RandomNames.of("source");
    }

    @AfterEach
    void closeSubject() {
        if (this.bus != null) {
            this.bus.close();
        }
    }

    @Test
    void everySubscriberReceivesEachEventOnce() throws Exception {
        List<StemEvent> first = new CopyOnWriteArrayList<>();
        List<StemEvent> second = new CopyOnWriteArrayList<>();
        try (AutoCloseable one = this.bus.subscribe(own(first));
                AutoCloseable two = this.bus.subscribe(own(second))) {
            StemEvent progress = event(StemEvent.TASK_PROGRESS);
            StemEvent marker = event(StemEvent.CONTROL);

            this.bus.publish(progress);
            this.bus.publish(marker);

            await().atMost(PATIENCE).until(() -> first.contains(marker) && second.contains(marker));
            assertThat(first).containsExactly(progress, marker);
            assertThat(second).containsExactly(progress, marker);
        }
    }

    @Test
    void closedSubscriptionReceivesNothing() throws Exception {
        List<StemEvent> closed = new CopyOnWriteArrayList<>();
        List<StemEvent> open = new CopyOnWriteArrayList<>();
        AutoCloseable gone = this.bus.subscribe(own(closed));
        try (AutoCloseable staying = this.bus.subscribe(own(open))) {
            gone.close();
            StemEvent heartbeat = event(StemEvent.WORKER_HEARTBEAT);

            this.bus.publish(heartbeat);

            await().atMost(PATIENCE).until(() -> open.contains(heartbeat));
            assertThat(closed).isEmpty();
        }
    }

    /// A [ControlClient] command goes to the addressed worker only and its reply (with lists and
    /// maps in it) comes back whole; an id nobody answers for is reported missing after the timeout.
    @Test
    void controlCommandsReachTheAddressedWorkerAndItsReplyComesBack() throws Exception {
        String worker = RandomNames.of("worker");
        String absent = RandomNames.of("worker");
        List<ControlCommand> received = new CopyOnWriteArrayList<>();
        try (AutoCloseable responder = this.bus.subscribe(event -> ControlCommand.fromEvent(event)
                .filter(command -> command.isFor(worker))
                .ifPresent(command -> {
                    received.add(command);
                    this.bus.publish(ControlReply.done(command, worker, Map.of("queues", List.of("a", "b"),
                            "options", Map.of("concurrency", 4), "echo", command.arguments().get("queue")))
                            .toEvent(Instant.now()));
                }))) {
            ControlClient client = new ControlClient(this.bus, new InMemoryWorkerRegistry(), Clock.systemUTC(),
                    this.source);

            ControlResult answered = client.send(ControlCommand.PAUSE, Map.of("queue", "mail"), List.of(worker),
                    PATIENCE);
            ControlResult unanswered = client.send(ControlCommand.PING, Map.of(), List.of(absent),
                    Duration.ofMillis(500));

            assertThat(answered.missing()).isEmpty();
            assertThat(answered.replies()).singleElement().satisfies(reply -> {
                assertThat(reply.workerId()).isEqualTo(worker);
                assertThat(reply.ok()).isTrue();
                assertThat(reply.data()).containsEntry("queues", List.of("a", "b"))
                        .containsEntry("options", Map.of("concurrency", 4))
                        .containsEntry("echo", "mail");
            });
            assertThat(unanswered.replies()).isEmpty();
            assertThat(unanswered.missing()).containsExactly(absent);
            assertThat(received).extracting(ControlCommand::command).containsExactly(ControlCommand.PAUSE);
        }
    }

    private Consumer<StemEvent> own(List<StemEvent> received) {
        return (event) -> {
            if (event.source().equals(this.source)) {
                received.add(event);
            }
        };
    }

    private StemEvent event(String type) {
        return new StemEvent(type, this.source, Instant.now().truncatedTo(ChronoUnit.MILLIS),
                Map.of("taskId", RandomNames.of("task"), "percent", 40, "final", false));
    }
}

package dev.stem.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.annotation.StemTask;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryEventBus;
import dev.stem.memory.InMemoryResultBackend;
import dev.stem.memory.InMemoryRevokeStore;
import dev.stem.task.TaskContext;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;
import dev.stem.task.TaskRegistry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DefaultStemTests {

    private final InMemoryBroker broker = new InMemoryBroker();

    private final TaskRegistry tasks = new TaskRegistry();

    private final InMemoryRevokeStore revokes = new InMemoryRevokeStore();

    private final DefaultStem stem = new DefaultStem(this.broker, new InMemoryResultBackend(),
            this.revokes, new InMemoryEventBus(), this.tasks, JsonMapper.builder().build(), new EnvelopeCodec(), List.of(),
            new DefaultStem.ClientOptions(1024, Duration.ofDays(1)), Clock.systemUTC());

    @AfterEach
    void close() {
        this.broker.close();
    }

    @Test
    void aPayloadOverTheLimitIsRefusedAndNothingIsPublished() {
        assertThatThrownBy(() -> this.stem.enqueue("big", Map.of("blob", "x".repeat(2_000))))
                .isInstanceOf(PayloadTooLargeException.class).hasMessageContaining("'big'")
                .hasMessageContaining("1024");
        assertThat(this.broker.stats("default").ready()).isZero();
    }

    @Test
    void aHandleOrACancelOfAnInvalidIdIsRefusedNamingTheIdAndNothingIsRevoked() {
        assertThatThrownBy(() -> this.stem.handle("bad id!", Object.class))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("taskId").hasMessageContaining("'bad id!'");
        assertThatThrownBy(() -> this.stem.cancellation().cancel(List.of("fine-id", "x".repeat(200)), true))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("taskId");
        assertThat(this.revokes.revoked()).isEmpty();
    }

    @Test
    void invalidNamesAreRefusedAtEnqueue() {
        assertThatThrownBy(() -> this.stem.enqueue("no spaces please", null))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("'no spaces please'");
        assertThatThrownBy(() -> this.stem.enqueue("ok", null, EnqueueOptions.builder().queue("bad queue!").build()))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("queue");
        assertThatThrownBy(() -> this.stem.enqueue("ok", "just a string"))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("args");
        assertThat(this.broker.queues()).isEmpty();
    }

    @Test
    void aBatchIsValidatedBeforeAnythingIsPublished() {
        List<TaskRequest> batch = List.of(TaskRequest.of("fine", null), TaskRequest.of("not fine!", null));

        assertThatThrownBy(() -> this.stem.enqueueAll(batch)).isInstanceOf(InvalidEnvelopeException.class);
        assertThat(this.broker.stats("default").ready()).isZero();

        assertThat(this.stem.enqueueAll(List.of(TaskRequest.of("a", null), TaskRequest.of("b", List.of(1)))))
                .hasSize(2);
        assertThat(this.broker.stats("default").ready()).isEqualTo(2);
    }

    @Test
    void optionsOverrideTheTaskDefaults() throws InterruptedException {
        this.tasks.register(new TaskDefinition("report", TaskOptions.builder().queue("reports").priority(3)
                .maxRetries(7).build(), ctx -> null));
        Instant eta = Instant.now().minusSeconds(1);

        this.stem.enqueue("report", null);
        this.stem.enqueue("report", null, EnqueueOptions.builder().id("fixed-id").queue("urgent").priority(9)
                .maxRetries(0).eta(eta).expires(Duration.ofMinutes(5)).headers(Map.of("tenant", "acme"))
                .timeLimit(Duration.ofSeconds(9)).build());

        Envelope defaults = fetch("reports");
        assertThat(defaults.priority()).isEqualTo(3);
        assertThat(defaults.maxRetries()).isEqualTo(7);
        Envelope custom = fetch("urgent");
        assertThat(custom.id()).isEqualTo("fixed-id");
        assertThat(custom.priority()).isEqualTo(9);
        assertThat(custom.maxRetries()).isZero();
        assertThat(custom.eta()).isEqualTo(eta);
        assertThat(custom.expiresAt()).isAfter(Instant.now());
        assertThat(custom.headers()).containsEntry("tenant", "acme");
        assertThat(custom.hardTimeLimit()).isEqualTo(Duration.ofSeconds(9));
    }

    @Test
    void aCountdownDelaysTheMessage() {
        this.stem.enqueue("later", null, EnqueueOptions.builder().countdown(Duration.ofMinutes(1)).build());

        assertThat(this.broker.stats("default").delayed()).isEqualTo(1);
        assertThat(this.broker.stats("default").ready()).isZero();
    }

    @Test
    void aTypedCallEnqueuesTheAnnotatedMethodWithItsArguments() throws InterruptedException {
        TaskHandle<String> handle = this.stem.call(Mailer.class, mailer -> mailer.send("a@b.c", 2, null));

        Envelope sent = fetch("mail");
        assertThat(sent.id()).isEqualTo(handle.id());
        assertThat(sent.task()).isEqualTo("mail.send");
        assertThat(sent.args().get("to").asString()).isEqualTo("a@b.c");
        assertThat(sent.args().get("copies").intValue()).isEqualTo(2);
        assertThat(sent.args().has("context")).isFalse();
        assertThat(sent.maxRetries()).isEqualTo(5);
    }

    @Test
    void aTypedRunUsesTheDefaultNameForVoidMethods() throws InterruptedException {
        this.stem.run(Mailer.class, mailer -> mailer.purge());

        assertThat(fetch("default").task()).isEqualTo("Mailer.purge");
    }

    @Test
    void aTypedCallOfAPlainMethodIsRefused() {
        assertThatThrownBy(() -> this.stem.call(Mailer.class, Mailer::notATask))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a @StemTask method");
    }

    private Envelope fetch(String queue) throws InterruptedException {
        List<Delivery> deliveries = this.broker.fetch(new FetchRequest("test", List.of(queue), 1,
                Duration.ofSeconds(1), Duration.ofSeconds(30)));
        assertThat(deliveries).hasSize(1);
        return deliveries.get(0).envelope();
    }

    static class Mailer {

        @StemTask(name = "mail.send", queue = "mail", maxRetries = 5)
        public String send(String to, int copies, TaskContext context) {
            return "sent";
        }

        @StemTask
        public void purge() {
        }

        public String notATask() {
            return "no";
        }
    }
}

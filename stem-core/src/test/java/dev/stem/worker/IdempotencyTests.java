package dev.stem.worker;

import java.time.Clock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.stem.client.TaskHandle;
import dev.stem.retry.ExponentialBackOff;
import dev.stem.security.KeyRing;
import dev.stem.security.MessageCipher;
import dev.stem.task.Idempotency;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTests {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private final WorkerFixture fixture = new WorkerFixture();

    private final Idempotency idempotency = new Idempotency(this.fixture.backend, this.fixture.mapper,
            Duration.ofHours(1), Clock.systemUTC());

    @AfterEach
    void close() {
        this.fixture.close();
    }

    @Test
    void aRetriedTaskRunsItsIdempotentStepOnceAndGetsTheRememberedResult() throws Exception {
        AtomicInteger charges = new AtomicInteger();
        this.fixture.register(new TaskDefinition("pay", TaskOptions.builder().maxRetries(2)
                .backOff(new ExponentialBackOff(Duration.ofMillis(10), 1, Duration.ofMillis(10), 0)).build(), context -> {
                    Integer receipt = this.idempotency.once(context, "charge", Integer.class,
                            () -> 100 + charges.incrementAndGet());
                    if (context.attempt() == 0) {
                        throw new IllegalStateException("the mail server is down after the charge");
                    }
                    return receipt;
                }));
        this.fixture.start();

        TaskHandle<Object> handle = this.fixture.stem.enqueue("pay", null);

        assertThat(handle.result(WAIT)).isEqualTo(101);
        assertThat(charges).hasValue(1);
    }

    @Test
    void eachKeyRunsOnceAndAThrowingBlockRunsAgain() throws Exception {
        AtomicInteger runs = new AtomicInteger();

        assertThat(this.idempotency.once("order-1:ship", String.class, () -> "shipped " + runs.incrementAndGet()))
                .isEqualTo("shipped 1");
        assertThat(this.idempotency.once("order-1:ship", String.class, () -> "shipped " + runs.incrementAndGet()))
                .isEqualTo("shipped 1");
        assertThat(this.idempotency.once("order-2:ship", String.class, () -> "shipped " + runs.incrementAndGet()))
                .isEqualTo("shipped 2");
        assertThat(this.idempotency.once("a key with spaces and \u00e9 that is not an id " + "x".repeat(200),
                String.class, () -> "odd " + runs.incrementAndGet())).isEqualTo("odd 3");
        try {
            this.idempotency.once("order-3:ship", String.class, () -> {
                runs.incrementAndGet();
                throw new IllegalStateException("failed");
            });
        }
        catch (IllegalStateException expected) {
            // the block threw: nothing is remembered
        }
        assertThat(this.idempotency.once("order-3:ship", String.class, () -> "shipped " + runs.incrementAndGet()))
                .isEqualTo("shipped 5");
    }

    @Test
    void withEncryptionARememberedResultIsStoredEncryptedAndReadDecrypted() throws Exception {
        MessageCipher cipher = new MessageCipher(new KeyRing("k1",
                Map.of("k1", "0123456789abcdef".getBytes(StandardCharsets.UTF_8)), 16));
        Idempotency sealed = new Idempotency(this.fixture.backend, this.fixture.mapper, Duration.ofHours(1),
                Clock.systemUTC(), cipher);
        AtomicInteger runs = new AtomicInteger();

        assertThat(sealed.once("order-9:ship", String.class, () -> "marker-ship-" + runs.incrementAndGet()))
                .isEqualTo("marker-ship-1");
        assertThat(sealed.once("order-9:ship", String.class, () -> "marker-ship-" + runs.incrementAndGet()))
                .isEqualTo("marker-ship-1");
        assertThat(this.fixture.backend.get("idem:order-9:ship").orElseThrow().result().toString())
                .doesNotContain("marker").startsWith("{\"stem-encrypted\":\"k1:");
        assertThat(runs).hasValue(1);
    }
}

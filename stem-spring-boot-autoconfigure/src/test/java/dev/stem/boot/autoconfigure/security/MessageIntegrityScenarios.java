package dev.stem.boot.autoconfigure.security;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.Stem;
import dev.stem.annotation.StemTask;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.ReplayRefusedException;
import dev.stem.client.EnqueueOptions;
import dev.stem.client.ResultDecryptionException;
import dev.stem.client.TaskHandle;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.security.ReplayGuard;
import dev.stem.task.TaskContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/// Signed and encrypted messages whose stored bytes are changed directly in the store (not through
/// the client) are dead-lettered with the reason and never run; the raw stored messages and result
/// records hold no plaintext of encrypted arguments and results; a message signed or encrypted, or
/// a result encrypted, with the previous key runs (reads) during a rotation; a tampered or retired
/// result fails its read clearly; a signed retry runs, and a signed dead letter is replayed where
/// the signing keys are and refused (staying a dead letter) where they are not. Subclasses give the
/// store.
@ExtendWith(OutputCaptureExtension.class)
abstract class MessageIntegrityScenarios {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final String SECRET = "4111-1111-1111-1111";

    private static final String RESULT_MARKER = "result-marker-9d2e";

    static final Set<String> executed = ConcurrentHashMap.newKeySet();

    static final AtomicBoolean broken = new AtomicBoolean();

    private final JsonMapper mapper = JsonMapper.builder().build();

    /// A context runner on the store with a random prefix of its own, worker off.
    protected abstract ApplicationContextRunner contextRunner();

    /// Direct access to that store's messages.
    protected abstract StoredMessages stored();

    private ApplicationContextRunner producer(String... properties) {
        return contextRunner().withPropertyValues("stem.worker.enabled=false").withPropertyValues(properties);
    }

    private ApplicationContextRunner worker(String... properties) {
        return contextRunner().withUserConfiguration(SecureTasks.class)
                .withPropertyValues("stem.worker.enabled=true", "stem.worker.queues=default,other",
                        "stem.worker.unknown-task-grace=1s")
                .withPropertyValues(properties);
    }

    @Test
    void tamperedSignedMessagesAreDeadLetteredAndNeverRunWhileThePreviousKeyRuns() {
        String[] ids = new String[8];
        producer(signing("k0", "k0")).run(context -> ids[0] = send(context.getBean(Stem.class), "retired"));
        producer(signing("k1", "k1")).run(context -> {
            Stem stem = context.getBean(Stem.class);
            ids[1] = send(stem, "previous-key");
            ids[2] = send(stem, "args");
            ids[3] = send(stem, "task");
            ids[4] = send(stem, "queue");
            ids[5] = send(stem, "stripped");
            ids[6] = send(stem, "unknown-key");
            ids[7] = send(stem, "priority");
        });
        stored().rewrite(ids[2], text -> text.replace("\"text\":\"args\"", "\"text\":\"evil\""));
        stored().rewrite(ids[3], text -> text.replace("\"task\":\"secure.echo\"", "\"task\":\"secure.other\""));
        stored().rewrite(ids[4], text -> text.replace("\"queue\":\"default\"", "\"queue\":\"other\""));
        stored().rewrite(ids[5], text -> withoutHeader(text, "stem-signature"));
        stored().rewrite(ids[6], text -> text.replace("\"stem-signature\":\"k1:", "\"stem-signature\":\"k7:"));
        stored().rewrite(ids[7], text -> text.replace("\"priority\":0", "\"priority\":9"));

        worker(signing("k2", "k1", "k2")).run(context -> {
            Stem stem = context.getBean(Stem.class);
            assertThat(stem.handle(ids[1], String.class).result(WAIT)).isEqualTo("previous-key");
            for (int i : new int[] { 0, 2, 3, 4, 5, 6, 7 }) {
                assertThat(deadLetterReason(stem, ids[i])).as("message %d", i)
                        .isEqualTo(DeadLetterReason.SIGNATURE_INVALID);
            }
            assertThat(executed).contains("previous-key").doesNotContain("retired", "evil", "task", "queue",
                    "stripped", "unknown-key", "priority", "args");
        });
    }

    @Test
    void aSignedMessageWhoseEtaAttemptOrMaxRetriesIsChangedIsDeadLetteredAndNeverRuns() {
        String[] ids = new String[4];
        producer(signing("k1", "k1")).run(context -> {
            Stem stem = context.getBean(Stem.class);
            EnqueueOptions due = EnqueueOptions.builder().eta(Instant.now().minusSeconds(60)).build();
            ids[0] = stem.enqueue("secure.echo", Map.of("text", "eta-kept"), due).id();
            ids[1] = stem.enqueue("secure.echo", Map.of("text", "eta"), due).id();
            ids[2] = send(stem, "attempt");
            ids[3] = send(stem, "max-retries");
        });
        stored().rewrite(ids[1], text -> withField(text, "eta", Instant.now().minusSeconds(120).toString()));
        stored().rewrite(ids[2], text -> withField(text, "attempt", 1));
        stored().rewrite(ids[3], text -> withField(text, "maxRetries", 5));

        worker(signing("k1", "k1")).run(context -> {
            Stem stem = context.getBean(Stem.class);
            assertThat(stem.handle(ids[0], String.class).result(WAIT)).isEqualTo("eta-kept");
            for (int i = 1; i < ids.length; i++) {
                assertThat(deadLetterReason(stem, ids[i])).as("message %d", i)
                        .isEqualTo(DeadLetterReason.SIGNATURE_INVALID);
            }
            assertThat(executed).contains("eta-kept").doesNotContain("eta", "attempt", "max-retries");
        });
    }

    @Test
    void aSignedRetryRunsAndASignedDeadLetterIsReplayedOnlyWhereTheKeysAre() {
        String[] ids = new String[2];
        producer(signing("k1", "k1")).run(context -> {
            Stem stem = context.getBean(Stem.class);
            ids[0] = stem.enqueue("secure.flaky", Map.of("text", "flaky")).id();
            ids[1] = stem.enqueue("secure.broken", Map.of("text", "replayed"), EnqueueOptions.builder().maxRetries(0)
                    .build()).id();
        });
        broken.set(true);
        worker(signing("k1", "k1")).run(context -> {
            Stem stem = context.getBean(Stem.class);
            assertThat(stem.handle(ids[0], String.class).result(WAIT)).isEqualTo("ran on attempt 1");
            assertThat(deadLetterReason(stem, ids[1])).isEqualTo(DeadLetterReason.MAX_RETRIES_EXCEEDED);
        });
        broken.set(false);

        producer().run(context -> {
            Broker broker = context.getBean(Broker.class);
            assertThatThrownBy(() -> broker.replayDeadLetters("default", List.of(ids[1]), replayHook(context)))
                    .isInstanceOf(ReplayRefusedException.class).hasMessageContaining(ids[1])
                    .hasMessageContaining("stem.security.signing.active-key");
            assertThat(broker.deadLetter("default", ids[1])).isPresent();
        });
        worker(signing("k1", "k1")).run(context -> {
            Broker broker = context.getBean(Broker.class);
            assertThat(broker.replayDeadLetters("default", List.of(ids[1]), replayHook(context))).isEqualTo(1);
            TaskResult replayed = await().atMost(WAIT).until(() -> context.getBean(Stem.class)
                    .handle(ids[1], Object.class).info().orElse(null), r -> r != null && r.state() == TaskState.SUCCESS);
            assertThat(replayed.result().asString()).isEqualTo("replayed on attempt 1");
            assertThat(broker.deadLetter("default", ids[1])).isEmpty();
        });
    }

    @Test
    void encryptedArgumentsAreNeverAtRestInPlaintextAndATamperedOneIsDeadLettered(CapturedOutput output) {
        String[] ids = new String[3];
        producer(encryption("k1", "k1")).run(context -> {
            Stem stem = context.getBean(Stem.class);
            ids[0] = send(stem, SECRET);
            ids[1] = send(stem, SECRET + "-flipped");
            assertThat(stored().all()).hasSize(2).noneMatch(text -> text.contains("4111"));
        });
        producer(encryption("k0", "k0")).run(context -> ids[2] = send(context.getBean(Stem.class), SECRET + "-old"));
        stored().rewrite(ids[1], MessageIntegrityScenarios::flipACiphertextBit);

        worker(encryption("k2", "k1", "k2")).run(context -> {
            Stem stem = context.getBean(Stem.class);
            assertThat(stem.handle(ids[0], String.class).result(WAIT)).isEqualTo("ran " + SECRET.length());
            assertThat(deadLetterReason(stem, ids[1])).isEqualTo(DeadLetterReason.DECRYPT_FAILED);
            assertThat(deadLetterReason(stem, ids[2])).isEqualTo(DeadLetterReason.DECRYPT_FAILED);
            assertThat(executed).contains(SECRET).doesNotContain(SECRET + "-flipped", SECRET + "-old");
        });
        assertThat(stored().all()).isNotEmpty().noneMatch(text -> text.contains("4111"));
        assertThat(output).doesNotContain("4111");
    }

    @Test
    void resultsAreNeverAtRestInPlaintextAndATamperedOrRetiredOneFailsItsReadClearly(CapturedOutput output) {
        String[] ids = new String[2];
        worker(encryption("k1", "k1")).run(context -> {
            Stem stem = context.getBean(Stem.class);
            ids[0] = send(stem, RESULT_MARKER);
            ids[1] = send(stem, RESULT_MARKER + "-flipped");
            assertThat(stem.handle(ids[0], String.class).result(WAIT)).isEqualTo(RESULT_MARKER);
            assertThat(stem.handle(ids[1], String.class).result(WAIT)).isEqualTo(RESULT_MARKER + "-flipped");
        });
        for (String id : ids) {
            assertThat(stored().result(id)).contains("stem-encrypted").contains("k1:").doesNotContain(RESULT_MARKER);
        }
        stored().rewriteResult(ids[1], MessageIntegrityScenarios::flipACiphertextBit);

        worker(encryption("k2", "k1", "k2")).run(context -> {
            Stem stem = context.getBean(Stem.class);
            assertThat(stem.handle(ids[0], String.class).result(WAIT)).isEqualTo(RESULT_MARKER);
            assertThatThrownBy(() -> stem.handle(ids[1], String.class).result(WAIT))
                    .isInstanceOf(ResultDecryptionException.class).hasMessageContaining(ids[1])
                    .hasMessageContaining("key 'k1'").hasMessageNotContaining(RESULT_MARKER);
            String after = send(stem, RESULT_MARKER + "-after");
            assertThat(stem.handle(after, String.class).result(WAIT)).isEqualTo(RESULT_MARKER + "-after");
            assertThat(stored().result(after)).contains("k2:").doesNotContain(RESULT_MARKER);
        });
        producer(encryption("k2", "k2")).run(context -> assertThatThrownBy(
                () -> context.getBean(Stem.class).handle(ids[0], String.class).result(WAIT))
                .isInstanceOf(ResultDecryptionException.class).hasMessageContaining(ids[0])
                .hasMessageContaining("key 'k1'").hasMessageContaining("unknown or retired")
                .hasMessageNotContaining(RESULT_MARKER));
        producer().run(context -> assertThat(context.getBean(Stem.class).handle(ids[0], Object.class).result(WAIT))
                .asString().contains("stem-encrypted").doesNotContain(RESULT_MARKER));
        assertThat(output).doesNotContain(RESULT_MARKER);
    }

    private static String send(Stem stem, String text) {
        TaskHandle<Object> handle = stem.enqueue("secure.echo", Map.of("text", text));
        return handle.id();
    }

    private String withoutHeader(String text, String header) {
        ObjectNode message = (ObjectNode) this.mapper.readTree(text);
        ((ObjectNode) message.get("headers")).remove(header);
        return this.mapper.writeValueAsString(message);
    }

    private String withField(String text, String field, Object value) {
        ObjectNode message = (ObjectNode) this.mapper.readTree(text);
        message.set(field, this.mapper.valueToTree(value));
        return this.mapper.writeValueAsString(message);
    }

    private static RepublishInterceptor replayHook(ApplicationContext context) {
        return ReplayGuard.around(context.getBeanProvider(RepublishInterceptor.class).orderedStream().toList());
    }

    /// `text` with one bit of its first ciphertext flipped (compact or `jsonb`-spaced JSON).
    private static String flipACiphertextBit(String text) {
        Matcher value = Pattern.compile("\"stem-encrypted\":\\s*\"").matcher(text);
        if (!value.find()) {
            throw new AssertionError("no ciphertext in " + text);
        }
        int start = value.end();
        int end = text.indexOf('"', start);
        String[] parts = text.substring(start, end).split(":");
        byte[] ciphertext = Base64.getUrlDecoder().decode(parts[2]);
        ciphertext[0] ^= 1;
        String flipped = parts[0] + ":" + parts[1] + ":" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(ciphertext);
        return text.substring(0, start) + flipped + text.substring(end);
    }

    private static String deadLetterReason(Stem stem, String id) {
        TaskResult record = await().atMost(WAIT).until(() -> stem.handle(id, Object.class).info().orElse(null),
                r -> r != null && r.state() == TaskState.FAILURE);
        return String.valueOf(record.meta().get("deadLetterReason"));
    }

    static String[] signing(String active, String... keys) {
        return ring("signing", active, keys);
    }

    static String[] encryption(String active, String... keys) {
        return ring("encryption", active, keys);
    }

    private static String[] ring(String feature, String active, String... keys) {
        List<String> properties = new java.util.ArrayList<>();
        properties.add("stem.security." + feature + ".active-key=" + active);
        for (String key : keys) {
            properties.add("stem.security." + feature + ".keys." + key + "=" + Base64.getEncoder()
                    .encodeToString((key + "-0123456789abcdef0123456789abcdef").substring(0, 32).getBytes()));
        }
        return properties.toArray(String[]::new);
    }

    @Configuration(proxyBeanMethods = false)
    static class SecureTasks {

        @StemTask(name = "secure.echo", maxRetries = 0)
        public String echo(String text) {
            executed.add(text);
            return text.startsWith("4111") ? "ran " + text.length() : text;
        }

        @StemTask(name = "secure.flaky", maxRetries = 1)
        public String flaky(String text, TaskContext context) {
            if (context.attempt() == 0) {
                throw new IllegalStateException("fails on its first attempt");
            }
            return "ran on attempt " + context.attempt();
        }

        @StemTask(name = "secure.broken", maxRetries = 0)
        public String broken(String text, TaskContext context) {
            if (broken.get()) {
                throw new IllegalStateException("broken");
            }
            return text + " on attempt " + context.attempt();
        }

        @StemTask(name = "secure.other", maxRetries = 0)
        public String other(String text) {
            executed.add("task");
            return text;
        }
    }
}

package dev.stem.envelope;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EnvelopeCodecTests {

    private final EnvelopeCodec codec = new EnvelopeCodec();

    @Test
    void everyFieldSurvivesARoundTrip() {
        Envelope envelope = Envelope.builder("email.send").queue("mail").priority(7).attempt(2).maxRetries(5)
                .args(JsonNodeFactory.instance.objectNode().put("to", "a@b.c"))
                .headers(Map.of("traceparent", "00-abc-def-01"))
                .eta(Instant.parse("2026-01-31T12:00:00Z")).expiresAt(Instant.parse("2026-02-01T12:00:00Z"))
                .softTimeLimit(Duration.ofSeconds(30)).hardTimeLimit(Duration.ofMinutes(1))
                .parentId("p-1").rootId("r-1").groupId("g-1").createdAt(Instant.parse("2026-01-31T11:00:00Z"))
                .build();

        assertThat(this.codec.decode(this.codec.encode(envelope))).isEqualTo(envelope);
    }

    @Test
    void aMinimalHandWrittenMessageTakesTheDefaults() {
        Envelope envelope = this.codec.decode("{\"id\":\"abc-1\",\"task\":\"reports.build\"}");

        assertThat(envelope.queue()).isEqualTo("default");
        assertThat(envelope.args().isObject()).isTrue();
        assertThat(envelope.maxRetries()).isEqualTo(3);
        assertThat(envelope.priority()).isZero();
        assertThat(envelope.eta()).isNull();
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(this.codec.decode("{\"v\":1,\"id\":\"abc-1\",\"task\":\"t\",\"futureField\":{\"x\":1}}").task())
                .isEqualTo("t");
    }

    @Test
    void aNewerVersionIsRefused() {
        assertThatThrownBy(() -> this.codec.decode("{\"v\":2,\"id\":\"abc-1\",\"task\":\"t\"}"))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("v").hasMessageContaining("'2'");
    }

    @Test
    void errorsNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> this.codec.decode("{\"id\":\"abc-1\"}"))
                .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("task");
        assertThatThrownBy(() -> this.codec.decode("{\"id\":\"abc-1\",\"task\":\"t\",\"priority\":12}"))
                .hasMessageContaining("priority").hasMessageContaining("12");
        assertThatThrownBy(() -> this.codec.decode("{\"id\":\"abc-1\",\"task\":\"t\",\"eta\":\"tomorrow\"}"))
                .hasMessageContaining("eta").hasMessageContaining("tomorrow");
        assertThatThrownBy(() -> this.codec.decode("{\"id\":\"abc-1\",\"task\":\"t\",\"args\":\"x\"}"))
                .hasMessageContaining("args");
        assertThatThrownBy(() -> this.codec.decode("{\"id\":\"abc-1\",\"task\":\"t\",\"headers\":{\"n\":1}}"))
                .hasMessageContaining("headers.n");
        assertThatThrownBy(() -> this.codec.decode("{\"id\":\"abc-1\",\"task\":\"t\",\"softTimeLimitMs\":0}"))
                .hasMessageContaining("softTimeLimitMs").hasMessageContaining("'0'");
        assertThatThrownBy(() -> this.codec.decode("{\"id\":\"abc-1\",\"task\":\"t\",\"parentId\":\"a b\"}"))
                .hasMessageContaining("parentId");
        assertThatThrownBy(() -> this.codec.decode("not json")).isInstanceOf(InvalidEnvelopeException.class);
        assertThatThrownBy(() -> this.codec.decode("[1,2]")).isInstanceOf(InvalidEnvelopeException.class);
    }

    @Test
    void namesAreValidated() {
        assertThatThrownBy(() -> Envelope.builder("bad name").build()).isInstanceOf(InvalidEnvelopeException.class)
                .hasMessageContaining("task").hasMessageContaining("'bad name'");
        assertThatThrownBy(() -> Envelope.builder("ok").queue("no/slash").build())
                .hasMessageContaining("queue").hasMessageContaining("'no/slash'");
        assertThatThrownBy(() -> Envelope.builder("x".repeat(201)).build()).isInstanceOf(InvalidEnvelopeException.class);
        assertThat(Names.isValidTaskName("billing:invoice.send-v2_now")).isTrue();
        assertThat(Names.isValidQueueName("mail.high-priority_1")).isTrue();
        assertThat(Names.isValidQueueName("-leading-dash")).isFalse();
    }

    @Test
    void aHugeStringFieldIsRefusedWithAClearError() {
        EnvelopeCodec small = new EnvelopeCodec(64 * 1024);
        String huge = "{\"v\":1,\"id\":\"m1\",\"task\":\"t\",\"args\":{\"s\":\"" + "x".repeat(100_000) + "\"}}";

        assertThatThrownBy(() -> small.decode(huge)).isInstanceOf(EnvelopeTooLargeException.class)
                .hasMessageContaining("Invalid message").hasMessageContaining("65536 bytes")
                .hasMessageContaining("was not read");
        assertThatThrownBy(() -> small.decode(huge.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EnvelopeTooLargeException.class).hasMessageContaining("100");
    }

    @Test
    void theLimitIsTheWholeMessage() {
        String json = "{\"v\":1,\"id\":\"m1\",\"task\":\"t\",\"args\":{\"s\":\"" + "x".repeat(990) + "\"}}";

        assertThat(new EnvelopeCodec(json.length()).decode(json).args().get("s").asString()).hasSize(990);
        assertThatThrownBy(() -> new EnvelopeCodec(json.length() - 1).decode(json))
                .isInstanceOf(EnvelopeTooLargeException.class);
    }

    @Test
    void nestingDeeperThanTheLimitIsRefused() {
        String deep = "[".repeat(EnvelopeCodec.MAX_NESTING_DEPTH + 5) + "]".repeat(EnvelopeCodec.MAX_NESTING_DEPTH + 5);
        String json = "{\"v\":1,\"id\":\"m1\",\"task\":\"t\",\"args\":{\"deep\":" + deep + "}}";

        assertThatThrownBy(() -> this.codec.decode(json)).isInstanceOf(EnvelopeTooLargeException.class)
                .hasMessageContaining("nesting depth " + EnvelopeCodec.MAX_NESTING_DEPTH);
    }

    @Test
    void aNumberLongerThanTheLimitIsRefused() {
        String digits = "9".repeat(EnvelopeCodec.MAX_NUMBER_LENGTH + 1);

        assertThatThrownBy(() -> this.codec.decode("{\"id\":\"a\",\"task\":\"t\",\"args\":[" + digits + "]}"))
                .isInstanceOf(EnvelopeTooLargeException.class).hasMessageContaining("number length");
    }
}

package dev.stem.envelope;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class NamesTests {

    @Test
    void taskNamesAreLettersDigitsDotsUnderscoresColonsAndDashesStartingAlphanumeric() {
        assertThat(Names.isValidTaskName("emails.send")).isTrue();
        assertThat(Names.isValidTaskName("a:B_9-x.y")).isTrue();
        assertThat(Names.isValidTaskName("9lives")).isTrue();
        assertThat(Names.isValidTaskName("x".repeat(200))).isTrue();
        assertThat(Names.isValidTaskName("x".repeat(201))).isFalse();
        assertThat(Names.isValidTaskName("")).isFalse();
        assertThat(Names.isValidTaskName(null)).isFalse();
        assertThat(Names.isValidTaskName(".hidden")).isFalse();
        assertThat(Names.isValidTaskName(":a")).isFalse();
        assertThat(Names.isValidTaskName("send mail")).isFalse();
        assertThat(Names.isValidTaskName("café")).isFalse();
        assertThat(Names.isValidTaskName("a/b")).isFalse();
    }

    @Test
    void queueNamesRefuseColons() {
        assertThat(Names.isValidQueueName("mail-high.v2_x")).isTrue();
        assertThat(Names.isValidQueueName("x".repeat(100))).isTrue();
        assertThat(Names.isValidQueueName("x".repeat(101))).isFalse();
        assertThat(Names.isValidQueueName("a:b")).isFalse();
        assertThat(Names.isValidQueueName("-a")).isFalse();
        assertThat(Names.isValidQueueName("{a}")).isFalse();
    }

    @Test
    void idsMayStartWithAnyAllowedCharacter() {
        assertThat(Names.requireId("id", ":a.b_c-1")).isEqualTo(":a.b_c-1");
        assertThat(Names.requireId("id", "x".repeat(128))).hasSize(128);
        assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> Names.requireId("id", "x".repeat(129)))
                .withMessageContaining("id");
        assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> Names.requireId("parentId", "a b"))
                .withMessageContaining("parentId").withMessageContaining("a b");
        assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> Names.requireId("id", null))
                .withMessageContaining("null");
    }

    @Test
    void aRefusedNameIsNamedWithTheRule() {
        assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> Names.requireTaskName("bad name"))
                .withMessageContaining("task").withMessageContaining("bad name").withMessageContaining("1-200");
        assertThatExceptionOfType(InvalidEnvelopeException.class).isThrownBy(() -> Names.requireQueueName("q:1"))
                .withMessageContaining("queue").withMessageContaining("q:1");
    }
}

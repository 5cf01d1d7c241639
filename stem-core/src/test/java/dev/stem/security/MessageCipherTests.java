package dev.stem.security;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.middleware.MessageRejectedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCipherTests {

    private static final byte[] K1 = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static final byte[] K2 = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);

    private final MessageCipher cipher = new MessageCipher(new KeyRing("k1", Map.of("k1", K1), 16));

    private final Envelope message = Envelope.builder("card.charge").id("m-1")
            .args(JsonNodeFactory.instance.objectNode().put("card", "4111-1111-1111-1111").put("cents", 1250))
            .build();

    @Test
    void argumentsAreStoredEncryptedAndDecryptForTheTask() {
        Envelope encrypted = this.cipher.encrypt(this.message);
        String stored = new EnvelopeCodec().encode(encrypted);

        assertThat(stored).doesNotContain("4111").doesNotContain("1250").contains("stem-encrypted").contains("k1:");
        assertThat(this.cipher.decrypt(encrypted).args()).isEqualTo(this.message.args());
    }

    @Test
    void everyMessageGetsAFreshNonce() {
        assertThat(this.cipher.encrypt(this.message).args()).isNotEqualTo(this.cipher.encrypt(this.message).args());
    }

    @Test
    void aFlippedBitAMovedCiphertextAndPlaintextArgumentsAreRejected() {
        Envelope encrypted = this.cipher.encrypt(this.message);
        String value = encrypted.args().get(MessageCipher.ENCRYPTED_PROPERTY).stringValue();
        char last = value.charAt(value.length() - 5);
        String flipped = value.substring(0, value.length() - 5) + (last == 'A' ? 'B' : 'A') + value.substring(value.length() - 4);

        rejected(encrypted.toBuilder().args(args(flipped)).build(), "do not decrypt");
        rejected(encrypted.toBuilder().id("m-2").build(), "do not decrypt");
        rejected(this.message, "not encrypted");
        rejected(encrypted.toBuilder().args(args("k1:abc")).build(), "not '<key id>:<nonce>:<ciphertext>'");
    }

    @Test
    void rotationDecryptsThePreviousKeyAndRefusesARetiredOne() {
        MessageCipher rotating = new MessageCipher(new KeyRing("k2", Map.of("k1", K1, "k2", K2), 16));
        MessageCipher retired = new MessageCipher(new KeyRing("k2", Map.of("k2", K2), 16));
        Envelope byOld = this.cipher.encrypt(this.message);

        assertThat(rotating.decrypt(byOld).args()).isEqualTo(this.message.args());
        assertThat(rotating.encrypt(this.message).args().get(MessageCipher.ENCRYPTED_PROPERTY).stringValue())
                .startsWith("k2:");
        assertThatThrownBy(() -> retired.decrypt(byOld)).hasMessageContaining("key 'k1'")
                .hasMessageContaining("unknown or retired");
    }

    private static ObjectNode args(String value) {
        return JsonNodeFactory.instance.objectNode().put(MessageCipher.ENCRYPTED_PROPERTY, value);
    }

    private void rejected(Envelope envelope, String why) {
        assertThatThrownBy(() -> this.cipher.decrypt(envelope)).isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining(why).hasMessageNotContaining("4111")
                .extracting(e -> ((MessageRejectedException) e).reason()).isEqualTo(DeadLetterReason.DECRYPT_FAILED);
    }
}

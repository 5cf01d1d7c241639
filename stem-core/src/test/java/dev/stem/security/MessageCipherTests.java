package dev.stem.security;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.DeadLetterReason;
import dev.stem.canvas.SlotMessage;
import dev.stem.client.ResultDecryptionException;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.middleware.MessageRejectedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageCipherTests {

    private static final byte[] K1 = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);

    private static final byte[] K2 = "fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.UTF_8);

    private static final String SECRET = "marker-7f3c-secret";

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

    @Test
    void aResultIsStoredEncryptedForItsTaskAndReadDecrypted() {
        TaskResult record = success("r-1", "card.lookup", JsonNodeFactory.instance.objectNode().put("pan", SECRET));

        TaskResult sealed = this.cipher.seal(record);

        assertThat(sealed.result().toString()).doesNotContain(SECRET).startsWith("{\"stem-encrypted\":\"k1:");
        assertThat(sealed.result()).isNotEqualTo(this.cipher.seal(record).result());
        assertThat(sealed).usingRecursiveComparison().ignoringFields("result").isEqualTo(record);
        assertThat(this.cipher.open(sealed)).isEqualTo(record);
    }

    /// A result is not a message: nested deeper than a message may be, it still reads back.
    @Test
    void aResultNestedDeeperThanAMessageMayBeReadsBack() {
        ObjectNode deep = JsonNodeFactory.instance.objectNode();
        ObjectNode level = deep;
        for (int i = 0; i < EnvelopeCodec.MAX_NESTING_DEPTH + 50; i++) {
            level = level.putObject("child");
        }
        TaskResult record = success("r-deep", "tree.build", deep);

        assertThat(this.cipher.open(this.cipher.seal(record))).isEqualTo(record);
    }

    @Test
    void aNullResultIsEncryptedTooAndOtherStatesAreKeptAsTheyAre() {
        TaskResult none = success("r-1", "card.lookup", null);
        TaskResult failed = new TaskResult("r-2", "card.lookup", TaskState.FAILURE, null, null, Map.of(), 0,
                Instant.EPOCH);

        assertThat(this.cipher.seal(none).result().has(MessageCipher.ENCRYPTED_PROPERTY)).isTrue();
        assertThat(this.cipher.open(this.cipher.seal(none))).isEqualTo(none);
        assertThat(this.cipher.seal(failed)).isSameAs(failed);
        assertThat(this.cipher.open(failed)).isSameAs(failed);
    }

    @Test
    void aFlippedBitAMovedCiphertextAndAPlaintextResultFailTheReadNamingTheTaskAndKey() {
        TaskResult sealed = this.cipher.seal(success("r-1", "card.lookup", JsonNodeFactory.instance.stringNode(SECRET)));
        String value = sealed.result().get(MessageCipher.ENCRYPTED_PROPERTY).stringValue();
        char last = value.charAt(value.length() - 5);
        String flipped = value.substring(0, value.length() - 5) + (last == 'A' ? 'B' : 'A')
                + value.substring(value.length() - 4);

        unreadable(success("r-1", "card.lookup", args(flipped)), "k1", "does not decrypt with key 'k1'");
        unreadable(success("r-2", "card.lookup", sealed.result()), "k1", "encrypted for another result");
        unreadable(success("r-1", "card.other", sealed.result()), "k1", "encrypted for another result");
        unreadable(success("r-1", "card.lookup", JsonNodeFactory.instance.stringNode(SECRET)), null,
                "not encrypted and encryption is required");
    }

    @Test
    void whileEncryptionIsTurnedOnPlaintextResultsCanBeAcceptedButATamperedCiphertextStillFails() {
        MessageCipher migrating = new MessageCipher(new KeyRing("k1", Map.of("k1", K1), 16), true);
        TaskResult plain = success("r-1", "card.lookup", JsonNodeFactory.instance.stringNode(SECRET));
        TaskResult none = success("r-2", "card.lookup", null);
        TaskResult sealed = migrating.seal(plain);

        assertThat(migrating.open(plain)).isEqualTo(plain);
        assertThat(migrating.open(none)).isEqualTo(none);
        assertThat(migrating.open(sealed)).isEqualTo(plain);
        assertThat(sealed.result().toString()).doesNotContain(SECRET);
        assertThatThrownBy(() -> migrating.open(success("r-9", "card.lookup", sealed.result())))
                .isInstanceOf(ResultDecryptionException.class);
    }

    @Test
    void rotationReadsAResultOfThePreviousKeyAndRefusesARetiredOne() {
        MessageCipher rotating = new MessageCipher(new KeyRing("k2", Map.of("k1", K1, "k2", K2), 16));
        MessageCipher retired = new MessageCipher(new KeyRing("k2", Map.of("k2", K2), 16));
        TaskResult record = success("r-1", "card.lookup", JsonNodeFactory.instance.stringNode(SECRET));
        TaskResult byOld = this.cipher.seal(record);

        assertThat(rotating.open(byOld)).isEqualTo(record);
        assertThat(rotating.seal(record).result().get(MessageCipher.ENCRYPTED_PROPERTY).stringValue()).startsWith("k2:");
        assertThatThrownBy(() -> retired.open(byOld)).isInstanceOf(ResultDecryptionException.class)
                .hasMessageContaining("r-1").hasMessageContaining("key 'k1'").hasMessageContaining("unknown or retired")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void aChordBodyGetsItsMembersResultsDecryptedOnlyForItsOwnChord() {
        Envelope body = this.cipher.encrypt(Envelope.builder("report.sum").id("body-1").rootId("chord-1")
                .args(JsonNodeFactory.instance.arrayNode().add(SlotMessage.TOKEN_PREFIX + "t1").add("tag")).build());
        JsonNode first = this.cipher.sealChordResult("chord-1", JsonNodeFactory.instance.numberNode(1));
        JsonNode second = this.cipher.sealChordResult("chord-1", JsonNodeFactory.instance.stringNode(SECRET));
        JsonNode elsewhere = this.cipher.sealChordResult("chord-2", JsonNodeFactory.instance.numberNode(3));

        Envelope received = this.cipher.decrypt(filled(body, first, second));

        assertThat(received.args().toString()).isEqualTo("[[1,\"" + SECRET + "\"],\"tag\"]");
        rejected(filled(body, first, elsewhere), "the result of chord member 1 does not decrypt");
        rejected(filled(body, first, JsonNodeFactory.instance.numberNode(2)),
                "the result of chord member 1 is not encrypted");
    }

    private static Envelope filled(Envelope body, JsonNode... results) {
        ObjectNode args = ((ObjectNode) body.args()).deepCopy();
        args.putArray("stem-slot").addArray().addAll(List.of(results));
        return body.toBuilder().args(args).build();
    }

    private static TaskResult success(String id, String task, JsonNode value) {
        return new TaskResult(id, task, TaskState.SUCCESS, value, null, Map.of("workerId", "w-1"), 0, 3,
                Instant.EPOCH);
    }

    private void unreadable(TaskResult record, String keyId, String why) {
        assertThatThrownBy(() -> this.cipher.open(record)).isInstanceOf(ResultDecryptionException.class)
                .hasMessageContaining(record.taskId()).hasMessageContaining(why).hasMessageNotContaining(SECRET)
                .satisfies(e -> assertThat(((ResultDecryptionException) e).keyId()).isEqualTo(keyId));
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

package dev.stem.security;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;
import dev.stem.middleware.MessageRejectedException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageSignerTests {

    private static final byte[] K1 = "k1-secret-k1-secret-k1-secret-k1".getBytes(StandardCharsets.UTF_8);

    private static final byte[] K2 = "k2-secret-k2-secret-k2-secret-k2".getBytes(StandardCharsets.UTF_8);

    private final MessageSigner signer = new MessageSigner(new KeyRing("k1", Map.of("k1", K1), 32));

    private final Envelope message = Envelope.builder("email.send").id("m-1").queue("mail")
            .args(JsonNodeFactory.instance.objectNode().put("to", "a@b.c"))
            .headers(Map.of("tenant", "acme", "traceparent", "00-1-2-01"))
            .expiresAt(Instant.parse("2030-01-01T00:00:00Z")).createdAt(Instant.parse("2026-01-31T12:00:00.123456Z"))
            .build();

    @Test
    void aSignedMessageVerifies() {
        Envelope signed = this.signer.sign(this.message);

        assertThat(signed.headers().get(SignedContent.SIGNATURE_HEADER)).startsWith("k1:");
        assertThat(this.signer.verify(signed)).isSameAs(signed);
    }

    @Test
    void traceHeadersDoNotBreakTheSignature() {
        Envelope signed = this.signer.sign(this.message);
        Map<String, String> headers = new HashMap<>(signed.headers());
        headers.put("traceparent", "00-3-4-01");

        assertThat(this.signer.verify(signed.toBuilder().headers(headers).build())).isNotNull();
    }

    @Test
    void aRetryOrAReplayIsSignedAgainAfterItsFormerSelfIsChecked() {
        Envelope signed = this.signer.sign(this.message);
        Envelope retry = signed.nextAttempt(Instant.now().plusSeconds(5));
        Envelope replay = signed.replayed();

        rejected(retry, "does not match");
        rejected(replay, "does not match");
        assertThat(this.signer.verify(this.signer.resign(signed, retry))).isNotNull();
        assertThat(this.signer.verify(this.signer.resign(signed, replay))).isNotNull();
        Envelope tampered = signed.toBuilder().args(JsonNodeFactory.instance.objectNode().put("to", "evil@b.c")).build();
        assertThatThrownBy(() -> this.signer.resign(tampered, tampered.replayed()))
                .isInstanceOf(MessageRejectedException.class).hasMessageContaining("does not match");
    }

    @Test
    void everyChangeThatMattersIsRejected() {
        Envelope signed = this.signer.sign(this.message);

        rejected(signed.toBuilder().args(JsonNodeFactory.instance.objectNode().put("to", "evil@b.c")).build(),
                "does not match");
        rejected(signed.toBuilder().task("email.sendAll").build(), "does not match");
        rejected(signed.toBuilder().queue("other").build(), "does not match");
        rejected(signed.toBuilder().priority(9).build(), "does not match");
        rejected(signed.toBuilder().expiresAt(null).build(), "does not match");
        rejected(signed.toBuilder().eta(Instant.parse("2030-01-01T00:00:00Z")).build(), "does not match");
        rejected(signed.toBuilder().attempt(1).build(), "does not match");
        rejected(signed.toBuilder().maxRetries(100).build(), "does not match");
        rejected(signed.toBuilder().hardTimeLimit(Duration.ofDays(1)).build(), "does not match");
        Map<String, String> headers = new HashMap<>(signed.headers());
        headers.put("tenant", "other");
        rejected(signed.toBuilder().headers(headers).build(), "does not match");
        headers.remove(SignedContent.SIGNATURE_HEADER);
        rejected(signed.toBuilder().headers(headers).build(), "no stem-signature header");
    }

    @Test
    void unknownAndRetiredKeysAreRejectedAndThePreviousKeyVerifiesDuringRotation() {
        MessageSigner old = new MessageSigner(new KeyRing("k1", Map.of("k1", K1), 32));
        MessageSigner rotating = new MessageSigner(new KeyRing("k2", Map.of("k1", K1, "k2", K2), 32));
        MessageSigner retired = new MessageSigner(new KeyRing("k2", Map.of("k2", K2), 32));
        MessageSigner stranger = new MessageSigner(new KeyRing("k9", Map.of("k9", K2), 32));
        Envelope byOld = old.sign(this.message);

        assertThat(rotating.verify(byOld)).isSameAs(byOld);
        assertThatThrownBy(() -> old.verify(rotating.sign(this.message))).hasMessageContaining("key 'k2'");
        assertThatThrownBy(() -> retired.verify(byOld)).isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining("key 'k1'").hasMessageContaining("unknown or retired");
        assertThatThrownBy(() -> this.signer.verify(stranger.sign(this.message)))
                .hasMessageContaining("key 'k9'");
    }

    @Test
    void aMessageSignedUnderAnotherKeyIdWithTheSameBytesIsRejected() {
        MessageSigner twin = new MessageSigner(new KeyRing("k2", Map.of("k1", K1, "k2", K1), 32));
        Envelope signed = twin.sign(this.message);
        String forged = signed.headers().get(SignedContent.SIGNATURE_HEADER).replaceFirst("^k2:", "k1:");
        Map<String, String> headers = new HashMap<>(signed.headers());
        headers.put(SignedContent.SIGNATURE_HEADER, forged);

        assertThatThrownBy(() -> twin.verify(signed.toBuilder().headers(headers).build()))
                .hasMessageContaining("does not match");
    }

    @Test
    void aMessageSignedByThePythonExampleOfTheDocsVerifies() {
        String python = "{\"v\": 1, \"id\": \"9e107d9d-372b-4b6e-8a3c-5f2d1e0b7c6a\", \"task\": \"email.send\", \"queue\": \"mail\", \"args\": {\"to\": \"a@b.c\", \"subject\": \"Grüße\", \"amount\": 12.5, \"tags\": [\"x\", \"y\"]}, \"headers\": {\"tenant\": \"acme\", \"traceparent\": \"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01\", \"stem-signature\": \"k1:DVCunQ6Fub31y5nEQb1WEzfkWlsa4Bl-iEu6yWTxj8E\"}, \"priority\": 0, \"attempt\": 0, \"maxRetries\": 3, \"eta\": \"2026-01-31T12:00:08.123Z\", \"expiresAt\": \"2030-01-31T13:00:00Z\", \"createdAt\": \"2026-01-31T11:59:58.123456Z\"}";
        MessageSigner docs = new MessageSigner(new KeyRing("k1", Map.of("k1",
                java.util.Base64.getDecoder().decode("c3RlbS1kb2NzLWV4YW1wbGUta2V5LTMyLWJ5dGVzISE=")), 32));
        Envelope envelope = new dev.stem.envelope.EnvelopeCodec().decode(python);

        assertThat(docs.verify(envelope)).isSameAs(envelope);
        for (String[] change : new String[][] { { "a@b.c", "x@b.c" }, { "12:00:08.123Z", "12:00:09.123Z" },
                { "\"attempt\": 0", "\"attempt\": 1" }, { "\"maxRetries\": 3", "\"maxRetries\": 9" } }) {
            assertThatThrownBy(() -> docs.verify(new dev.stem.envelope.EnvelopeCodec()
                    .decode(python.replace(change[0], change[1])))).hasMessageContaining("does not match");
        }
    }

    @Test
    void keysAreNeverShown() {
        assertThat(this.signer.toString()).contains("k1").doesNotContain("secret");
        assertThatThrownBy(() -> new MessageSigner(new KeyRing("k1", Map.of("k1", new byte[8]), 1)))
                .hasMessageContaining("at least 32 bytes");
    }

    private void rejected(Envelope envelope, String why) {
        assertThatThrownBy(() -> this.signer.verify(envelope)).isInstanceOf(MessageRejectedException.class)
                .hasMessageContaining(why).extracting(e -> ((MessageRejectedException) e).reason())
                .isEqualTo(DeadLetterReason.SIGNATURE_INVALID);
    }
}

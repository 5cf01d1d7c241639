package dev.stem.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;
import dev.stem.middleware.MessageRejectedException;

/// Signs every message at enqueue with HMAC-SHA256 over its [SignedContent] and the active key of
/// its [KeyRing], in the header [SignedContent#SIGNATURE_HEADER] (`<key id>:<signature>`), and
/// verifies every received message before anything of it is used. A message without a signature,
/// with one naming a key the ring does not hold (unknown, or retired), or with one that does not
/// match (compared in constant time) is rejected `signature-invalid` and never runs.
///
/// Use [#sign] as the last [dev.stem.middleware.EnqueueInterceptor], so it signs what is published
/// (encrypted arguments included), [#verify] as the first
/// [dev.stem.middleware.ReceiveInterceptor], so nothing is decrypted or bound unverified, and
/// [#resign] as the last [dev.stem.middleware.RepublishInterceptor], so a retry, a postponement or
/// a dead-letter replay is signed again for its new `eta`, `attempt` and `maxRetries`. Thread-safe.
public final class MessageSigner {

    /// The HMAC key length at least required: 32 bytes (256 bits).
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";

    private final KeyRing keys;

    /// A signer with `keys`, each at least [#MIN_KEY_BYTES] long.
    public MessageSigner(KeyRing keys) {
        this.keys = keys;
        keys.keyIds().forEach(id -> {
            if (keys.key(id).orElseThrow().length < MIN_KEY_BYTES) {
                throw new IllegalArgumentException("signing key '" + id + "' must be at least " + MIN_KEY_BYTES
                        + " bytes");
            }
        });
    }

    /// `envelope` with its signature header set, signed with the active key.
    public Envelope sign(Envelope envelope) {
        String keyId = this.keys.activeKeyId();
        Map<String, String> headers = new LinkedHashMap<>(envelope.headers());
        String slot = ChordSlot.tokenIn(envelope.args());
        if (slot != null) {
            headers.put(ChordSlot.HEADER, ChordSlot.headerValue(slot, envelope.args()));
            envelope = envelope.toBuilder().headers(headers).build();
        }
        byte[] signature = hmac(this.keys.activeKey(), SignedContent.of(envelope, keyId));
        headers.put(SignedContent.SIGNATURE_HEADER,
                keyId + ":" + Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        return envelope.toBuilder().headers(headers).build();
    }

    /// `next` signed with the active key, once the signature of `stored`, the message it was derived
    /// from, is checked: a message is never signed again unless its former self was signed.
    ///
    /// @throws MessageRejectedException `signature-invalid` when the signature of `stored` does not hold
    public Envelope resign(Envelope stored, Envelope next) {
        verify(stored);
        return sign(next);
    }

    /// Returns `envelope` once its signature is checked.
    ///
    /// @throws MessageRejectedException `signature-invalid` when it is missing, names a key not in
    ///         the ring, or does not match
    public Envelope verify(Envelope envelope) {
        String header = envelope.headers().get(SignedContent.SIGNATURE_HEADER);
        if (header == null) {
            throw rejected(envelope, "it has no " + SignedContent.SIGNATURE_HEADER + " header and signing is required");
        }
        int colon = header.indexOf(':');
        if (colon < 1) {
            throw rejected(envelope, "its " + SignedContent.SIGNATURE_HEADER
                    + " header is not '<key id>:<signature>'");
        }
        String keyId = header.substring(0, colon);
        byte[] key = KeyRing.isKeyId(keyId) ? this.keys.key(keyId).orElse(null) : null;
        if (key == null) {
            throw rejected(envelope, "it is signed with key '" + (KeyRing.isKeyId(keyId) ? keyId : "(malformed)")
                    + "', which is not among the verification keys " + this.keys.keyIds()
                    + " (unknown or retired)");
        }
        byte[] given;
        try {
            given = Base64.getUrlDecoder().decode(header.substring(colon + 1));
        }
        catch (IllegalArgumentException ex) {
            throw rejected(envelope, "its signature is not base64url");
        }
        byte[] expected = hmac(key, SignedContent.of(envelope, keyId));
        if (!MessageDigest.isEqual(expected, given)) {
            throw rejected(envelope, "its signature (key '" + keyId + "') does not match its contents");
        }
        return envelope;
    }

    private static MessageRejectedException rejected(Envelope envelope, String why) {
        return new MessageRejectedException(DeadLetterReason.SIGNATURE_INVALID, "Message " + envelope.id()
                + " of task '" + envelope.task() + "' is not run: " + why);
    }

    private static byte[] hmac(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(key, ALGORITHM));
            return mac.doFinal(content);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("HMAC-SHA256 is not available", ex);
        }
    }

    @Override
    public String toString() {
        return "MessageSigner[" + this.keys + "]";
    }
}

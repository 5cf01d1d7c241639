package dev.stem.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.middleware.MessageRejectedException;

/// Encrypts a message's arguments at enqueue with AES-GCM under the active key of its [KeyRing],
/// with a fresh random 96-bit nonce per message, and decrypts them for the task on the worker.
/// The stored arguments become `{"stem-encrypted": "<key id>:<nonce>:<ciphertext and tag>"}`
/// (base64url without padding); the message id and task name are authenticated with them, so
/// ciphertext cannot be moved to another message. The plaintext exists only in the producer's
/// and the running task's memory: the stored message, its retries and its dead letter keep the
/// ciphertext.
///
/// A chord callback's slot (its first arguments, filled in by the chord store) stays outside the
/// ciphertext, beside it (see [ChordSlot]), so the store can fill it; it holds the members'
/// results or a member's error, which are stored unencrypted anyway.
///
/// A received message whose arguments are not encrypted, name a key the ring does not hold, or
/// do not authenticate (a flipped bit) is rejected `decrypt-failed`, naming no plaintext.
/// Thread-safe.
public final class MessageCipher {

    /// The property that holds encrypted arguments.
    public static final String ENCRYPTED_PROPERTY = "stem-encrypted";

    private static final int NONCE_BYTES = 12;

    private static final int TAG_BITS = 128;

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final KeyRing keys;

    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(EnvelopeCodec.MAX_NESTING_DEPTH)
                    .maxNumberLength(EnvelopeCodec.MAX_NUMBER_LENGTH).build()).build()).build();

    private final SecureRandom random = new SecureRandom();

    /// A cipher with `keys`, each 16, 24 or 32 bytes (AES-128, -192 or -256).
    public MessageCipher(KeyRing keys) {
        for (String id : keys.keyIds()) {
            int length = keys.key(id).orElseThrow().length;
            if (length != 16 && length != 24 && length != 32) {
                throw new IllegalArgumentException("encryption key '" + id + "' must be 16, 24 or 32 bytes, was "
                        + length);
            }
        }
        this.keys = keys;
    }

    /// `envelope` with its arguments encrypted under the active key.
    public Envelope encrypt(Envelope envelope) {
        String keyId = this.keys.activeKeyId();
        byte[] nonce = new byte[NONCE_BYTES];
        this.random.nextBytes(nonce);
        String slot = ChordSlot.tokenIn(envelope.args());
        JsonNode protectedArgs = envelope.args();
        if (slot != null) {
            ArrayNode rest = ((ArrayNode) envelope.args()).deepCopy();
            rest.remove(0);
            protectedArgs = rest;
        }
        byte[] plaintext = this.mapper.writeValueAsBytes(protectedArgs);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, this.keys.activeKey(), nonce, aad(envelope), plaintext);
        ObjectNode args = JsonNodeFactory.instance.objectNode();
        args.put(ENCRYPTED_PROPERTY, keyId + ":" + BASE64.encodeToString(nonce) + ":"
                + BASE64.encodeToString(ciphertext));
        if (slot != null) {
            args.putArray(ChordSlot.ENCRYPTED_SLOT_PROPERTY).add(slot);
        }
        return envelope.toBuilder().args(args).build();
    }

    /// `envelope` with its arguments decrypted.
    ///
    /// @throws MessageRejectedException `decrypt-failed` when they are not encrypted, name a key
    ///         the ring does not hold, or do not authenticate
    public Envelope decrypt(Envelope envelope) {
        JsonNode slot = envelope.args().isObject() ? envelope.args().get(ChordSlot.ENCRYPTED_SLOT_PROPERTY) : null;
        JsonNode value = envelope.args().size() == (slot == null ? 1 : 2) ? envelope.args().get(ENCRYPTED_PROPERTY)
                : null;
        if (value == null || !value.isString()) {
            throw rejected(envelope, "its arguments are not encrypted and encryption is required");
        }
        String[] parts = value.stringValue().split(":", -1);
        if (parts.length != 3) {
            throw rejected(envelope, "its encrypted arguments are not '<key id>:<nonce>:<ciphertext>'");
        }
        byte[] key = KeyRing.isKeyId(parts[0]) ? this.keys.key(parts[0]).orElse(null) : null;
        if (key == null) {
            throw rejected(envelope, "its arguments are encrypted with key '"
                    + (KeyRing.isKeyId(parts[0]) ? parts[0] : "(malformed)")
                    + "', which is not among the decryption keys " + this.keys.keyIds() + " (unknown or retired)");
        }
        try {
            byte[] nonce = Base64.getUrlDecoder().decode(parts[1]);
            byte[] ciphertext = Base64.getUrlDecoder().decode(parts[2]);
            if (nonce.length != NONCE_BYTES) {
                throw rejected(envelope, "its nonce is not " + NONCE_BYTES + " bytes");
            }
            byte[] plaintext = crypt(Cipher.DECRYPT_MODE, key, nonce, aad(envelope), ciphertext);
            JsonNode args = this.mapper.readTree(plaintext);
            if (slot != null) {
                if (!args.isArray() || !slot.isArray()) {
                    throw rejected(envelope, "its chord slot or its encrypted arguments are not an array");
                }
                ArrayNode filled = ((ArrayNode) slot).deepCopy();
                filled.addAll((ArrayNode) args);
                args = filled;
            }
            return envelope.toBuilder().args(args).build();
        }
        catch (IllegalArgumentException | JacksonException | IllegalStateException ex) {
            throw rejected(envelope, "its arguments do not decrypt with key '" + parts[0]
                    + "' (tampered, or encrypted for another message)");
        }
    }

    private static byte[] aad(Envelope envelope) {
        return ("stem-args:" + envelope.id() + ":" + envelope.task()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] crypt(int mode, byte[] key, byte[] nonce, byte[] aad, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        }
        catch (GeneralSecurityException ex) {
            throw new IllegalStateException("AES-GCM failed", ex);
        }
    }

    private static MessageRejectedException rejected(Envelope envelope, String why) {
        return new MessageRejectedException(DeadLetterReason.DECRYPT_FAILED, "Message " + envelope.id()
                + " of task '" + envelope.task() + "' is not run: " + why);
    }

    @Override
    public String toString() {
        return "MessageCipher[" + this.keys + "]";
    }
}

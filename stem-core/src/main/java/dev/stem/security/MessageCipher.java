package dev.stem.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.NullNode;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.broker.DeadLetterReason;
import dev.stem.client.ResultDecryptionException;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.middleware.MessageRejectedException;
import dev.stem.middleware.ResultSealer;

/// Encrypts, with AES-GCM under the active key of its [KeyRing] and a fresh random 96-bit nonce
/// each time, a message's arguments at enqueue (decrypted for the task on the worker) and, as a
/// [ResultSealer], every task result value before it is stored (decrypted where a user reads it).
/// Each encrypted value is `{"stem-encrypted": "<key id>:<nonce>:<ciphertext and tag>"}`
/// (base64url without padding), authenticated with what it belongs to, so a ciphertext cannot be
/// moved elsewhere: arguments with their message id and task name, a result with its task id and
/// task name, a chord member's result with its chord id. The plaintext exists only in the
/// producer's, the running task's and the reader's memory: the stored message, its retries and its
/// dead letter, the stored result and the chord store keep the ciphertext.
///
/// A chord callback's slot (its first arguments, filled in by the chord store) stays outside the
/// arguments' ciphertext, beside it (see [ChordSlot]), so the store can fill it: a body's slot
/// holds its members' results, each encrypted for the chord, opened here before the body runs; an
/// error callback's holds a failed member's id and error, which are not encrypted.
///
/// A received message whose arguments (or, for a chord body, members' results) are not encrypted,
/// name a key the ring does not hold, or do not authenticate (a flipped bit) is rejected
/// `decrypt-failed`; a stored result that does not decrypt fails its read with
/// [ResultDecryptionException]. Neither names any plaintext. A result that is not encrypted is
/// refused the same way unless the cipher was made to accept them (while encryption is being
/// turned on). Thread-safe.
public final class MessageCipher implements ResultSealer {

    /// The property that holds an encrypted value.
    public static final String ENCRYPTED_PROPERTY = "stem-encrypted";

    private static final int NONCE_BYTES = 12;

    private static final int TAG_BITS = 128;

    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private static final Subject ARGUMENTS = new Subject("its arguments", "are", "do", "another message");

    private static final Subject RESULT = new Subject("it", "is", "does", "another result");

    private final KeyRing keys;

    private final boolean acceptPlaintextResults;

    /// Reads decrypted arguments and chord members' results, which travel in messages: within the
    /// limits of a message.
    private final JsonMapper mapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNestingDepth(EnvelopeCodec.MAX_NESTING_DEPTH)
                    .maxNumberLength(EnvelopeCodec.MAX_NUMBER_LENGTH).build()).build()).build();

    /// Reads decrypted task results, which are not messages: as deep as Jackson writes them, so a
    /// result a worker could seal can be opened.
    private final JsonMapper resultMapper = JsonMapper.builder(JsonFactory.builder().streamReadConstraints(
            StreamReadConstraints.builder().maxNumberLength(EnvelopeCodec.MAX_NUMBER_LENGTH).build()).build())
            .build();

    private final SecureRandom random = new SecureRandom();

    /// A cipher with `keys`, each 16, 24 or 32 bytes (AES-128, -192 or -256), that refuses
    /// results that are not encrypted.
    public MessageCipher(KeyRing keys) {
        this(keys, false);
    }

    /// A cipher with `keys`, each 16, 24 or 32 bytes (AES-128, -192 or -256); with
    /// `acceptPlaintextResults` a stored result (or chord member's result) that is not encrypted is
    /// read as it is, for the time encryption is being turned on while workers that do not encrypt
    /// results yet may still write them. Arguments must be encrypted either way.
    public MessageCipher(KeyRing keys, boolean acceptPlaintextResults) {
        for (String id : keys.keyIds()) {
            int length = keys.key(id).orElseThrow().length;
            if (length != 16 && length != 24 && length != 32) {
                throw new IllegalArgumentException("encryption key '" + id + "' must be 16, 24 or 32 bytes, was "
                        + length);
            }
        }
        this.keys = keys;
        this.acceptPlaintextResults = acceptPlaintextResults;
    }

    /// `envelope` with its arguments encrypted under the active key.
    public Envelope encrypt(Envelope envelope) {
        String slot = ChordSlot.tokenIn(envelope.args());
        JsonNode protectedArgs = envelope.args();
        if (slot != null) {
            ArrayNode rest = ((ArrayNode) envelope.args()).deepCopy();
            rest.remove(0);
            protectedArgs = rest;
        }
        ObjectNode args = encrypted(protectedArgs, argumentsAad(envelope));
        if (slot != null) {
            args.putArray(ChordSlot.ENCRYPTED_SLOT_PROPERTY).add(slot);
        }
        return envelope.toBuilder().args(args).build();
    }

    /// `envelope` with its arguments decrypted, and for a chord body its members' results.
    ///
    /// @throws MessageRejectedException `decrypt-failed` when they are not encrypted, name a key
    ///         the ring does not hold, or do not authenticate
    public Envelope decrypt(Envelope envelope) {
        JsonNode slot = envelope.args().isObject() ? envelope.args().get(ChordSlot.ENCRYPTED_SLOT_PROPERTY) : null;
        JsonNode args;
        try {
            args = decrypted(envelope.args(), slot == null ? 1 : 2, argumentsAad(envelope), ARGUMENTS, this.mapper);
        }
        catch (Undecryptable ex) {
            throw rejected(envelope, ex.getMessage());
        }
        if (slot != null) {
            if (!args.isArray() || !slot.isArray()) {
                throw rejected(envelope, "its chord slot or its encrypted arguments are not an array");
            }
            ArrayNode filled = memberResults(envelope, (ArrayNode) slot);
            filled.addAll((ArrayNode) args);
            args = filled;
        }
        return envelope.toBuilder().args(args).build();
    }

    /// A chord callback's filled slot with, for a body (the members' results in one array), each
    /// result decrypted.
    private ArrayNode memberResults(Envelope envelope, ArrayNode slot) {
        if (slot.size() != 1 || !slot.get(0).isArray()) {
            return slot.deepCopy();
        }
        if (envelope.rootId() == null) {
            throw rejected(envelope, "it holds chord members' results but names no chord (no root id)");
        }
        byte[] aad = chordAad(envelope.rootId());
        JsonNode sealed = slot.get(0);
        ArrayNode results = slot.arrayNode();
        for (int member = 0; member < sealed.size(); member++) {
            JsonNode result = sealed.get(member);
            try {
                results.add(isAcceptedPlaintext(result) ? result : decrypted(result, 1, aad,
                        new Subject("the result of chord member " + member, "is", "does", "another chord"),
                        this.mapper));
            }
            catch (Undecryptable ex) {
                throw rejected(envelope, ex.getMessage());
            }
        }
        return slot.arrayNode().add(results);
    }

    /// `record` with its value encrypted under the active key when it is a `SUCCESS` (a `null`
    /// value included, so it cannot be swapped for `null` unnoticed); otherwise `record` itself.
    @Override
    public TaskResult seal(TaskResult record) {
        if (record.state() != TaskState.SUCCESS) {
            return record;
        }
        JsonNode value = record.result() != null ? record.result() : NullNode.getInstance();
        return withResult(record, encrypted(value, resultAad(record)));
    }

    /// `record` with its value decrypted when it is a `SUCCESS`; otherwise `record` itself.
    ///
    /// @throws ResultDecryptionException when its value is not encrypted, names a key the ring does
    ///         not hold, or does not authenticate (a flipped bit, or moved from another result)
    @Override
    public TaskResult open(TaskResult record) {
        if (record.state() != TaskState.SUCCESS || isAcceptedPlaintext(record.result())) {
            return record;
        }
        try {
            JsonNode value = decrypted(record.result(), 1, resultAad(record), RESULT, this.resultMapper);
            return withResult(record, value.isNull() ? null : value);
        }
        catch (Undecryptable ex) {
            throw new ResultDecryptionException(record.taskId(), record.taskName(), ex.keyId, ex.getMessage());
        }
    }

    /// `value` encrypted under the active key for chord `chordId`.
    @Override
    public JsonNode sealChordResult(String chordId, JsonNode value) {
        return encrypted(value, chordAad(chordId));
    }

    /// Whether `value` is a result that is not encrypted and such results are read as they are.
    private boolean isAcceptedPlaintext(@Nullable JsonNode value) {
        return this.acceptPlaintextResults
                && (value == null || !value.isObject() || value.size() != 1 || !value.has(ENCRYPTED_PROPERTY));
    }

    private ObjectNode encrypted(JsonNode value, byte[] aad) {
        String keyId = this.keys.activeKeyId();
        byte[] nonce = new byte[NONCE_BYTES];
        this.random.nextBytes(nonce);
        byte[] ciphertext = crypt(Cipher.ENCRYPT_MODE, this.keys.activeKey(), nonce, aad,
                this.mapper.writeValueAsBytes(value));
        ObjectNode sealed = JsonNodeFactory.instance.objectNode();
        sealed.put(ENCRYPTED_PROPERTY, keyId + ":" + BASE64.encodeToString(nonce) + ":"
                + BASE64.encodeToString(ciphertext));
        return sealed;
    }

    /// The plaintext of `sealed`, an object of `properties` properties, [#ENCRYPTED_PROPERTY] among
    /// them, read by `reader`.
    private JsonNode decrypted(@Nullable JsonNode sealed, int properties, byte[] aad, Subject subject,
            JsonMapper reader) throws Undecryptable {
        JsonNode value = sealed != null && sealed.isObject() && sealed.size() == properties
                ? sealed.get(ENCRYPTED_PROPERTY) : null;
        if (value == null || !value.isString()) {
            throw new Undecryptable(null, subject.name + " " + subject.be + " not encrypted and encryption is required");
        }
        String[] parts = value.stringValue().split(":", -1);
        if (parts.length != 3) {
            throw new Undecryptable(null, subject.name + " " + subject.be
                    + " not '<key id>:<nonce>:<ciphertext>'");
        }
        String keyId = KeyRing.isKeyId(parts[0]) ? parts[0] : null;
        byte[] key = keyId != null ? this.keys.key(keyId).orElse(null) : null;
        if (key == null) {
            throw new Undecryptable(keyId, subject.name + " " + subject.be + " encrypted with key '"
                    + (keyId != null ? keyId : "(malformed)") + "', which is not among the decryption keys "
                    + this.keys.keyIds() + " (unknown or retired)");
        }
        try {
            byte[] nonce = Base64.getUrlDecoder().decode(parts[1]);
            byte[] ciphertext = Base64.getUrlDecoder().decode(parts[2]);
            if (nonce.length != NONCE_BYTES) {
                throw new Undecryptable(keyId, "the nonce of " + subject.name + " is not " + NONCE_BYTES + " bytes");
            }
            return reader.readTree(crypt(Cipher.DECRYPT_MODE, key, nonce, aad, ciphertext));
        }
        catch (IllegalArgumentException | JacksonException | IllegalStateException ex) {
            throw new Undecryptable(keyId, subject.name + " " + subject.does + " not decrypt with key '" + keyId
                    + "' (tampered, or encrypted for " + subject.other + ")");
        }
    }

    private static TaskResult withResult(TaskResult record, @Nullable JsonNode value) {
        return new TaskResult(record.taskId(), record.taskName(), record.state(), value, record.error(),
                record.meta(), record.attempt(), record.delivery(), record.updatedAt());
    }

    private static byte[] argumentsAad(Envelope envelope) {
        return ("stem-args:" + envelope.id() + ":" + envelope.task()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] resultAad(TaskResult record) {
        return ("stem-result:" + record.taskId() + ":" + record.taskName()).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] chordAad(String chordId) {
        return ("stem-chord-result:" + chordId).getBytes(StandardCharsets.UTF_8);
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
        return "MessageCipher[" + this.keys + (this.acceptPlaintextResults ? ", plaintext results accepted" : "") + "]";
    }

    /// What a failure message names, with its verbs.
    private record Subject(String name, String be, String does, String other) {
    }

    /// Why a value does not decrypt, and the key id it names (if any).
    private static final class Undecryptable extends Exception {

        private final @Nullable String keyId;

        Undecryptable(@Nullable String keyId, String why) {
            super(why, null, false, false);
            this.keyId = keyId;
        }
    }
}

package dev.stem.security;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.envelope.Envelope;

/// The canonical bytes a message signature covers (`docs/security.md` shows how to compute them in
/// Python): the [CanonicalJson] text, in UTF-8, of an object with these properties:
///
/// | property | value |
/// | --- | --- |
/// | `v` | `2` |
/// | `keyId` | the id of the signing key |
/// | `id`, `task`, `queue` | as in the message |
/// | `args` | the arguments (after encryption, when the message is encrypted) |
/// | `headers` | every header except [#SIGNATURE_HEADER] and the trace headers [#UNSIGNED_HEADERS] |
/// | `priority`, `attempt`, `maxRetries` | as in the message |
/// | `eta`, `expiresAt`, `createdAt` | nanoseconds since the epoch as an integer, or `null` |
/// | `softTimeLimitMs`, `hardTimeLimitMs` | milliseconds as an integer, or `null` |
///
/// Whoever changes `eta`, `attempt` or `maxRetries` (a worker's retry or postponement, a dead-letter
/// replay) signs the message again (see [MessageSigner#resign]). Left out: the workflow ids
/// `parentId`, `rootId` and `groupId`, which the canvas sets after the client's interceptors ran
/// (what a workflow does next travels in a signed header). A chord body's first
/// argument, the members' results that the chord store fills in, is signed as its slot token
/// (see [ChordSlot]).
public final class SignedContent {

    /// The header that carries a message's signature: `<key id>:<base64url signature, no padding>`.
    public static final String SIGNATURE_HEADER = "stem-signature";

    /// Headers outside the signature: tracing rewrites them on the way.
    public static final Set<String> UNSIGNED_HEADERS = Set.of(SIGNATURE_HEADER, "traceparent", "tracestate",
            "baggage");

    /// The version of the canonical content, the only one verified.
    static final int VERSION = 2;

    private static final BigInteger NANOS_PER_SECOND = BigInteger.valueOf(1_000_000_000L);

    private SignedContent() {
    }

    /// The canonical bytes of `envelope` signed with the key `keyId`.
    public static byte[] of(Envelope envelope, String keyId) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode content = json.objectNode();
        content.put("v", VERSION);
        content.put("keyId", keyId);
        content.put("id", envelope.id());
        content.put("task", envelope.task());
        content.put("queue", envelope.queue());
        String slot = envelope.headers().get(ChordSlot.HEADER);
        content.set("args", slot == null ? envelope.args() : ChordSlot.withToken(envelope.args(), slot));
        ObjectNode headers = content.putObject("headers");
        envelope.headers().forEach((name, value) -> {
            if (!UNSIGNED_HEADERS.contains(name)) {
                headers.put(name, value);
            }
        });
        content.put("priority", envelope.priority());
        content.put("attempt", envelope.attempt());
        content.put("maxRetries", envelope.maxRetries());
        content.set("eta", nanos(envelope.eta()));
        content.set("expiresAt", nanos(envelope.expiresAt()));
        content.set("createdAt", nanos(envelope.createdAt()));
        content.set("softTimeLimitMs", millis(envelope.softTimeLimit()));
        content.set("hardTimeLimitMs", millis(envelope.hardTimeLimit()));
        return CanonicalJson.write(content).getBytes(StandardCharsets.UTF_8);
    }

    private static tools.jackson.databind.JsonNode nanos(@Nullable Instant instant) {
        if (instant == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        return JsonNodeFactory.instance.numberNode(BigInteger.valueOf(instant.getEpochSecond())
                .multiply(NANOS_PER_SECOND).add(BigInteger.valueOf(instant.getNano())));
    }

    private static tools.jackson.databind.JsonNode millis(@Nullable Duration duration) {
        return duration == null ? JsonNodeFactory.instance.nullNode()
                : JsonNodeFactory.instance.numberNode(duration.toMillis());
    }
}

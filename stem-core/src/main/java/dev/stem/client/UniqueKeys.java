package dev.stem.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.security.CanonicalJson;

/// The key, window and message id of a unique enqueue: the key is a SHA-256 of the task name and
/// the canonical JSON of the chosen arguments; the message id names the key and the window, so
/// every enqueue of one key in one window gets the same id.
record UniqueKeys(String claim, Instant windowStart, String messageId) {

    static UniqueKeys of(String task, JsonNode args, Uniqueness uniqueness, Instant now) {
        JsonNode chosen = args;
        if (!uniqueness.arguments().isEmpty()) {
            if (!args.isObject()) {
                throw new InvalidEnvelopeException("unique.arguments", String.valueOf(uniqueness.arguments()),
                        "task '" + task + "' is unique by named arguments, so its args must be an object");
            }
            ObjectNode selected = JsonNodeFactory.instance.objectNode();
            for (String name : uniqueness.arguments()) {
                selected.set(name, args.has(name) ? args.get(name) : JsonNodeFactory.instance.nullNode());
            }
            chosen = selected;
        }
        String hash = sha256(task + "\n" + CanonicalJson.write(chosen)).substring(0, 40);
        long windowMs = uniqueness.window().toMillis();
        long window = Math.floorDiv(now.toEpochMilli(), windowMs);
        return new UniqueKeys("unique-" + hash, Instant.ofEpochMilli(window * windowMs), "u." + hash + "." + window);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }
}

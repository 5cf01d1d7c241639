package dev.stem.worker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import dev.stem.envelope.Names;

/// Parts of rate limit keys taken from messages: a header value is free text, so one that is not
/// a valid key part is replaced by its SHA-256, and never reaches a store key as it is.
final class RateLimitKeys {

    private static final int MAX_PLAIN_LENGTH = 64;

    private RateLimitKeys() {
    }

    /// `value` when it is 1-64 characters of `A-Z a-z 0-9 . _ -`, else `sha256-<hex of its SHA-256>`.
    static String part(String value) {
        if (value.length() <= MAX_PLAIN_LENGTH && Names.isValidQueueName(value)) {
            return value;
        }
        try {
            return "sha256-" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(StandardCharsets.UTF_8)));
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException("SHA-256 is not available", ex);
        }
    }
}

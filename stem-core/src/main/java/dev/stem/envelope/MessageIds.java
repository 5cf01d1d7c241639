package dev.stem.envelope;

import java.util.UUID;

/// Generates message ids: random (version 4) UUIDs in their canonical text form.
public final class MessageIds {

    private MessageIds() {
    }

    /// A new unique id.
    public static String next() {
        return UUID.randomUUID().toString();
    }
}

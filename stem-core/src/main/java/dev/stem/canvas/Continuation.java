package dev.stem.canvas;

import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/// What follows one message of a workflow, carried in its [#HEADER] header as JSON: the
/// signatures to enqueue after it succeeded and after it failed for good, and the chord it is a
/// member of.
///
/// @param link enqueued with the result once the task succeeded
/// @param linkError enqueued with the task's id and error once it failed for good
/// @param chord the chord this message is a member of, or `null`
record Continuation(List<Signature> link, List<Signature> linkError, @Nullable String chord) {

    /// The message header holding the continuation.
    static final String HEADER = "stem-canvas";

    Continuation {
        link = List.copyOf(link);
        linkError = List.copyOf(linkError);
    }

    /// The continuation of `signature` itself, in `chord` (or none).
    static Continuation of(Signature signature, @Nullable String chord) {
        return new Continuation(signature.link(), signature.linkError(), chord);
    }

    boolean isEmpty() {
        return this.link.isEmpty() && this.linkError.isEmpty() && this.chord == null;
    }

    String write(JsonMapper mapper) {
        return mapper.writeValueAsString(this);
    }

    /// Reads the header, or fails with a message naming it.
    static Continuation read(JsonMapper mapper, String header) {
        try {
            return mapper.readValue(header, Continuation.class);
        }
        catch (JacksonException ex) {
            throw new IllegalArgumentException("Unreadable " + HEADER + " header: " + ex.getOriginalMessage(), ex);
        }
    }
}

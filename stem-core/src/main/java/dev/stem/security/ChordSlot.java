package dev.stem.security;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.canvas.SlotMessage;

/// The slot of a chord's body or error callback: a [SlotMessage#TOKEN_PREFIX] token at the start
/// of its arguments, which the chord store replaces, in the stored text, with one or more values
/// (the members' results; a failed member's id and error). Signing and encryption leave it outside
/// what they protect: encrypted arguments keep it beside the ciphertext, in the array
/// [#ENCRYPTED_SLOT_PROPERTY], and the signature covers the token (named, with how many arguments
/// follow it, in the signed header [#HEADER]) instead of what the store wrote there.
final class ChordSlot {

    /// The signed header naming the slot: `<token without its prefix>:<arguments after the slot>`
    /// (without the prefix, so the stored text holds the quoted token only once).
    static final String HEADER = "stem-chord-slot";

    /// Where encrypted arguments keep the slot: an array holding the token, later its values.
    static final String ENCRYPTED_SLOT_PROPERTY = "stem-slot";

    private ChordSlot() {
    }

    /// The slot token `args` starts with (in the clear, or beside encrypted arguments), or `null`.
    static @Nullable String tokenIn(JsonNode args) {
        JsonNode slot = args.isObject() ? args.get(ENCRYPTED_SLOT_PROPERTY) : args;
        JsonNode first = slot != null && slot.isArray() && !slot.isEmpty() ? slot.get(0) : null;
        return first != null && first.isString() && first.stringValue().startsWith(SlotMessage.TOKEN_PREFIX)
                ? first.stringValue() : null;
    }

    /// The value of [#HEADER] for `args`, which hold the slot `token`.
    static String headerValue(String token, JsonNode args) {
        int after = args.isArray() ? args.size() - 1 : 0;
        return token.substring(SlotMessage.TOKEN_PREFIX.length()) + ":" + after;
    }

    /// `args` with what the store wrote into the slot put back to the token named by the [#HEADER]
    /// value `header`; `args` unchanged when they do not have that shape.
    static JsonNode withToken(JsonNode args, String header) {
        int colon = header.lastIndexOf(':');
        String token = SlotMessage.TOKEN_PREFIX + header.substring(0, Math.max(0, colon));
        if (args.isObject() && args.has(ENCRYPTED_SLOT_PROPERTY)) {
            ObjectNode copy = ((ObjectNode) args).deepCopy();
            copy.putArray(ENCRYPTED_SLOT_PROPERTY).add(token);
            return copy;
        }
        int after;
        try {
            after = Integer.parseInt(header.substring(colon + 1));
        }
        catch (NumberFormatException ex) {
            return args;
        }
        if (!args.isArray() || after < 0 || after >= args.size()) {
            return args;
        }
        ArrayNode copy = ((ArrayNode) args).arrayNode().add(token);
        for (int i = args.size() - after; i < args.size(); i++) {
            copy.add(args.get(i));
        }
        return copy;
    }
}

package dev.stem.canvas;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;

import dev.stem.client.DefaultStem;
import dev.stem.client.EnqueueOptions;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.MessageIds;

/// Turns signatures into messages: through the client's one validation (names, sizes, enqueue
/// interceptors), with the signature's continuation in the [Continuation#HEADER] header.
final class Steps {

    private final DefaultStem stem;

    private final JsonMapper mapper;

    Steps(DefaultStem stem, JsonMapper mapper) {
        this.stem = stem;
        this.mapper = mapper;
    }

    /// `signature` with an id (its own, else a fresh one), and so every callback it carries.
    static Signature withIds(Signature signature) {
        Signature named = signature.id() != null ? signature : signature.withId(MessageIds.next());
        List<Signature> link = named.link().stream().map(Steps::withIds).toList();
        List<Signature> linkError = named.linkError().stream().map(Steps::withIds).toList();
        return new Signature(named.task(), named.args(), named.id(), named.queue(), named.priority(),
                named.maxRetries(), named.immutable(), named.resultReplacesFirst(), link, linkError);
    }

    /// The message of `signature` (which has an id) run with `args`, member of `chord` (or none),
    /// started by `parent` in the workflow `root` (either may be `null`).
    Envelope message(Signature signature, ArrayNode args, @Nullable String chord, @Nullable String parent,
            @Nullable String root, @Nullable String group) {
        Continuation continuation = Continuation.of(signature, chord);
        Map<String, String> headers = new HashMap<>();
        if (!continuation.isEmpty()) {
            headers.put(Continuation.HEADER, continuation.write(this.mapper));
        }
        EnqueueOptions.Builder options = EnqueueOptions.builder().id(signature.id()).headers(headers);
        if (signature.queue() != null) {
            options.queue(signature.queue());
        }
        if (signature.priority() != null) {
            options.priority(signature.priority());
        }
        if (signature.maxRetries() != null) {
            options.maxRetries(signature.maxRetries());
        }
        Envelope envelope = this.stem.prepare(signature.task(), args, options.build());
        return envelope.toBuilder().parentId(parent).rootId(root).groupId(group).build();
    }

    /// The messages of `signatures` (which have ids), each run with its own arguments.
    List<Envelope> messages(List<Signature> signatures, @Nullable String chord, @Nullable String group) {
        List<Envelope> envelopes = new ArrayList<>(signatures.size());
        for (Signature signature : signatures) {
            envelopes.add(message(signature, signature.args(), chord, null, null, group));
        }
        return envelopes;
    }
}

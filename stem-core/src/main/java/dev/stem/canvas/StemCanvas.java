package dev.stem.canvas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.broker.Broker;
import dev.stem.client.DefaultStem;
import dev.stem.client.TaskCall;
import dev.stem.client.TaskHandle;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.envelope.MessageIds;

/// Enqueues workflows: a single signature with its callbacks, chains, groups, chords, and
/// map/starmap/chunks. Thread-safe; inject it where workflows are started.
///
/// Every message goes through the client's validation (names, sizes, enqueue interceptors) before
/// anything is published. Workers need [CanvasInterceptor] among their execution interceptors to
/// carry a workflow on (the Boot starter registers it).
public final class StemCanvas {

    /// Most members of a group published in one broker call.
    private static final int PUBLISH_BATCH = 1_000;

    private final DefaultStem stem;

    private final Broker broker;

    private final ChordStore chords;

    private final EnvelopeCodec codec;

    private final Steps steps;

    private final Duration ttl;

    /// A canvas publishing through `stem` to `broker`, counting chords in `chords`, whose records
    /// are kept for `ttl` (counted again from each member's arrival).
    public StemCanvas(DefaultStem stem, Broker broker, ChordStore chords, EnvelopeCodec codec, JsonMapper mapper,
            Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("canvas ttl must be positive, was " + ttl);
        }
        this.stem = stem;
        this.broker = broker;
        this.chords = chords;
        this.codec = codec;
        this.steps = new Steps(stem, mapper);
        this.ttl = ttl;
    }

    /// The signature of the `@StemTask` method that `invocation` calls on a stand-in of `tasks`, with
    /// the arguments it passes, positionally, and the task's queue, priority and retries:
    /// `canvas.call(Thumbs.class, t -> t.resize(null, 200))`. Nothing runs here. In a chain the value
    /// passed for the first parameter is a placeholder: the previous step's result replaces it.
    public <T> Signature call(Class<T> tasks, Consumer<T> invocation) {
        TaskCall call = this.stem.resolve(tasks, invocation);
        Signature signature = Signature.of(call.task(), call.arguments().toArray());
        return new Signature(signature.task(), signature.args(), null, call.defaults().queue(),
                call.defaults().priority(), call.defaults().retryPolicy().maxRetries(), false, true, List.of(),
                List.of());
    }

    /// Enqueues `signature`; its `link` callbacks run after it succeeded, its `linkError` ones after
    /// it failed for good.
    public TaskHandle<Object> enqueue(Signature signature) {
        Signature named = Steps.withIds(signature);
        this.broker.publish(this.steps.message(named, named.args(), null, null, named.id(), null));
        return this.stem.handle(named.id(), Object.class);
    }

    /// Enqueues `steps` as a chain: each step runs after the one before succeeded, with its result as
    /// first argument (unless the step is immutable). When a step fails for good the rest never run
    /// and `onError` (if not `null`) runs once, with the failed step's id and error.
    public ChainHandle chain(List<Signature> steps, @Nullable Signature onError) {
        if (steps.isEmpty()) {
            throw new IllegalArgumentException("A chain needs at least one step");
        }
        Signature errorCallback = onError == null ? null : Steps.withIds(onError);
        List<String> ids = new ArrayList<>();
        Signature next = null;
        for (Signature step : steps.reversed()) {
            Signature current = Steps.withIds(step);
            if (next != null) {
                current = current.link(next);
            }
            if (errorCallback != null) {
                current = current.linkError(errorCallback);
            }
            ids.add(current.id());
            next = current;
        }
        Signature first = Objects.requireNonNull(next);
        this.broker.publish(this.steps.message(first, first.args(), null, null, first.id(), null));
        return new ChainHandle(ids.reversed(), this.stem);
    }

    /// Enqueues `members` to run in parallel under one group id.
    public GroupHandle group(List<Signature> members) {
        String groupId = MessageIds.next();
        List<Signature> named = members.stream().map(Steps::withIds).toList();
        List<Envelope> messages = this.steps.messages(named, null, groupId);
        publish(messages);
        return new GroupHandle(groupId, messages.stream().map(Envelope::id).toList(), this.stem);
    }

    /// Enqueues a chord: `members` in parallel, then `body` once, with the list of the members' results
    /// in member order as its first argument, after every member succeeded. When a member fails for
    /// good the body never runs and `onError` (if not `null`) runs once, with that member's id and error.
    public ChordHandle chord(List<Signature> members, Signature body, @Nullable Signature onError) {
        if (members.isEmpty()) {
            throw new IllegalArgumentException("A chord needs at least one member");
        }
        if (body.immutable()) {
            throw new IllegalArgumentException("A chord body is given the members' results; it cannot be immutable: "
                    + body.task());
        }
        String chordId = MessageIds.next();
        List<Signature> named = members.stream().map(Steps::withIds).toList();
        List<Envelope> messages = this.steps.messages(named, chordId, chordId);
        Signature namedBody = Steps.withIds(body);
        SlotMessage bodyMessage = slotted(namedBody, chordId);
        SlotMessage errorMessage = onError == null ? null : slotted(Steps.withIds(onError), chordId);
        this.chords.open(new ChordPlan(chordId, messages.stream().map(Envelope::id).toList(), bodyMessage,
                errorMessage), this.ttl);
        publish(messages);
        return new ChordHandle(new GroupHandle(chordId, messages.stream().map(Envelope::id).toList(), this.stem),
                this.stem.handle(namedBody.id(), Object.class));
    }

    /// Runs `task` once for each of `inputs` (each its one argument) in one message; the handle's
    /// result is the list of results, in order.
    public TaskHandle<Object> map(String task, List<?> inputs) {
        List<List<?>> argLists = new ArrayList<>(inputs.size());
        for (Object input : inputs) {
            argLists.add(Collections.singletonList(input));
        }
        return starmap(task, argLists);
    }

    /// Runs `task` once for each argument list of `argLists` in one message; the handle's result is
    /// the list of results, in order.
    public TaskHandle<Object> starmap(String task, List<List<?>> argLists) {
        return enqueue(MapTask.signature(task, argLists));
    }

    /// Runs `task` once for each argument list of `argLists`, `chunkSize` calls per message, the
    /// messages in parallel as a group: each member's result is the list of its chunk's results.
    public GroupHandle chunks(String task, List<List<?>> argLists, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize must be at least 1, was " + chunkSize);
        }
        List<Signature> members = new ArrayList<>();
        for (int from = 0; from < argLists.size(); from += chunkSize) {
            members.add(MapTask.signature(task, argLists.subList(from, Math.min(argLists.size(), from + chunkSize))));
        }
        return group(members);
    }

    private void publish(List<Envelope> messages) {
        for (int from = 0; from < messages.size(); from += PUBLISH_BATCH) {
            this.broker.publishAll(messages.subList(from, Math.min(messages.size(), from + PUBLISH_BATCH)));
        }
    }

    /// The message of `signature` with a slot as its first argument, for a [ChordStore] to fill.
    private SlotMessage slotted(Signature signature, String chordId) {
        String token = SlotMessage.TOKEN_PREFIX + MessageIds.next();
        ArrayNode args = JsonNodeFactory.instance.arrayNode().add(token).addAll(signature.args());
        Envelope envelope = this.steps.message(signature, args, null, null, chordId, null);
        String payload = this.codec.encode(envelope);
        String quoted = '"' + token + '"';
        int at = payload.indexOf(quoted);
        if (at < 0 || at != payload.lastIndexOf(quoted)) {
            throw new IllegalStateException("The encoded message of " + signature.task() + " holds its slot "
                    + (at < 0 ? "nowhere" : "more than once"));
        }
        return new SlotMessage(envelope.id(), envelope.queue(), envelope.priority(), payload.substring(0, at),
                payload.substring(at + quoted.length()));
    }
}

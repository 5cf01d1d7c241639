package dev.stem.canvas;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.envelope.Names;

/// One task call with its arguments and options, not yet enqueued: the unit every workflow is made
/// of. Immutable, and a plain JSON document (it travels inside the messages of a workflow).
///
/// Arguments are positional. In a chain, the previous step's result becomes this step's first
/// argument (inserted before `args`), unless the signature is [immutable][#immutable()]; for a
/// signature made from a typed call ([StemCanvas#call]) the value passed for the first parameter
/// is only a placeholder, which the result replaces. An error callback ([#linkError]) is called
/// with the failed task's id and its error ([dev.stem.backend.TaskError] as JSON) before `args`.
///
/// @param task the task name
/// @param args the positional arguments, a JSON array
/// @param id the message id to use, or `null` for a fresh one at enqueue
/// @param queue the queue, or `null` for the task's default
/// @param priority the priority, or `null` for the task's default
/// @param maxRetries the retries allowed, or `null` for the task's default
/// @param immutable whether a chained result is not passed to it
/// @param resultReplacesFirst whether a chained result replaces the first argument instead of
///        being inserted before it (typed calls)
/// @param link signatures enqueued with this one's result once it succeeded
/// @param linkError signatures enqueued with this one's id and error once it failed for good
public record Signature(String task, ArrayNode args, @Nullable String id, @Nullable String queue,
        @Nullable Integer priority, @Nullable Integer maxRetries, boolean immutable, boolean resultReplacesFirst,
        List<Signature> link, List<Signature> linkError) {

    private static final JsonMapper ARGUMENTS = JsonMapper.builder().build();

    public Signature {
        Names.requireTaskName(task);
        Objects.requireNonNull(args, "args");
        if (id != null) {
            Names.requireId("id", id);
        }
        if (queue != null) {
            Names.requireQueueName(queue);
        }
        args = args.deepCopy();
        link = List.copyOf(link);
        linkError = List.copyOf(linkError);
    }

    /// A call of `task` with positional `args`, each turned into JSON by Jackson now.
    public static Signature of(String task, @Nullable Object... args) {
        ArrayNode array = JsonNodeFactory.instance.arrayNode();
        for (Object arg : args) {
            array.add(ARGUMENTS.valueToTree(arg));
        }
        return new Signature(task, array, null, null, null, null, false, false, List.of(), List.of());
    }

    /// This signature, not given a chained result.
    public Signature asImmutable() {
        return new Signature(this.task, this.args, this.id, this.queue, this.priority, this.maxRetries, true,
                this.resultReplacesFirst, this.link, this.linkError);
    }

    /// This signature with a fixed message id.
    public Signature withId(String id) {
        return new Signature(this.task, this.args, id, this.queue, this.priority, this.maxRetries, this.immutable,
                this.resultReplacesFirst, this.link, this.linkError);
    }

    /// This signature on `queue`.
    public Signature onQueue(String queue) {
        return new Signature(this.task, this.args, this.id, queue, this.priority, this.maxRetries, this.immutable,
                this.resultReplacesFirst, this.link, this.linkError);
    }

    /// This signature with `priority` (0 to 9).
    public Signature withPriority(int priority) {
        return new Signature(this.task, this.args, this.id, this.queue, priority, this.maxRetries, this.immutable,
                this.resultReplacesFirst, this.link, this.linkError);
    }

    /// This signature with `maxRetries` retries.
    public Signature withMaxRetries(int maxRetries) {
        return new Signature(this.task, this.args, this.id, this.queue, this.priority, maxRetries, this.immutable,
                this.resultReplacesFirst, this.link, this.linkError);
    }

    /// This signature with `callback` enqueued after it succeeded, given its result.
    public Signature link(Signature callback) {
        List<Signature> links = new ArrayList<>(this.link);
        links.add(callback);
        return new Signature(this.task, this.args, this.id, this.queue, this.priority, this.maxRetries, this.immutable,
                this.resultReplacesFirst, links, this.linkError);
    }

    /// This signature with `callback` enqueued once after it failed for good (no retry left), given
    /// its id and error.
    public Signature linkError(Signature callback) {
        List<Signature> errors = new ArrayList<>(this.linkError);
        errors.add(callback);
        return new Signature(this.task, this.args, this.id, this.queue, this.priority, this.maxRetries, this.immutable,
                this.resultReplacesFirst, this.link, errors);
    }

    /// The arguments this signature runs with after a step that returned `result`.
    ArrayNode argsAfter(@Nullable JsonNode result) {
        if (this.immutable) {
            return this.args;
        }
        ArrayNode combined = JsonNodeFactory.instance.arrayNode();
        combined.add(result == null ? JsonNodeFactory.instance.nullNode() : result);
        for (int i = this.resultReplacesFirst ? 1 : 0; i < this.args.size(); i++) {
            combined.add(this.args.get(i));
        }
        return combined;
    }

    /// The arguments of an error callback for the failure of `taskId` with `error`.
    ArrayNode argsAfterFailure(String taskId, JsonNode error) {
        ArrayNode combined = JsonNodeFactory.instance.arrayNode();
        combined.add(taskId);
        combined.add(error);
        combined.addAll(this.args);
        return combined;
    }
}

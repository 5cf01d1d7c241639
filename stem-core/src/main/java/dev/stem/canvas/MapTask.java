package dev.stem.canvas;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

import dev.stem.envelope.Envelope;
import dev.stem.task.RetryRequestedException;
import dev.stem.task.TaskContext;
import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskHandler;
import dev.stem.task.TaskOptions;
import dev.stem.task.TaskRegistry;

/// The built-in task behind map, starmap and chunks: runs a registered task once per argument list,
/// in order, in one message, and returns the list of results. Arguments: the task name, then the
/// list of argument lists. A failing call fails the whole message (retried as one).
final class MapTask implements TaskHandler {

    /// The built-in task's name.
    static final String NAME = "stem.starmap";

    private final TaskRegistry tasks;

    private MapTask(TaskRegistry tasks) {
        this.tasks = tasks;
    }

    /// Registers the built-in task in `tasks`, unless it is there already.
    static void registerIn(TaskRegistry tasks) {
        if (tasks.find(NAME).isEmpty()) {
            tasks.register(new TaskDefinition(NAME, TaskOptions.defaults(), new MapTask(tasks)));
        }
    }

    /// The signature of one message running `task` over `argLists`.
    static Signature signature(String task, List<List<?>> argLists) {
        return Signature.of(NAME, task, argLists);
    }

    @Override
    public @Nullable Object handle(TaskContext context) throws Exception {
        JsonNode args = context.args();
        if (!args.isArray() || args.size() != 2 || !args.get(0).isString() || !args.get(1).isArray()) {
            throw new IllegalArgumentException(NAME + " takes a task name and a list of argument lists, not " + args);
        }
        String name = args.get(0).asString();
        TaskDefinition target = this.tasks.find(name)
                .orElseThrow(() -> new IllegalArgumentException(NAME + ": no task named '" + name + "' is registered"));
        List<@Nullable Object> results = new ArrayList<>(args.get(1).size());
        for (JsonNode callArgs : args.get(1)) {
            ArrayNode positional = callArgs.isArray() ? (ArrayNode) callArgs
                    : JsonNodeFactory.instance.arrayNode().add(callArgs);
            Envelope call = context.envelope().toBuilder().task(name).args(positional).build();
            results.add(target.handler().handle(new CallContext(context, call)));
        }
        return results;
    }

    /// The context of one call: the call's own message, everything else from the running message.
    private record CallContext(TaskContext outer, Envelope envelope) implements TaskContext {

        @Override
        public void progress(Map<String, Object> meta) {
            this.outer.progress(meta);
        }

        @Override
        public boolean isSoftTimeLimitExceeded() {
            return this.outer.isSoftTimeLimitExceeded();
        }

        @Override
        public void checkSoftTimeLimit() {
            this.outer.checkSoftTimeLimit();
        }

        @Override
        public RetryRequestedException retry(Duration countdown) {
            return this.outer.retry(countdown);
        }
    }
}

package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import dev.stem.backend.TaskError;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.control.StemEvent;
import dev.stem.control.WorkerInfo;

/// The JSON documents the adapters keep in `jsonb` columns, pinned field by field so that they
/// never change with an application's Jackson settings. Instants are ISO-8601 text, so they read
/// back exactly; absent optional values are left out.
final class JsonRecords {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JsonMapper mapper = JsonMapper.builder().build();

    String write(JsonNode node) {
        return this.mapper.writeValueAsString(node);
    }

    JsonNode read(String json) {
        return this.mapper.readTree(json);
    }

    String taskResult(TaskResult result) {
        ObjectNode node = this.mapper.createObjectNode();
        node.put("taskId", result.taskId());
        node.put("taskName", result.taskName());
        node.put("state", result.state().name());
        if (result.result() != null) {
            node.set("result", result.result());
        }
        TaskError error = result.error();
        if (error != null) {
            ObjectNode errorNode = node.putObject("error");
            errorNode.put("type", error.type());
            if (error.message() != null) {
                errorNode.put("message", error.message());
            }
            errorNode.put("stack", error.stack());
            errorNode.put("retryable", error.retryable());
        }
        node.set("meta", this.mapper.valueToTree(result.meta()));
        node.put("attempt", result.attempt());
        node.put("delivery", result.delivery());
        node.put("updatedAt", result.updatedAt().toString());
        return write(node);
    }

    TaskResult taskResult(String json) {
        JsonNode node = read(json);
        JsonNode errorNode = node.get("error");
        TaskError error = errorNode == null || errorNode.isNull() ? null
                : new TaskError(errorNode.get("type").asString(), text(errorNode, "message"),
                        errorNode.get("stack").asString(), errorNode.get("retryable").asBoolean());
        JsonNode result = node.get("result");
        JsonNode meta = node.get("meta");
        return new TaskResult(node.get("taskId").asString(), node.get("taskName").asString(),
                TaskState.valueOf(node.get("state").asString()), result == null || result.isNull() ? null : result,
                error, meta == null || meta.isNull() ? Map.of() : this.mapper.treeToValue(meta, MAP),
                node.get("attempt").asInt(), node.path("delivery").asInt(0),
                Instant.parse(node.get("updatedAt").asString()));
    }

    String workerInfo(WorkerInfo worker) {
        ObjectNode node = this.mapper.createObjectNode();
        node.put("id", worker.id());
        node.put("hostname", worker.hostname());
        node.put("pid", worker.pid());
        ArrayNode queues = node.putArray("queues");
        worker.queues().forEach(queues::add);
        node.put("concurrency", worker.concurrency());
        node.put("active", worker.active());
        node.put("processed", worker.processed());
        node.put("startedAt", worker.startedAt().toString());
        node.put("lastHeartbeat", worker.lastHeartbeat().toString());
        node.put("heartbeatInterval", worker.heartbeatInterval().toString());
        node.put("version", worker.version());
        ArrayNode running = node.putArray("running");
        for (WorkerInfo.RunningTask task : worker.running()) {
            ObjectNode entry = running.addObject();
            entry.put("id", task.id());
            entry.put("task", task.task());
            entry.put("queue", task.queue());
            entry.put("attempt", task.attempt());
            entry.put("startedAt", task.startedAt().toString());
        }
        return write(node);
    }

    WorkerInfo workerInfo(String json) {
        JsonNode node = read(json);
        List<String> queues = new ArrayList<>();
        node.get("queues").forEach(queue -> queues.add(queue.asString()));
        List<WorkerInfo.RunningTask> running = new ArrayList<>();
        if (node.has("running")) {
            node.get("running").forEach(task -> running.add(new WorkerInfo.RunningTask(task.get("id").asString(),
                    task.get("task").asString(), task.get("queue").asString(), task.get("attempt").asInt(),
                    Instant.parse(task.get("startedAt").asString()))));
        }
        Duration interval = node.has("heartbeatInterval") ? Duration.parse(node.get("heartbeatInterval").asString())
                : WorkerInfo.DEFAULT_HEARTBEAT_INTERVAL;
        String version = node.has("version") ? node.get("version").asString() : WorkerInfo.UNKNOWN_VERSION;
        return new WorkerInfo(node.get("id").asString(), node.get("hostname").asString(), node.get("pid").asLong(),
                queues, node.get("concurrency").asInt(), node.get("active").asInt(), node.get("processed").asLong(),
                Instant.parse(node.get("startedAt").asString()), Instant.parse(node.get("lastHeartbeat").asString()),
                interval, version, running);
    }

    String stemEvent(StemEvent event) {
        ObjectNode node = this.mapper.createObjectNode();
        node.put("type", event.type());
        node.put("source", event.source());
        node.put("timestamp", event.timestamp().toString());
        node.set("data", this.mapper.valueToTree(event.data()));
        return write(node);
    }

    StemEvent stemEvent(String json) {
        JsonNode node = read(json);
        JsonNode data = node.get("data");
        return new StemEvent(node.get("type").asString(), node.get("source").asString(),
                Instant.parse(node.get("timestamp").asString()),
                data == null || data.isNull() ? Map.of() : this.mapper.treeToValue(data, MAP));
    }

    private static void putInstant(ObjectNode node, String field, @Nullable Instant value) {
        if (value != null) {
            node.put(field, value.toString());
        }
    }

    private static @Nullable String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asString();
    }

    private static @Nullable Instant instant(JsonNode node, String field) {
        String value = text(node, field);
        return value != null ? Instant.parse(value) : null;
    }
}

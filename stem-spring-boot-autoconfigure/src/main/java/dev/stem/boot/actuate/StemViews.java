package dev.stem.boot.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.stem.broker.DeadLetter;
import dev.stem.broker.QueueMonitor;
import dev.stem.broker.QueueStats;
import dev.stem.control.WorkerInfo;
import dev.stem.envelope.Envelope;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleRecord;
import dev.stem.schedule.ScheduleState;

/// The JSON shapes of the `stem` endpoint: plain maps of strings, numbers, booleans and lists, with
/// instants as ISO-8601 text and durations in seconds, so the output does not depend on the
/// application's JSON settings. Task args are shown only when `showArgs`; otherwise [#REDACTED].
final class StemViews {

    /// What stands in for redacted args and payloads.
    static final String REDACTED = "******";

    private final boolean showArgs;

    StemViews(boolean showArgs) {
        this.showArgs = showArgs;
    }

    Map<String, Object> queue(QueueMonitor.QueueReading reading, long consumers) {
        QueueStats stats = reading.stats();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("name", stats.queue());
        view.put("ready", stats.ready());
        view.put("delayed", stats.delayed());
        view.put("leased", stats.inFlight());
        view.put("deadLetters", stats.dead());
        view.put("oldestReadyAgeSeconds", reading.oldestReadyAge() == null ? null : seconds(reading.oldestReadyAge()));
        view.put("consumers", consumers);
        return view;
    }

    Map<String, Object> worker(WorkerInfo worker, Instant now) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", worker.id());
        view.put("hostname", worker.hostname());
        view.put("pid", worker.pid());
        view.put("version", worker.version());
        view.put("queues", worker.queues());
        view.put("concurrency", worker.concurrency());
        view.put("active", worker.active());
        view.put("processed", worker.processed());
        view.put("startedAt", worker.startedAt().toString());
        view.put("uptimeSeconds", seconds(worker.uptime()));
        view.put("lastHeartbeat", worker.lastHeartbeat().toString());
        view.put("heartbeatIntervalSeconds", seconds(worker.heartbeatInterval()));
        view.put("stale", worker.isStale(now));
        view.put("running", worker.running().stream().map(task -> {
            Map<String, Object> running = new LinkedHashMap<>();
            running.put("id", task.id());
            running.put("task", task.task());
            running.put("queue", task.queue());
            running.put("attempt", task.attempt());
            running.put("startedAt", task.startedAt().toString());
            running.put("runningSeconds", seconds(Duration.between(task.startedAt(), now)));
            return running;
        }).toList());
        return view;
    }

    Map<String, Object> deadLetter(DeadLetter letter) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", letter.id());
        view.put("queue", letter.queue());
        Envelope envelope = letter.envelope();
        view.put("task", envelope != null ? envelope.task() : null);
        Map<String, Object> reason = new LinkedHashMap<>();
        reason.put("code", letter.reason().code());
        reason.put("message", letter.reason().message());
        reason.put("errorType", letter.reason().errorType());
        view.put("reason", reason);
        view.put("deadAt", letter.deadAt().toString());
        view.put("readable", envelope != null);
        if (envelope != null) {
            view.put("attempt", envelope.attempt());
            view.put("maxRetries", envelope.maxRetries());
            view.put("createdAt", envelope.createdAt().toString());
            view.put("headers", envelope.headers());
            view.put("args", this.showArgs ? envelope.args() : REDACTED);
        }
        else {
            view.put("payload", this.showArgs ? letter.payload() : REDACTED);
        }
        return view;
    }

    Map<String, Object> schedule(ScheduleRecord record) {
        ScheduleEntry entry = record.entry();
        ScheduleState state = record.state();
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", entry.id());
        view.put("task", entry.task());
        view.put("queue", entry.queue());
        view.put("cron", entry.cron());
        view.put("everySeconds", entry.every() == null ? null : seconds(entry.every()));
        view.put("at", text(entry.at()));
        view.put("zone", entry.zone());
        view.put("enabled", entry.enabled());
        view.put("args", this.showArgs ? entry.args() : REDACTED);
        view.put("nextRunAt", text(state.nextRunAt()));
        view.put("lastRunAt", text(state.lastRunAt()));
        view.put("lastOutcome", state.lastOutcome() == null ? null : state.lastOutcome().name());
        view.put("lastMessageId", state.lastMessageId());
        view.put("lastDriftSeconds", state.lastDrift() == null ? null : seconds(state.lastDrift()));
        view.put("lastError", state.lastError());
        return view;
    }

    private static @Nullable String text(@Nullable Instant instant) {
        return instant == null ? null : instant.toString();
    }

    static Map<String, Object> page(String queue, int offset, int limit, long total, List<Map<String, Object>> items,
            @Nullable Integer nextOffset) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("queue", queue);
        view.put("offset", offset);
        view.put("limit", limit);
        view.put("total", total);
        view.put("items", items);
        view.put("nextOffset", nextOffset);
        return view;
    }

    static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }
}

package dev.stem.boot.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.QueueMonitor;
import dev.stem.broker.ReplayRefusedException;
import dev.stem.client.DeadLetterReplay;
import dev.stem.control.WorkerInfo;
import dev.stem.control.WorkerRegistry;
import dev.stem.envelope.Envelope;
import dev.stem.schedule.NoSuchScheduleException;
import dev.stem.schedule.Schedules;

/// The `stem` Actuator endpoint, for operators:
///
/// - `GET /actuator/stem`: overview (workers, queues, totals);
/// - `GET /actuator/stem/queues`: each queue's counts, oldest ready age and live consumers;
/// - `GET /actuator/stem/workers`: each worker's last heartbeat, stale ones marked, with what it runs;
/// - `GET /actuator/stem/deadletters/{queue}?offset&limit&task&reason`: a page of dead letters,
///   filtered by task name and reason code; `GET /actuator/stem/deadletters/{queue}/{id}`: one;
/// - `POST /actuator/stem/deadletters/{queue}` (`{"ids": "id1,id2"}`, or no ids for all): replay,
///   signed again when this application holds the signing keys; a signed dead letter it cannot sign
///   again is refused with 409 and stays a dead letter; `DELETE /actuator/stem/deadletters/{queue}`: purge;
/// - `GET /actuator/stem/schedules`, `GET /actuator/stem/schedules/{id}`: beat's entries with their
///   next and last run, last outcome and drift; `POST /actuator/stem/schedules/{id}`
///   (`{"action": "enable" | "disable" | "run"}`): enable, disable, or publish one run now.
///
/// Reads are on by default; the write and delete operations need
/// `management.endpoint.stem.access=unrestricted`. Task args are redacted unless
/// `stem.actuator.show-args=true`.
@Endpoint(id = "stem", defaultAccess = Access.READ_ONLY)
public class StemEndpoint {

    /// Most dead letters one page returns.
    static final int MAX_PAGE = 500;

    /// Most dead letters one filtered page looks through.
    static final int MAX_SCAN = 10_000;

    private static final int SCAN_BATCH = 200;

    private static final String SECTIONS = "queues, workers, deadletters, schedules";

    private static final int STATUS_CONFLICT = 409;

    private static final String NO_SCHEDULES = "No schedules: this application has no schedule store";

    private final Broker broker;

    private final WorkerRegistry workers;

    private final QueueMonitor monitor;

    private final StemViews views;

    private final @Nullable Schedules schedules;

    private final Clock clock;

    private final DeadLetterReplay replay;

    /// An endpoint over these stores (and beat's `schedules`, when there are any), showing args when
    /// `showArgs`, replaying dead letters through `replay` (signing them again).
    public StemEndpoint(Broker broker, WorkerRegistry workers, QueueMonitor monitor, @Nullable Schedules schedules,
            boolean showArgs, Clock clock, DeadLetterReplay replay) {
        this.broker = broker;
        this.replay = replay;
        this.schedules = schedules;
        this.workers = workers;
        this.monitor = monitor;
        this.views = new StemViews(showArgs);
        this.clock = clock;
    }

    @ReadOperation
    public Map<String, Object> overview() {
        Instant now = this.clock.instant();
        QueueMonitor.Snapshot snapshot = this.monitor.refresh();
        List<WorkerInfo> alive = this.workers.alive();
        Map<String, Object> workers = new LinkedHashMap<>();
        workers.put("count", alive.size());
        workers.put("stale", alive.stream().filter(w -> w.isStale(now)).count());
        workers.put("concurrency", alive.stream().filter(w -> !w.isStale(now)).mapToInt(WorkerInfo::concurrency).sum());
        workers.put("active", alive.stream().filter(w -> !w.isStale(now)).mapToInt(WorkerInfo::active).sum());
        Map<String, Object> queues = new LinkedHashMap<>();
        queues.put("count", snapshot.queues().size());
        queues.put("ready", snapshot.queues().stream().mapToLong(q -> q.stats().ready()).sum());
        queues.put("delayed", snapshot.queues().stream().mapToLong(q -> q.stats().delayed()).sum());
        queues.put("leased", snapshot.queues().stream().mapToLong(q -> q.stats().inFlight()).sum());
        queues.put("deadLetters", snapshot.queues().stream().mapToLong(q -> q.stats().dead()).sum());
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("processed", alive.stream().mapToLong(WorkerInfo::processed).sum());
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("brokerReachable", snapshot.brokerReachable());
        view.put("readAt", snapshot.readAt().toString());
        view.put("workers", workers);
        view.put("queues", queues);
        view.put("totals", totals);
        return view;
    }

    @ReadOperation
    public WebEndpointResponse<Object> section(@Selector String section) {
        return switch (section) {
            case "queues" -> ok(Map.of("queues", queues()));
            case "workers" -> ok(Map.of("workers", workers()));
            case "deadletters" -> ok(Map.of("queues", deadLetterCounts()));
            case "schedules" -> this.schedules == null ? notFound(NO_SCHEDULES)
                    : ok(Map.of("schedules", this.schedules.list().stream().map(this.views::schedule).toList()));
            default -> notFound("No section '" + section + "'; sections: " + SECTIONS);
        };
    }

    @ReadOperation
    public WebEndpointResponse<Object> entry(@Selector String section, @Selector String name,
            @Nullable Integer offset, @Nullable Integer limit, @Nullable String task, @Nullable String reason) {
        return switch (section) {
            case "queues" -> queues().stream().filter(q -> name.equals(q.get("name"))).findFirst()
                    .map(StemEndpoint::ok).orElseGet(() -> notFound("No queue '" + name + "'"));
            case "workers" -> workers().stream().filter(w -> name.equals(w.get("id"))).findFirst()
                    .map(StemEndpoint::ok).orElseGet(() -> notFound("No worker '" + name + "'"));
            case "deadletters" -> deadLetters(name, offset, limit, task, reason);
            case "schedules" -> this.schedules == null ? notFound(NO_SCHEDULES)
                    : this.schedules.get(name).<WebEndpointResponse<Object>>map(r -> ok(this.views.schedule(r)))
                            .orElseGet(() -> notFound("No schedule entry '" + name + "'"));
            default -> notFound("No section '" + section + "' with entries; sections: " + SECTIONS);
        };
    }

    @ReadOperation
    public WebEndpointResponse<Object> deadLetter(@Selector String section, @Selector String queue,
            @Selector String id) {
        if (!"deadletters".equals(section)) {
            return notFound("No section '" + section + "' with sub-entries; only deadletters/{queue}/{id}");
        }
        Optional<DeadLetter> letter = this.broker.deadLetter(queue, id);
        return letter.<WebEndpointResponse<Object>>map(l -> ok(this.views.deadLetter(l)))
                .orElseGet(() -> notFound("No dead letter '" + id + "' in queue '" + queue + "'"));
    }

    @WriteOperation
    public WebEndpointResponse<Object> write(@Selector String section, @Selector String name, @Nullable String ids,
            @Nullable String action) {
        return switch (section) {
            case "deadletters" -> replay(name, ids);
            case "schedules" -> schedule(name, action);
            default -> notFound("Only dead letters and schedules take writes: POST deadletters/{queue} or "
                    + "schedules/{id}");
        };
    }

    private WebEndpointResponse<Object> schedule(String id, @Nullable String action) {
        Schedules schedules = this.schedules;
        if (schedules == null) {
            return notFound(NO_SCHEDULES);
        }
        try {
            return switch (action == null ? "" : action) {
                case "enable" -> ok(this.views.schedule(schedules.enable(id)));
                case "disable" -> ok(this.views.schedule(schedules.disable(id)));
                case "run" -> ok(Map.of("id", id, "messageId", schedules.runNow(id).id()));
                default -> badRequest("action must be enable, disable or run, was '" + action + "'");
            };
        }
        catch (NoSuchScheduleException ex) {
            return notFound("No schedule entry '" + id + "'");
        }
    }

    private WebEndpointResponse<Object> replay(String queue, @Nullable String ids) {
        long replayed = 0;
        try {
            if (ids != null) {
                List<String> chosen = Arrays.stream(ids.split(",")).map(String::trim).filter(id -> !id.isEmpty())
                        .toList();
                if (chosen.isEmpty()) {
                    return badRequest("ids must name at least one dead letter (comma-separated), was '" + ids + "'");
                }
                replayed = this.replay.replay(queue, chosen);
            }
            else {
                long rounds = this.broker.stats(queue).dead() / MAX_PAGE + 1;
                for (long i = 0; i < rounds; i++) {
                    List<String> page = this.broker.deadLetters(queue, 0, MAX_PAGE).stream().map(DeadLetter::id)
                            .toList();
                    if (page.isEmpty()) {
                        break;
                    }
                    replayed += this.replay.replay(queue, page);
                }
            }
        }
        catch (ReplayRefusedException ex) {
            return new WebEndpointResponse<>(Map.of("error", ex.getMessage(), "messageId", ex.messageId(), "queue",
                    queue, "replayed", replayed), STATUS_CONFLICT);
        }
        return ok(Map.of("queue", queue, "replayed", replayed));
    }

    @DeleteOperation
    public WebEndpointResponse<Object> purge(@Selector String section, @Selector String queue) {
        if (!"deadletters".equals(section)) {
            return notFound("Only dead letters can be purged: DELETE deadletters/{queue}");
        }
        return ok(Map.of("queue", queue, "purged", this.broker.purgeDeadLetters(queue)));
    }

    private List<Map<String, Object>> queues() {
        Instant now = this.clock.instant();
        List<WorkerInfo> live = this.workers.alive().stream().filter(w -> !w.isStale(now)).toList();
        return this.monitor.refresh().queues().stream().map(reading -> this.views.queue(reading,
                live.stream().filter(w -> w.queues().contains(reading.stats().queue())).count())).toList();
    }

    private List<Map<String, Object>> workers() {
        Instant now = this.clock.instant();
        return this.workers.alive().stream().map(worker -> this.views.worker(worker, now)).toList();
    }

    private List<Map<String, Object>> deadLetterCounts() {
        return this.monitor.refresh().queues().stream()
                .map(reading -> Map.<String, Object>of("queue", reading.stats().queue(), "deadLetters",
                        reading.stats().dead()))
                .toList();
    }

    private WebEndpointResponse<Object> deadLetters(String queue, @Nullable Integer offset, @Nullable Integer limit,
            @Nullable String task, @Nullable String reason) {
        int from = offset == null ? 0 : offset;
        int size = limit == null ? 50 : limit;
        if (from < 0) {
            return badRequest("offset must not be negative, was " + from);
        }
        if (size < 1 || size > MAX_PAGE) {
            return badRequest("limit must be from 1 to " + MAX_PAGE + ", was " + size);
        }
        List<Map<String, Object>> items = new ArrayList<>();
        int position = from;
        boolean more = true;
        while (items.size() < size && position - from < MAX_SCAN && more) {
            List<DeadLetter> batch = this.broker.deadLetters(queue, position, (task == null && reason == null)
                    ? size - items.size() : SCAN_BATCH);
            more = !batch.isEmpty();
            for (DeadLetter letter : batch) {
                position++;
                if (matches(letter, task, reason)) {
                    items.add(this.views.deadLetter(letter));
                    if (items.size() == size) {
                        break;
                    }
                }
            }
        }
        long total = this.broker.stats(queue).dead();
        Integer next = position < total ? position : null;
        return ok(StemViews.page(queue, from, size, total, items, next));
    }

    private static boolean matches(DeadLetter letter, @Nullable String task, @Nullable String reason) {
        Envelope envelope = letter.envelope();
        return (task == null || (envelope != null && task.equals(envelope.task())))
                && (reason == null || reason.equals(letter.reason().code()));
    }

    private static WebEndpointResponse<Object> ok(Object body) {
        return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
    }

    private static WebEndpointResponse<Object> notFound(String message) {
        return new WebEndpointResponse<>(Map.of("error", message), WebEndpointResponse.STATUS_NOT_FOUND);
    }

    private static WebEndpointResponse<Object> badRequest(String message) {
        return new WebEndpointResponse<>(Map.of("error", message), WebEndpointResponse.STATUS_BAD_REQUEST);
    }
}

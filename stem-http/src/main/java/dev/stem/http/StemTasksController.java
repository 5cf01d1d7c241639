package dev.stem.http;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

import dev.stem.Stem;
import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;
import dev.stem.client.TaskHandle;
import dev.stem.client.TaskRequest;
import dev.stem.client.PayloadTooLargeException;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeTooLargeException;
import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.envelope.Names;
import dev.stem.http.StemHttpViews.Cancelled;
import dev.stem.http.StemHttpViews.Enqueued;
import dev.stem.http.StemHttpViews.EnqueuedBatch;
import dev.stem.http.StemHttpViews.TaskStatus;
import dev.stem.middleware.ResultSealer;

/// Enqueue, batch enqueue, task state and result, cancel. Every request is checked by the client's
/// one validator ([Stem#validate]) before anything is published: a refused request publishes nothing.
@RestController
@RequestMapping("${stem.http.base-path:/stem/api}/tasks")
@Tag(name = "tasks", description = "Enqueue tasks and follow them")
public class StemTasksController {

    private final Stem stem;

    private final ResultBackend backend;

    private final TaskRequestReader reader;

    private final StemHttpProperties properties;

    private final ResultSealer results;

    /// A controller reading results from `backend`, opened by the context's [ResultSealer] (the
    /// encryption cipher when `stem.security.encryption.active-key` is set), else as they are stored.
    public StemTasksController(Stem stem, ResultBackend backend, TaskRequestReader reader,
            StemHttpProperties properties, ObjectProvider<ResultSealer> results) {
        this.stem = stem;
        this.backend = backend;
        this.results = results.getIfAvailable(() -> ResultSealer.NONE);
        this.reader = reader;
        this.properties = properties;
    }

    /// Enqueues one task; 202 with its id.
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping(consumes = "application/json", produces = "application/json")
    @Operation(summary = "Enqueue one task", description = "Needs the write scope. Answers 202 with the task id.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = TaskRequestBody.class)))
    public ResponseEntity<Enqueued> enqueue(@RequestBody JsonNode body) {
        TaskRequest request = this.reader.read(body, "");
        Envelope envelope = validated(request, "");
        this.stem.enqueueAll(List.of(request));
        return ResponseEntity.accepted().location(URI.create(taskPath(envelope.id())))
                .body(new Enqueued(envelope.id(), envelope.queue(), TaskState.PENDING, taskPath(envelope.id())));
    }

    /// Enqueues a batch, all or nothing; 202 with the ids in request order.
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping(path = "/batch", consumes = "application/json", produces = "application/json")
    @Operation(summary = "Enqueue a batch of tasks, all or nothing",
            description = "Needs the write scope. Every task is checked first; if one is refused, none is enqueued.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
            content = @Content(schema = @Schema(implementation = BatchRequestBody.class)))
    public ResponseEntity<EnqueuedBatch> enqueueBatch(@RequestBody JsonNode body) {
        JsonNode tasks = body.isObject() ? body.get("tasks") : null;
        if (!body.isObject() || body.size() != 1 || tasks == null || !tasks.isArray()) {
            throw RequestFieldException.invalid("tasks", body.isObject() ? String.join(",", body.propertyNames()) : body,
                    "a batch is a JSON object with the one field tasks, an array of task requests");
        }
        if (tasks.isEmpty() || tasks.size() > this.properties.getMaxBatchSize()) {
            throw RequestFieldException.invalid("tasks", tasks.size() + " tasks",
                    "a batch holds 1 to " + this.properties.getMaxBatchSize() + " tasks (stem.http.max-batch-size)");
        }
        List<TaskRequest> requests = new ArrayList<>(tasks.size());
        List<String> ids = new ArrayList<>(tasks.size());
        for (int i = 0; i < tasks.size(); i++) {
            TaskRequest request = this.reader.read(tasks.get(i), "tasks[" + i + "].");
            requests.add(request);
            ids.add(Objects.requireNonNull(request.options().id()));
        }
        try {
            this.stem.enqueueAll(requests);
        }
        catch (InvalidEnvelopeException | PayloadTooLargeException ex) {
            throw refusedTaskOf(requests, ex);
        }
        return ResponseEntity.accepted().body(new EnqueuedBatch(ids.size(), ids));
    }

    /// The refusal naming the first task of a refused batch that the validator refuses; the batch
    /// enqueue checks every task before it publishes any, so nothing was published.
    private RequestFieldException refusedTaskOf(List<TaskRequest> requests, RuntimeException refusal) {
        for (int i = 0; i < requests.size(); i++) {
            validated(requests.get(i), "tasks[" + i + "].");
        }
        return refusal(refusal, "tasks.");
    }

    /// The task's state and canonical result record, optionally waiting for it to finish; an
    /// encrypted result decrypted (a result that does not decrypt answers 500, naming the task and key).
    @GetMapping(path = "/{id}", produces = "application/json")
    @Operation(summary = "Read a task's state and result",
            description = "Needs the read scope. With waitMs, waits up to that long (at most stem.http.max-wait) "
                    + "for a terminal state. A task without a record yet reads PENDING.")
    public TaskStatus task(@PathVariable String id,
            @Parameter(description = "Milliseconds to wait for a terminal state, 0 for none")
            @RequestParam(defaultValue = "0") long waitMs) throws InterruptedException {
        requireId(id);
        if (waitMs < 0) {
            throw RequestFieldException.invalid("waitMs", waitMs, "waitMs is 0 or more milliseconds");
        }
        Duration wait = Duration.ofMillis(waitMs);
        if (wait.compareTo(this.properties.getMaxWait()) > 0) {
            wait = this.properties.getMaxWait();
        }
        Optional<TaskResult> record = (wait.isZero() ? this.backend.get(id) : this.backend.await(id, wait))
                .map(this.results::open);
        return new TaskStatus(id, record.map(TaskResult::state).orElse(TaskState.PENDING), record.orElse(null));
    }

    /// Cancels the task; with `terminate`, a running task is interrupted.
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping(path = "/{id}/cancel", produces = "application/json")
    @Operation(summary = "Cancel a task", description = "Needs the write scope. With terminate=true a running "
            + "task is interrupted and ends REVOKED; without, only a task that has not started is dropped.")
    public ResponseEntity<Cancelled> cancel(@PathVariable String id,
            @RequestParam(defaultValue = "false") boolean terminate) {
        requireId(id);
        TaskHandle<Object> handle = this.stem.handle(id, Object.class);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Cancelled(id, handle.cancel(terminate), terminate));
    }

    private Envelope validated(TaskRequest request, String path) {
        try {
            return this.stem.validate(request);
        }
        catch (InvalidEnvelopeException | PayloadTooLargeException ex) {
            throw refusal(ex, path);
        }
    }

    /// The problem for a refusal of the client's validator, its field under `path`.
    private static RequestFieldException refusal(RuntimeException ex, String path) {
        if (ex instanceof PayloadTooLargeException) {
            return new RequestFieldException(HttpStatus.CONTENT_TOO_LARGE, path + "args", ex.getMessage());
        }
        HttpStatus status = ex instanceof EnvelopeTooLargeException ? HttpStatus.CONTENT_TOO_LARGE
                : HttpStatus.BAD_REQUEST;
        return new RequestFieldException(status, path + ((InvalidEnvelopeException) ex).field(), ex.getMessage());
    }

    private static void requireId(String id) {
        try {
            Names.requireId("id", id);
        }
        catch (InvalidEnvelopeException ex) {
            throw new RequestFieldException(HttpStatus.BAD_REQUEST, "id", ex.getMessage());
        }
    }

    private String taskPath(String id) {
        return this.properties.getBasePath() + "/tasks/" + id;
    }
}

package dev.stem.http;

import java.util.List;
import java.util.NoSuchElementException;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.stem.broker.Broker;
import dev.stem.broker.QueueStats;
import dev.stem.client.DeadLetterReplay;
import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.envelope.Names;
import dev.stem.http.StemHttpViews.DeadLetterView;
import dev.stem.http.StemHttpViews.QueueCounts;
import dev.stem.http.StemHttpViews.Replayed;

/// Queues with their counts, and one dead letter: read it, replay it.
@RestController
@RequestMapping("${stem.http.base-path:/stem/api}/queues")
@Tag(name = "queues", description = "Queues and their dead letters")
public class StemQueuesController {

    private final Broker broker;

    private final DeadLetterReplay replay;

    /// A controller over `broker`, replaying dead letters through `replay` (signing them again).
    public StemQueuesController(Broker broker, DeadLetterReplay replay) {
        this.broker = broker;
        this.replay = replay;
    }

    /// Every queue the broker knows, with its counts.
    @GetMapping(produces = "application/json")
    @Operation(summary = "List queues with their counts", description = "Needs the read scope.")
    public List<QueueCounts> queues() {
        return this.broker.queues().stream().sorted().map(this.broker::stats).map(StemQueuesController::counts).toList();
    }

    /// One dead letter of `queue`.
    @GetMapping(path = "/{queue}/dead-letters/{id}", produces = "application/json")
    @Operation(summary = "Read one dead letter", description = "Needs the read scope.")
    public DeadLetterView deadLetter(@PathVariable String queue, @PathVariable String id) {
        checkNames(queue, id);
        return this.broker.deadLetter(queue, id).map(DeadLetterView::of)
                .orElseThrow(() -> new NoSuchElementException("No dead letter '" + id + "' in queue '" + queue + "'"));
    }

    /// Publishes the dead letter again, as its next attempt.
    @ResponseStatus(HttpStatus.ACCEPTED)
    @PostMapping(path = "/{queue}/dead-letters/{id}/replay", produces = "application/json")
    @Operation(summary = "Replay one dead letter", description = "Needs the write scope. The message runs again "
            + "as its next attempt, signed again when this application holds the signing keys; a malformed one "
            + "cannot be replayed (404); a signed one this application cannot sign again is refused and stays a "
            + "dead letter (409).")
    public ResponseEntity<Replayed> replay(@PathVariable String queue, @PathVariable String id) {
        checkNames(queue, id);
        int replayed = this.replay.replay(queue, List.of(id));
        if (replayed == 0) {
            throw new NoSuchElementException("No replayable dead letter '" + id + "' in queue '" + queue + "'");
        }
        return ResponseEntity.accepted().body(new Replayed(id, queue, replayed));
    }

    private static QueueCounts counts(QueueStats stats) {
        return new QueueCounts(stats.queue(), stats.ready(), stats.delayed(), stats.inFlight(), stats.dead());
    }

    private static void checkNames(String queue, String id) {
        try {
            Names.requireQueueName(queue);
            Names.requireId("id", id);
        }
        catch (InvalidEnvelopeException ex) {
            throw new RequestFieldException(HttpStatus.BAD_REQUEST, ex.field(), ex.getMessage());
        }
    }
}

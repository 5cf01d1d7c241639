package dev.stem.admin.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.client.DeadLetterReplay;

/// Commands about dead letters: list, show, replay and purge them.
///
/// Replays go through [Broker#replayDeadLetters] in batches of [#BATCH], printing progress after
/// each batch when there is more than one, so an operator sees a long replay move. A replayed
/// message is signed again when the shell holds the signing keys (`stem.security.signing.*`); a
/// signed dead letter it cannot sign again stops the replay with an error naming it, and stays.
@Component
public class DeadLetterCommands {

    /// Dead letters read and replayed per broker call.
    static final int BATCH = 500;

    private static final int DEFAULT_LIST_LIMIT = 50;

    private final Broker broker;

    private final ObjectProvider<DeadLetterReplay> replay;

    /// Commands over `broker`, replaying dead letters through `replay` (signing them again), both
    /// looked up when a command first needs them.
    public DeadLetterCommands(@Lazy Broker broker, ObjectProvider<DeadLetterReplay> replay) {
        this.broker = broker;
        this.replay = replay;
    }

    /// Lists dead letters, oldest first.
    @Command(name = { "dlq", "list" }, group = "Dead letters",
            description = "List dead letters, oldest first: dlq list [--queue Q] [--reason CODE] [--limit 50]")
    public void list(CommandContext context,
            @Option(longName = "queue", description = "only this queue (else every queue)") @Nullable String queue,
            @Option(longName = "reason", description = "only this reason code, like max-retries-exceeded")
            @Nullable String reason,
            @Option(longName = "limit", description = "at most this many (50 if not given)") @Nullable Integer limit,
            @Option(longName = "json", description = "print JSON") boolean json) {
        int most = limit == null ? DEFAULT_LIST_LIMIT : Arguments.atLeast(limit, 1, "--limit");
        List<String> queues = queue == null ? this.broker.queues() : List.of(Arguments.queueOption(queue));
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : queues) {
            for (int offset = 0; rows.size() < most; offset += BATCH) {
                List<DeadLetter> page = this.broker.deadLetters(name, offset, BATCH);
                page.stream().filter(letter -> reason == null || letter.reason().code().equals(reason))
                        .limit(most - rows.size()).map(DeadLetterCommands::row).forEach(rows::add);
                if (page.size() < BATCH) {
                    break;
                }
            }
        }
        Output.rows(context, json, rows, "id", "queue", "task", "reason", "attempt", "deadAt");
    }

    /// Shows one dead letter whole.
    @Command(name = { "dlq", "show" }, group = "Dead letters",
            description = "Show one dead letter with its reason and message: dlq show <id> [--queue Q]")
    public void show(CommandContext context, @Argument(index = 0, description = "the message id") String id,
            @Option(longName = "queue", description = "its queue (else every queue is searched)") @Nullable String queue,
            @Option(longName = "json", description = "print JSON") boolean json) {
        DeadLetter letter = find(Arguments.id(id, "<id>"), queue);
        Map<String, Object> fields = row(letter);
        fields.put("message", letter.reason().message());
        if (letter.reason().errorType() != null) {
            fields.put("errorType", letter.reason().errorType());
        }
        fields.put("payload", letter.payload());
        Output.object(context, json, fields);
    }

    /// Publishes dead letters again and removes them from the dead letter queue.
    @Command(name = { "dlq", "replay" }, group = "Dead letters",
            description = "Replay dead letters: dlq replay --queue Q [--limit N] --yes, or dlq replay --id ID --yes")
    public void replay(CommandContext context,
            @Option(longName = "queue", description = "replay this queue's dead letters, oldest first") @Nullable String queue,
            @Option(longName = "id", description = "replay this one dead letter") @Nullable String id,
            @Option(longName = "limit", description = "with --queue: at most this many") @Nullable Integer limit,
            @Option(longName = "yes", description = "do it without asking") boolean yes,
            @Option(longName = "json", description = "print JSON") boolean json) {
        if ((queue == null) == (id == null)) {
            throw new UsageException("give either --queue or --id");
        }
        if (id != null) {
            if (limit != null) {
                throw new UsageException("--limit goes with --queue, not with --id");
            }
            DeadLetter letter = find(Arguments.id(id, "--id"), null);
            if (!Confirmation.confirmed(context, yes, "replay dead letter " + letter.id() + " of queue '"
                    + letter.queue() + "'")) {
                return;
            }
            int replayed = this.replay.getObject().replay(letter.queue(), List.of(letter.id()));
            report(context, json, letter.queue(), replayed);
            return;
        }
        String name = Arguments.queueOption(queue);
        int most = limit == null ? Integer.MAX_VALUE : Arguments.atLeast(limit, 1, "--limit");
        long dead = this.broker.stats(name).dead();
        long planned = Math.min(dead, most);
        if (!Confirmation.confirmed(context, yes, "replay " + planned + " dead letters of queue '" + name + "'")) {
            return;
        }
        int replayed = 0;
        while (replayed < most) {
            List<String> ids = this.broker.deadLetters(name, 0, Math.min(BATCH, most - replayed)).stream()
                    .map(DeadLetter::id).toList();
            if (ids.isEmpty()) {
                break;
            }
            int done = this.replay.getObject().replay(name, ids);
            replayed += done;
            if (planned > BATCH && !json) {
                context.outputWriter().printf("replayed %d of %d%n", replayed, planned);
                context.outputWriter().flush();
            }
            if (done == 0) {
                break;
            }
        }
        report(context, json, name, replayed);
    }

    /// Deletes every dead letter of a queue.
    @Command(name = { "dlq", "purge" }, group = "Dead letters",
            description = "Delete every dead letter of a queue: dlq purge --queue Q --yes")
    public void purge(CommandContext context,
            @Option(longName = "queue", description = "the queue", required = true) String queue,
            @Option(longName = "yes", description = "do it without asking") boolean yes,
            @Option(longName = "json", description = "print JSON") boolean json) {
        String name = Arguments.queueOption(queue);
        long dead = this.broker.stats(name).dead();
        if (!Confirmation.confirmed(context, yes, "delete " + dead + " dead letters of queue '" + name + "'")) {
            return;
        }
        long purged = this.broker.purgeDeadLetters(name);
        Output.line(context, json, "Deleted " + purged + " dead letters of queue '" + name + "'.",
                Map.of("queue", name, "purged", purged));
    }

    private void report(CommandContext context, boolean json, String queue, int replayed) {
        Output.line(context, json, "Replayed " + replayed + " dead letters of queue '" + queue + "'.",
                Map.of("queue", queue, "replayed", replayed));
    }

    private DeadLetter find(String id, @Nullable String queue) {
        List<String> queues = queue == null ? this.broker.queues() : List.of(Arguments.queueOption(queue));
        for (String name : queues) {
            Optional<DeadLetter> letter = this.broker.deadLetter(name, id);
            if (letter.isPresent()) {
                return letter.get();
            }
        }
        throw new IllegalStateException("no dead letter with id " + id
                + (queue == null ? " in any queue" : " in queue '" + queue + "'"));
    }

    private static Map<String, Object> row(DeadLetter letter) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", letter.id());
        row.put("queue", letter.queue());
        row.put("task", letter.envelope() == null ? null : letter.envelope().task());
        row.put("reason", letter.reason().code());
        row.put("attempt", letter.envelope() == null ? null : letter.envelope().attempt());
        row.put("deadAt", letter.deadAt().toString());
        return row;
    }
}

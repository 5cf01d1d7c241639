package dev.stem.admin.shell;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Lazy;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import dev.stem.boot.autoconfigure.StemProperties;
import dev.stem.broker.Broker;
import dev.stem.broker.QueueStats;

/// Commands about queues.
@Component
public class QueueCommands {

    private final Broker broker;

    private final StemProperties properties;

    public QueueCommands(@Lazy Broker broker, StemProperties properties) {
        this.broker = broker;
        this.properties = properties;
    }

    /// Prints how many messages each queue holds by state, and how long its oldest ready message has
    /// been due (in whole seconds, none when nothing is ready): the queues in `stem.worker.queues`,
    /// then every other queue the broker has seen.
    @Command(name = "queues", group = "Queues",
            description = "Show each queue's ready, delayed, in-flight and dead message counts and its oldest ready message's age")
    public void queues(CommandContext context,
            @Option(longName = "json", description = "print JSON instead of a table") boolean json) {
        Set<String> names = new LinkedHashSet<>(this.properties.getWorker().getQueues());
        names.addAll(this.broker.queues());
        List<Map<String, @Nullable Object>> rows = names.stream()
                .map(name -> row(this.broker.stats(name), this.broker.oldestReadyAge(name).orElse(null)))
                .toList();
        Output.rows(context, json, rows, "queue", "ready", "delayed", "inFlight", "dead", "oldestReadySeconds");
    }

    /// Deletes the ready and delayed messages of a queue; leased ones finish.
    @Command(name = { "queue", "purge" }, group = "Queues",
            description = "Delete a queue's ready and delayed messages (leased ones finish): queue purge <queue> --yes")
    public void purge(CommandContext context, @Argument(index = 0, description = "the queue") String queue,
            @Option(longName = "yes", description = "do it without asking") boolean yes,
            @Option(longName = "json", description = "print JSON") boolean json) {
        String name = Arguments.queue(queue);
        QueueStats stats = this.broker.stats(name);
        if (!Confirmation.confirmed(context, yes, "purge " + (stats.ready() + stats.delayed())
                + " ready and delayed messages of queue '" + name + "'")) {
            return;
        }
        long purged = this.broker.purge(name);
        Output.line(context, json, "Purged " + purged + " messages of queue '" + name + "'.",
                Map.of("queue", name, "purged", purged));
    }

    private static Map<String, @Nullable Object> row(QueueStats stats, @Nullable Duration oldestReady) {
        Map<String, @Nullable Object> row = new LinkedHashMap<>();
        row.put("queue", stats.queue());
        row.put("ready", stats.ready());
        row.put("delayed", stats.delayed());
        row.put("inFlight", stats.inFlight());
        row.put("dead", stats.dead());
        row.put("oldestReadySeconds", oldestReady == null ? null : oldestReady.toSeconds());
        return row;
    }
}

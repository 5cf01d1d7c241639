package dev.stem.admin.shell;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.stereotype.Component;

import dev.stem.boot.autoconfigure.StemProperties;
import dev.stem.broker.Broker;
import dev.stem.broker.QueueStats;

/// Commands about queues.
@Component
public class QueueCommands {

    private final Broker broker;

    private final StemProperties properties;

    public QueueCommands(Broker broker, StemProperties properties) {
        this.broker = broker;
        this.properties = properties;
    }

    /// Prints how many messages each queue holds by state: the queues in `stem.worker.queues`,
    /// then every other queue the broker has seen.
    @Command(name = "queues", group = "Stem",
            description = "Show each queue's ready, delayed, in-flight and dead message counts")
    public void queues(CommandContext context) {
        Set<String> names = new LinkedHashSet<>(this.properties.getWorker().getQueues());
        names.addAll(this.broker.queues());
        List<QueueStats> stats = names.stream().map(this.broker::stats).toList();
        context.outputWriter().print(QueueStatsTable.render(stats));
        context.outputWriter().flush();
    }
}

package dev.stem.admin.shell;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.annotation.Argument;
import org.springframework.shell.core.command.annotation.Command;
import org.springframework.shell.core.command.annotation.Option;
import org.springframework.stereotype.Component;

import dev.stem.envelope.Envelope;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleRecord;
import dev.stem.schedule.ScheduleState;
import dev.stem.schedule.Schedules;

/// Commands about beat's schedule entries, all through beat's management API ([Schedules]) and its
/// one validation: a refused entry changes nothing and fails with the field and value named.
@Component
public class ScheduleCommands {

    private final ObjectProvider<Schedules> schedules;

    public ScheduleCommands(ObjectProvider<Schedules> schedules) {
        this.schedules = schedules;
    }

    /// Lists every entry with its state.
    @Command(name = { "schedule", "list" }, group = "Schedules",
            description = "List the schedule entries with their next and last run")
    public void list(CommandContext context, @Option(longName = "json", description = "print JSON") boolean json) {
        List<Map<String, Object>> rows = schedules().list().stream().map(ScheduleCommands::row).toList();
        Output.rows(context, json, rows, "id", "task", "schedule", "enabled", "nextRunAt", "lastRunAt", "lastOutcome",
                "lastDrift");
    }

    /// Adds an entry.
    @Command(name = { "schedule", "add" }, group = "Schedules",
            description = "Add an entry: schedule add <id> --task T (--cron C | --every 30s | --at ISO) [--zone Z] [--args JSON] [--queue Q] [--priority N] [--disabled]")
    public void add(CommandContext context, @Argument(index = 0, description = "the entry id") String id,
            @Option(longName = "task", description = "the task to publish", required = true) String task,
            @Option(longName = "cron", description = "a cron expression, like '0 */5 * * * *' or @hourly")
            @Nullable String cron,
            @Option(longName = "every", description = "a fixed interval, like 30s") @Nullable String every,
            @Option(longName = "at", description = "one instant, ISO-8601") @Nullable String at,
            @Option(longName = "zone", description = "the zone the cron is read in (UTC if not given)") @Nullable String zone,
            @Option(longName = "args", description = "arguments as a JSON object or array") @Nullable String args,
            @Option(longName = "queue", description = "the queue") @Nullable String queue,
            @Option(longName = "priority", description = "0 (lowest) to 9") @Nullable Integer priority,
            @Option(longName = "disabled", description = "add it disabled") boolean disabled,
            @Option(longName = "json", description = "print JSON") boolean json) {
        ScheduleEntry.Builder entry = ScheduleEntry.builder(Arguments.required(id, "<id>"), task).enabled(!disabled);
        apply(entry, cron, every, at, zone, args, queue, priority);
        print(context, json, "Added", schedules().add(entry.build()));
    }

    /// Changes the given fields of an entry.
    @Command(name = { "schedule", "update" }, group = "Schedules",
            description = "Change an entry's given fields: schedule update <id> [--task T] [--cron C | --every 30s | --at ISO] [--zone Z] [--args JSON] [--queue Q] [--priority N]")
    public void update(CommandContext context, @Argument(index = 0, description = "the entry id") String id,
            @Option(longName = "task", description = "the task to publish") @Nullable String task,
            @Option(longName = "cron", description = "a cron expression") @Nullable String cron,
            @Option(longName = "every", description = "a fixed interval, like 30s") @Nullable String every,
            @Option(longName = "at", description = "one instant, ISO-8601") @Nullable String at,
            @Option(longName = "zone", description = "the zone the cron is read in") @Nullable String zone,
            @Option(longName = "args", description = "arguments as a JSON object or array") @Nullable String args,
            @Option(longName = "queue", description = "the queue") @Nullable String queue,
            @Option(longName = "priority", description = "0 (lowest) to 9") @Nullable Integer priority,
            @Option(longName = "json", description = "print JSON") boolean json) {
        String entryId = Arguments.required(id, "<id>");
        ScheduleRecord current = schedules().get(entryId)
                .orElseThrow(() -> new IllegalStateException("no schedule entry '" + entryId + "'"));
        ScheduleEntry.Builder entry = current.entry().toBuilder();
        if (task != null) {
            entry.task(task);
        }
        apply(entry, cron, every, at, zone, args, queue, priority);
        print(context, json, "Updated", schedules().update(entry.build()));
    }

    /// Deletes an entry.
    @Command(name = { "schedule", "remove" }, group = "Schedules", description = "Delete an entry: schedule remove <id> --yes")
    public void remove(CommandContext context, @Argument(index = 0, description = "the entry id") String id,
            @Option(longName = "yes", description = "do it without asking") boolean yes,
            @Option(longName = "json", description = "print JSON") boolean json) {
        String entryId = Arguments.required(id, "<id>");
        if (!Confirmation.confirmed(context, yes, "delete schedule entry '" + entryId + "'")) {
            return;
        }
        if (!schedules().remove(entryId)) {
            throw new IllegalStateException("no schedule entry '" + entryId + "'");
        }
        Output.line(context, json, "Removed schedule entry '" + entryId + "'.", Map.of("id", entryId, "removed", true));
    }

    /// Lets an entry fire again.
    @Command(name = { "schedule", "enable" }, group = "Schedules", description = "Let an entry fire: schedule enable <id>")
    public void enable(CommandContext context, @Argument(index = 0, description = "the entry id") String id,
            @Option(longName = "json", description = "print JSON") boolean json) {
        print(context, json, "Enabled", schedules().enable(Arguments.required(id, "<id>")));
    }

    /// Stops an entry from firing, keeping it.
    @Command(name = { "schedule", "disable" }, group = "Schedules",
            description = "Stop an entry from firing, keeping it: schedule disable <id>")
    public void disable(CommandContext context, @Argument(index = 0, description = "the entry id") String id,
            @Option(longName = "json", description = "print JSON") boolean json) {
        print(context, json, "Disabled", schedules().disable(Arguments.required(id, "<id>")));
    }

    /// Publishes an entry's message now, outside its schedule.
    @Command(name = { "schedule", "run-now" }, group = "Schedules",
            description = "Publish an entry's message now, outside its schedule: schedule run-now <id>")
    public void runNow(CommandContext context, @Argument(index = 0, description = "the entry id") String id,
            @Option(longName = "json", description = "print JSON") boolean json) {
        String entryId = Arguments.required(id, "<id>");
        Envelope message = schedules().runNow(entryId);
        Output.line(context, json, message.id(), Map.of("id", entryId, "messageId", message.id(), "task",
                message.task(), "queue", message.queue()));
    }

    private Schedules schedules() {
        return this.schedules.getObject();
    }

    private static void apply(ScheduleEntry.Builder entry, @Nullable String cron, @Nullable String every,
            @Nullable String at, @Nullable String zone, @Nullable String args, @Nullable String queue,
            @Nullable Integer priority) {
        if ((cron != null ? 1 : 0) + (every != null ? 1 : 0) + (at != null ? 1 : 0) > 1) {
            throw new UsageException("give one of --cron, --every and --at");
        }
        if (cron != null) {
            entry.cron(cron);
        }
        if (every != null) {
            entry.every(Arguments.duration(every, "--every"));
        }
        if (at != null) {
            entry.at(Arguments.instant(at, "--at"));
        }
        if (zone != null) {
            entry.zone(zone);
        }
        if (args != null) {
            entry.args(Arguments.json(args, "--args"));
        }
        if (queue != null) {
            entry.queue(Arguments.queueOption(queue));
        }
        if (priority != null) {
            entry.priority(priority);
        }
    }

    private static void print(CommandContext context, boolean json, String done, ScheduleRecord record) {
        Map<String, Object> fields = row(record);
        if (json) {
            Output.object(context, true, fields);
            return;
        }
        Output.line(context, false, done + " schedule entry '" + record.id() + "': " + fields.get("schedule")
                + ", next run " + (fields.get("nextRunAt") == null ? "none" : fields.get("nextRunAt")) + ".", fields);
    }

    private static Map<String, Object> row(ScheduleRecord record) {
        ScheduleEntry entry = record.entry();
        ScheduleState state = record.state();
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", entry.id());
        row.put("task", entry.task());
        row.put("schedule", entry.cron() != null ? "cron " + entry.cron() + " " + entry.zone()
                : entry.every() != null ? "every " + entry.every() : "at " + entry.at());
        row.put("enabled", entry.enabled());
        row.put("queue", entry.queue());
        row.put("nextRunAt", state.nextRunAt() == null ? null : state.nextRunAt().toString());
        row.put("lastRunAt", state.lastRunAt() == null ? null : state.lastRunAt().toString());
        row.put("lastOutcome", state.lastOutcome() == null ? null : state.lastOutcome().name());
        row.put("lastDrift", state.lastDrift() == null ? null : state.lastDrift().toString());
        row.put("lastError", state.lastError());
        return row;
    }
}

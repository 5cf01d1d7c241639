package dev.stem.admin.shell;

import java.util.List;

import dev.stem.broker.QueueStats;

/// Renders queue counts as a plain-text table, one row per queue, numbers right-aligned.
final class QueueStatsTable {

    private static final String[] HEADERS = { "QUEUE", "READY", "DELAYED", "IN-FLIGHT", "DEAD" };

    private QueueStatsTable() {
    }

    static String render(List<QueueStats> rows) {
        int nameWidth = Math.max(HEADERS[0].length(),
                rows.stream().mapToInt(row -> row.queue().length()).max().orElse(0));
        String format = "%-" + nameWidth + "s  %9s  %9s  %9s  %9s%n";
        StringBuilder table = new StringBuilder(String.format(format, (Object[]) HEADERS));
        for (QueueStats row : rows) {
            table.append(String.format(format, row.queue(), row.ready(), row.delayed(), row.inFlight(), row.dead()));
        }
        return table.toString();
    }
}

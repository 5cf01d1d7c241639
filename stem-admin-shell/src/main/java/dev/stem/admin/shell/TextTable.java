package dev.stem.admin.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/// Renders rows as a plain-text table under upper-case headers, two spaces between columns,
/// numbers right-aligned and everything else left-aligned; a missing value is `-`.
final class TextTable {

    private TextTable() {
    }

    /// The table of `rows` showing `columns` (keys of the rows), in that order.
    static String render(List<? extends Map<String, ?>> rows, String... columns) {
        int[] widths = new int[columns.length];
        boolean[] numeric = new boolean[columns.length];
        List<String[]> cells = new ArrayList<>();
        for (int c = 0; c < columns.length; c++) {
            widths[c] = header(columns[c]).length();
            numeric[c] = !rows.isEmpty();
        }
        for (Map<String, ?> row : rows) {
            String[] line = new String[columns.length];
            for (int c = 0; c < columns.length; c++) {
                Object value = row.get(columns[c]);
                line[c] = value == null ? "-" : String.valueOf(value);
                numeric[c] &= value instanceof Number;
                widths[c] = Math.max(widths[c], line[c].length());
            }
            cells.add(line);
        }
        StringBuilder table = new StringBuilder();
        String[] headers = new String[columns.length];
        for (int c = 0; c < columns.length; c++) {
            headers[c] = header(columns[c]);
        }
        append(table, headers, widths, numeric);
        cells.forEach(line -> append(table, line, widths, numeric));
        return table.toString();
    }

    private static void append(StringBuilder table, String[] line, int[] widths, boolean[] numeric) {
        StringBuilder text = new StringBuilder();
        for (int c = 0; c < line.length; c++) {
            if (c > 0) {
                text.append("  ");
            }
            String padding = " ".repeat(widths[c] - line[c].length());
            text.append(numeric[c] ? padding + line[c] : line[c] + padding);
        }
        table.append(text.toString().stripTrailing()).append('\n');
    }

    /// `inFlight` becomes `IN-FLIGHT`.
    private static String header(String column) {
        return column.replaceAll("([a-z])([A-Z])", "$1-$2").toUpperCase(Locale.ROOT);
    }
}

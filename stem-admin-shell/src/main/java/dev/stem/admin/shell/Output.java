package dev.stem.admin.shell;

import java.util.List;
import java.util.Map;

import org.springframework.shell.core.command.CommandContext;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/// Prints what a command found, as a table or a list of `key: value` lines by default and as JSON
/// with `--json`: one JSON document on stdout, for scripts.
final class Output {

    private static final JsonMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    private Output() {
    }

    /// Prints `rows` as a table of `columns`, or every row whole as a JSON array.
    static void rows(CommandContext context, boolean json, List<? extends Map<String, ?>> rows, String... columns) {
        print(context, json ? JSON.writeValueAsString(rows) : TextTable.render(rows, columns));
    }

    /// Prints `fields` as `key: value` lines, or as a JSON object.
    static void object(CommandContext context, boolean json, Map<String, ?> fields) {
        if (json) {
            print(context, JSON.writeValueAsString(fields));
            return;
        }
        int width = fields.keySet().stream().mapToInt(String::length).max().orElse(0) + 1;
        StringBuilder text = new StringBuilder();
        fields.forEach((key, value) -> text.append(String.format("%-" + width + "s %s%n", key + ":",
                value == null ? "-" : value)));
        print(context, text.toString());
    }

    /// Prints one line, or `{"key": value}` as JSON.
    static void line(CommandContext context, boolean json, String text, Map<String, ?> fields) {
        print(context, json ? JSON.writeValueAsString(fields) : text);
    }

    private static void print(CommandContext context, String text) {
        context.outputWriter().print(text.endsWith("\n") ? text : text + "\n");
        context.outputWriter().flush();
    }
}

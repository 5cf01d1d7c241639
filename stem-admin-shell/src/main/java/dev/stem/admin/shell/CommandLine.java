package dev.stem.admin.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/// The shell command given on the program's command line, apart from Spring Boot's settings.
///
/// An argument `--name=value` whose name contains a dot (`--stem.broker.url=redis://...`,
/// `--logging.level.root=INFO`) is a Spring Boot property and is never part of the command; every
/// other argument is, in order, wherever the settings stand. [#text()] joins the command's words
/// for Spring Shell's parser, quoting any word with a space or a quote so it stays one word.
///
/// @param words the command's words, without the Spring Boot properties
record CommandLine(List<String> words) {

    private static final Pattern BOOT_PROPERTY = Pattern.compile("--[^=\\s]+\\.[^=\\s]+=.*", Pattern.DOTALL);

    CommandLine {
        words = List.copyOf(words);
    }

    /// The command in the program's arguments (`ApplicationArguments.getSourceArgs()`).
    static CommandLine of(String... arguments) {
        List<String> words = new ArrayList<>();
        for (String argument : arguments) {
            if (!BOOT_PROPERTY.matcher(argument).matches()) {
                words.add(argument);
            }
        }
        return new CommandLine(words);
    }

    /// Whether no command was given, so the shell runs interactively.
    boolean isEmpty() {
        return this.words.isEmpty();
    }

    /// The command as one line for `CommandParser.parse`.
    String text() {
        return String.join(" ", this.words.stream().map(CommandLine::quoted).toList());
    }

    private static String quoted(String word) {
        if (!word.isEmpty() && word.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"')) {
            return word;
        }
        return '"' + word.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}

package dev.stem.admin.shell;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.shell.core.command.Command;
import org.springframework.shell.core.command.CommandArgument;
import org.springframework.shell.core.command.CommandOption;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ParsedInput;

/// Reads a command line the way a Unix shell user expects, for the interactive shell and the
/// one-shot command alike. It replaces Spring Shell 4.0.1's `DefaultCommandParser`, which splits
/// words on spaces outside double quotes only (so `--args '{"a": 1}'` breaks apart), takes a flag
/// at the end of a sub-command (`dlq purge --queue q --yes`) for an option missing its value, and
/// accepts options the command does not have.
///
/// Guarantees:
/// - words are split like a POSIX shell does: `'...'` is literal, `"..."` keeps spaces and takes
///   `\"` and `\\`, a backslash outside quotes escapes the next character;
/// - the command is the longest run of words that names a registered command (or a group of them);
///   the rest are options and positional arguments in any order, `--` ends the options;
/// - `--name=value`, `--name value` and, for a boolean option, `--name` alone (`true`) are read;
/// - `--help` or `-h` anywhere turns the line into `help <command>`;
/// - an option the command does not declare, or an option without its value, is refused with an
///   [IllegalArgumentException] naming it (the runner reports it as a usage error).
final class StemCommandParser implements CommandParser {

    private final CommandRegistry registry;

    StemCommandParser(CommandRegistry registry) {
        this.registry = registry;
    }

    @Override
    public ParsedInput parse(String input) {
        List<String> words = words(input);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("no command given");
        }
        String name = words.get(0);
        int next = 1;
        while (next < words.size() && !isOption(words.get(next)) && isCommandOrGroup(name + " " + words.get(next))) {
            name = name + " " + words.get(next);
            next++;
        }
        List<String> rest = words.subList(next, words.size());
        if (rest.contains("--help") || rest.contains("-h")) {
            return help(name);
        }
        Optional<Command> command = Optional.ofNullable(this.registry.getCommandByName(name));
        ParsedInput.Builder parsed = ParsedInput.builder().commandName(words.get(0));
        words.subList(1, next).forEach(parsed::addSubCommand);
        int index = 0;
        boolean onlyArguments = false;
        for (int i = 0; i < rest.size(); i++) {
            String word = rest.get(i);
            if (onlyArguments || !isOption(word)) {
                parsed.addArgument(new CommandArgument(index++, word));
                continue;
            }
            if (word.equals("--")) {
                onlyArguments = true;
                continue;
            }
            int equals = word.indexOf('=');
            String optionName = equals < 0 ? word : word.substring(0, equals);
            @Nullable CommandOption declared = command.map(found -> declared(found, optionName)).orElse(null);
            if (command.isPresent() && declared == null) {
                throw new IllegalArgumentException("'" + name + "' has no option '" + optionName + "'; "
                        + "'" + name + " --help' lists its options");
            }
            String value;
            if (equals >= 0) {
                value = word.substring(equals + 1);
            }
            else if (declared != null && isBoolean(declared)) {
                String following = i + 1 < rest.size() ? rest.get(i + 1) : null;
                boolean explicit = "true".equalsIgnoreCase(following) || "false".equalsIgnoreCase(following);
                value = explicit ? following : "true";
                i += explicit ? 1 : 0;
            }
            else if (i + 1 < rest.size() && !isOption(rest.get(i + 1))) {
                value = rest.get(++i);
            }
            else {
                throw new IllegalArgumentException("option '" + optionName + "' of '" + name + "' needs a value");
            }
            parsed.addOption(option(optionName, declared, value));
        }
        return parsed.build();
    }

    private ParsedInput help(String name) {
        ParsedInput.Builder parsed = ParsedInput.builder().commandName("help");
        String[] words = name.split(" ");
        for (int i = 0; i < words.length; i++) {
            parsed.addArgument(new CommandArgument(i, words[i]));
        }
        return parsed.build();
    }

    private boolean isCommandOrGroup(String name) {
        return this.registry.getCommands().stream().map(Command::getName)
                .anyMatch(candidate -> candidate.equals(name) || candidate.startsWith(name + " "));
    }

    private static @Nullable CommandOption declared(Command command, String optionName) {
        return command.getOptions().stream().filter(option -> matches(option, optionName)).findFirst().orElse(null);
    }

    private static boolean matches(CommandOption option, String word) {
        if (word.startsWith("--")) {
            return word.substring(2).equals(option.longName());
        }
        return word.length() == 2 && word.charAt(1) == option.shortName();
    }

    private static boolean isBoolean(CommandOption option) {
        return option.type() == boolean.class || option.type() == Boolean.class;
    }

    private static CommandOption option(String word, @Nullable CommandOption declared, String value) {
        CommandOption.Builder option = CommandOption.with().value(value);
        if (declared != null) {
            option.longName(declared.longName() == null ? "" : declared.longName()).shortName(declared.shortName());
        }
        else if (word.startsWith("--")) {
            option.longName(word.substring(2));
        }
        else {
            option.shortName(word.charAt(1)).longName("");
        }
        return option.build();
    }

    private static boolean isOption(String word) {
        return word.startsWith("-") && word.length() > 1 && !Character.isDigit(word.charAt(1));
    }

    /// The words of `line`, split and unquoted as a POSIX shell does.
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                }
                else {
                    word.append(c);
                }
            }
            else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                }
                else if (c == '\\' && i + 1 < line.length() && (line.charAt(i + 1) == '"' || line.charAt(i + 1) == '\\')) {
                    word.append(line.charAt(++i));
                }
                else {
                    word.append(c);
                }
            }
            else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            }
            else {
                inWord = true;
                if (c == '\'' || c == '"') {
                    quote = c;
                }
                else if (c == '\\' && i + 1 < line.length()) {
                    word.append(line.charAt(++i));
                }
                else {
                    word.append(c);
                }
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("unclosed " + (quote == '"' ? "double" : "single") + " quote in: "
                    + line);
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}

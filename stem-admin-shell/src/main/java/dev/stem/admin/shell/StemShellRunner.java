package dev.stem.admin.shell;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.core.convert.ConversionException;
import org.springframework.shell.core.InputReader;
import org.springframework.shell.core.ShellRunner;
import org.springframework.shell.core.command.CommandContext;
import org.springframework.shell.core.command.CommandExecutionException;
import org.springframework.shell.core.command.CommandExecutor;
import org.springframework.shell.core.command.CommandNotFoundException;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;
import org.springframework.shell.core.command.ExitStatus;
import org.springframework.shell.core.command.ParsedInput;

import dev.stem.envelope.InvalidEnvelopeException;
import dev.stem.schedule.InvalidScheduleException;

/// Runs the shell the way its command line asks: the command given there, once, or the interactive
/// shell when none is given. It replaces Spring Shell's own runner, which in 4.0.x either ignores
/// the arguments (interactive) or takes every one, Spring Boot's `--stem.*=` settings included, as
/// the command and always exits 0 (non-interactive).
///
/// Guarantees for a command from the command line, whatever command it is:
/// - the command's words are the arguments that are not Spring Boot properties ([CommandLine]);
/// - its output goes to stdout and nothing else does: errors are one line on stderr, logs go to
///   stderr (`logback-spring.xml`);
/// - the process exits with the command's status ([#getExitCode()]): 0 when it succeeded, 1 when
///   it failed, 2 for an unknown command, bad options or values, or a destructive command without
///   `--yes` (nothing changed), 3 when it is unavailable.
final class StemShellRunner implements ApplicationRunner, ExitCodeGenerator {

    private static final Logger log = LoggerFactory.getLogger(StemShellRunner.class);

    private final CommandParser parser;

    private final CommandRegistry registry;

    private final ShellRunner interactive;

    private final PrintStream out;

    private final PrintStream err;

    private int exitCode;

    StemShellRunner(CommandParser parser, CommandRegistry registry, ShellRunner interactive, PrintStream out,
            PrintStream err) {
        this.parser = parser;
        this.registry = registry;
        this.interactive = interactive;
        this.out = out;
        this.err = err;
    }

    @Override
    public void run(ApplicationArguments arguments) throws Exception {
        CommandLine commandLine = CommandLine.of(arguments.getSourceArgs());
        if (commandLine.isEmpty()) {
            this.interactive.run(new String[0]);
            return;
        }
        this.exitCode = execute(commandLine);
    }

    /// The exit status of the command given on the command line; 0 in interactive mode.
    @Override
    public int getExitCode() {
        return this.exitCode;
    }

    private int execute(CommandLine commandLine) {
        ParsedInput input;
        try {
            input = this.parser.parse(commandLine.text());
        }
        catch (RuntimeException ex) {
            return fail(ExitStatus.USAGE_ERROR, "cannot read '" + commandLine.text() + "': " + ex.getMessage(), ex);
        }
        String name = commandName(input);
        if (isUnknown(name)) {
            return fail(ExitStatus.USAGE_ERROR, "unknown command '" + name + "'; 'help' lists the commands", null);
        }
        PrintWriter output = new PrintWriter(this.out, true);
        try {
            ExitStatus status = new CommandExecutor(this.registry)
                    .execute(new CommandContext(input, this.registry, output, new InputReader() {
                    }));
            output.flush();
            if (status.code() != ExitStatus.OK.code()) {
                this.err.println("stem: " + name + ": " + status.description());
            }
            return exitCode(status);
        }
        catch (CommandNotFoundException ex) {
            output.flush();
            return fail(ExitStatus.USAGE_ERROR, "'" + name + "' needs a sub-command (listed above)", ex);
        }
        catch (Exception ex) {
            output.flush();
            Throwable cause = ex instanceof CommandExecutionException && ex.getCause() != null ? ex.getCause() : ex;
            if (cause instanceof InvocationTargetException invocation && invocation.getCause() != null) {
                cause = invocation.getCause();
            }
            if (isBadInput(cause)) {
                return fail(ExitStatus.USAGE_ERROR, name + ": " + firstLine(cause.getMessage()), ex);
            }
            return fail(ExitStatus.EXECUTION_ERROR, name + " failed: " + causes(ex), ex);
        }
    }

    /// Whether the command refused its input before changing anything: a [UsageException], a value
    /// Stem's validation refused, a missing required option or a value that does not convert.
    private static boolean isBadInput(Throwable cause) {
        return cause instanceof UsageException || cause instanceof InvalidEnvelopeException
                || cause instanceof InvalidScheduleException || cause instanceof ConversionException
                || (cause instanceof IllegalArgumentException && String.valueOf(cause.getMessage())
                        .startsWith("Required option"));
    }

    private static String firstLine(@Nullable String message) {
        return message == null ? "" : message.lines().findFirst().orElse("").strip();
    }

    private boolean isUnknown(String name) {
        return this.registry.getCommandByName(name) == null && this.registry.getCommandByAlias(name) == null
                && this.registry.getCommandsByPrefix(name).isEmpty();
    }

    private int fail(ExitStatus status, String message, @Nullable Exception cause) {
        this.err.println("stem: " + message);
        if (cause != null) {
            log.debug("Command failed", cause);
        }
        return exitCode(status);
    }

    private static String commandName(ParsedInput input) {
        return input.subCommands().isEmpty() ? input.commandName()
                : input.commandName() + " " + String.join(" ", input.subCommands());
    }

    /// Spring Shell's statuses are 0 and negative (-1 execution, -2 usage, -3 availability); a
    /// process exits with 0-255, so a negative status becomes its absolute value.
    private static int exitCode(ExitStatus status) {
        return Math.min(Math.abs(status.code()), 255);
    }

    /// The first lines of the messages along the cause chain under Spring Shell's own wrapper,
    /// each once, joined with ": ": the outer ones say what failed, the inner ones where (an
    /// endpoint) and why ("Connection refused"). Spring's "Error creating bean" wrappers (a store
    /// connected on first use that is down) are left out: they name beans, not the problem.
    private static String causes(Exception ex) {
        List<String> messages = new ArrayList<>();
        Throwable cause = ex instanceof CommandExecutionException && ex.getCause() != null ? ex.getCause() : ex;
        boolean beanCreationOnly = true;
        for (Throwable link = cause; link != null; link = link.getCause()) {
            beanCreationOnly &= link instanceof BeanCreationException;
        }
        for (int depth = 0; cause != null && depth < 10; depth++, cause = cause.getCause()) {
            if (cause instanceof BeanCreationException && !beanCreationOnly) {
                continue;
            }
            String message = cause.getMessage();
            String line = message == null ? "" : message.lines().findFirst().orElse("").strip();
            if (!line.isEmpty() && messages.stream().noneMatch(seen -> seen.contains(line))) {
                messages.add(line);
            }
        }
        return messages.isEmpty() ? ex.getClass().getSimpleName() : String.join(": ", messages);
    }
}

package dev.stem.admin.shell;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.context.ApplicationContext;
import org.springframework.shell.core.command.CommandParser;
import org.springframework.shell.core.command.CommandRegistry;

/// One one-shot run of a command through the shell's own runner, parser and registry, as
/// `java -jar stem-admin-shell.jar <arguments>` runs it, with what it printed and its exit status.
///
/// @param exitCode the status the process would exit with
/// @param stdout what it printed on stdout
/// @param stderr what it printed on stderr
record ShellRun(int exitCode, String stdout, String stderr) {

    static ShellRun of(ApplicationContext context, String... arguments) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        StemShellRunner runner = new StemShellRunner(context.getBean(CommandParser.class),
                context.getBean(CommandRegistry.class), ignored -> {
                    throw new AssertionError("a one-shot run started the interactive shell");
                }, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        runner.run(new DefaultApplicationArguments(arguments));
        return new ShellRun(runner.getExitCode(), out.toString(StandardCharsets.UTF_8),
                err.toString(StandardCharsets.UTF_8));
    }

    /// Everything it printed, for failure messages.
    String output() {
        return "exit " + this.exitCode + "\n--- stdout\n" + this.stdout + "--- stderr\n" + this.stderr;
    }
}

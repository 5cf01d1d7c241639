package dev.stem.apps;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/// The admin shell jar running interactively, typed into through its stdin (a pipe: Spring Shell
/// reads it through JLine's dumb terminal, as it would a terminal without line editing). Each
/// [#run] types one line and returns what the shell printed for it, once the next prompt shows.
final class ShellSession implements AutoCloseable {

    private static final String PROMPT = "shell:>";

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

    private final AppProcess shell;

    private ShellSession(AppProcess shell) {
        this.shell = shell;
    }

    /// Starts the shell on `store` and waits for its first prompt.
    static ShellSession open(String name, Path logs, TestStore store) throws Exception {
        List<String> arguments = new ArrayList<>(store.arguments());
        AppProcess shell = AppProcess.startWithInput(name, logs, AppProcess.javaJar(AppJars.shell(), List.of(),
                arguments));
        try {
            shell.awaitOutput(Pattern.quote(PROMPT), AppProcess.START_TIMEOUT);
        }
        catch (AssertionError | InterruptedException ex) {
            shell.close();
            throw ex;
        }
        return new ShellSession(shell);
    }

    /// Types `line` and returns what the shell printed until its next prompt.
    String run(String line) throws Exception {
        int from = this.shell.stdout().length();
        this.shell.type(line);
        long deadline = System.nanoTime() + COMMAND_TIMEOUT.toNanos();
        while (true) {
            String output = this.shell.stdout().substring(from);
            int prompt = output.indexOf(PROMPT);
            if (prompt >= 0) {
                return output.substring(0, prompt);
            }
            if (!this.shell.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("'" + line + "' did not finish with a prompt within " + COMMAND_TIMEOUT
                        + ":\n" + this.shell.output());
            }
            Thread.sleep(100);
        }
    }

    /// Everything the shell printed, for failure messages.
    String output() {
        return this.shell.output();
    }

    @Override
    public void close() throws Exception {
        try {
            if (this.shell.isAlive()) {
                this.shell.type("exit");
                this.shell.awaitExit(Duration.ofSeconds(30));
            }
        }
        finally {
            this.shell.close();
        }
    }
}

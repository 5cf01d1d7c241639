package dev.stem.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/// One of the shipped jars running as its own process: `java [jvm options] -jar <jar> [arguments]`
/// with the `java` of the JVM running the tests and nothing added to its class path. Its stdout and
/// stderr go to two files (never a pipe that could fill up and block it), which the waits read.
/// [#close()] always ends it: SIGTERM, then SIGKILL if it is still up after 30 s.
final class AppProcess implements AutoCloseable {

    /// Generous on purpose: the CI machine has two loaded cores and a Boot jar may take a minute to start.
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;

    private final Process process;

    private final Path stdout;

    private final Path stderr;

    private AppProcess(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /// Starts `command` (its first element a program, for example [#java()]), writing its output
    /// under `logs` as `<name>.out` and `<name>.err`; `environment` holds extra variables as
    /// name, value, name, value...
    static AppProcess start(String name, Path logs, List<String> command, String... environment)
            throws IOException {
        return start(name, logs, ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()), command, environment);
    }

    /// Starts `command` as [#start] does, with its stdin a pipe that [#type] writes to.
    static AppProcess startWithInput(String name, Path logs, List<String> command) throws IOException {
        return start(name, logs, ProcessBuilder.Redirect.PIPE, command);
    }

    private static AppProcess start(String name, Path logs, ProcessBuilder.Redirect input, List<String> command,
            String... environment) throws IOException {
        Files.createDirectories(logs);
        Path stdout = logs.resolve(name + ".out");
        Path stderr = logs.resolve(name + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .redirectInput(input);
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        for (int i = 0; i + 1 < environment.length; i += 2) {
            builder.environment().put(environment[i], environment[i + 1]);
        }
        return new AppProcess(name, builder.start(), stdout, stderr);
    }

    /// `java -jar <jar>` with `jvmOptions` before `-jar` and `arguments` after the jar.
    static List<String> javaJar(Path jar, List<String> jvmOptions, List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(arguments);
        return command;
    }

    /// The `java` launcher of the JVM that runs the tests.
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /// Waits until the process's stdout or stderr has a line matching `pattern`; fails with both
    /// outputs if it exits first or the time runs out.
    void awaitOutput(String pattern, Duration timeout) throws InterruptedException {
        Pattern compiled = Pattern.compile(pattern);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!compiled.matcher(stdout() + stderr()).find()) {
            if (!this.process.isAlive()) {
                throw new AssertionError(this.name + " exited (" + this.process.exitValue() + ") before printing /"
                        + pattern + "/:\n" + output());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(this.name + " did not print /" + pattern + "/ within " + timeout + ":\n"
                        + output());
            }
            Thread.sleep(250);
        }
    }

    /// Waits for the process to exit by itself and returns its exit code; fails after `timeout`.
    int awaitExit(Duration timeout) throws InterruptedException {
        if (!this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(this.name + " did not exit within " + timeout + ":\n" + output());
        }
        return this.process.exitValue();
    }

    /// Ends the process at once with SIGKILL, as a crash would, and waits until it is gone.
    void kill() throws InterruptedException {
        this.process.destroyForcibly();
        this.process.waitFor(30, TimeUnit.SECONDS);
    }

    /// Writes `line` and a newline to the process's stdin (started with [#startWithInput]).
    void type(String line) throws IOException {
        this.process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
        this.process.getOutputStream().flush();
    }

    /// The process id.
    long pid() {
        return this.process.pid();
    }

    /// Whether the process still runs.
    boolean isAlive() {
        return this.process.isAlive();
    }

    /// What the process wrote to stdout so far.
    String stdout() {
        return read(this.stdout);
    }

    /// What the process wrote to stderr so far.
    String stderr() {
        return read(this.stderr);
    }

    /// Both outputs, for failure messages.
    String output() {
        return "--- " + this.name + " stdout\n" + stdout() + "--- " + this.name + " stderr\n" + stderr();
    }

    @Override
    public void close() throws InterruptedException {
        if (!this.process.isAlive()) {
            return;
        }
        this.process.destroy();
        if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
            this.process.destroyForcibly();
            this.process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /// [#close()] for cleanup paths: an interrupt is kept for the caller, not thrown.
    void closeQuietly() {
        try {
            close();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
        }
        catch (IOException ex) {
            return "(cannot read " + file + ": " + ex.getMessage() + ")";
        }
    }
}

package dev.stem.bench.scenario;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import dev.stem.bench.Deadline;
import dev.stem.bench.ScenarioTimeoutException;

/// A [FleetWorker] JVM started by the harness: the same `java` and class path as this process.
/// Its standard output is read line by line on a thread of its own; its standard error goes to
/// this process's.
final class WorkerProcess implements AutoCloseable {

    private final Process process;

    private final Writer stdin;

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private WorkerProcess(Process process) {
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread.ofPlatform().daemon().name("fleet-worker-out-" + process.pid()).start(this::readLines);
    }

    /// Starts `FleetWorker` with these arguments.
    static WorkerProcess start(List<String> arguments) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(FleetWorker.class.getName());
        command.addAll(arguments);
        try {
            return new WorkerProcess(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not start a fleet worker process: " + command, ex);
        }
    }

    /// Sends one line to the process's standard input.
    void send(String line) {
        try {
            this.stdin.write(line + "\n");
            this.stdin.flush();
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Could not write to fleet worker " + this.process.pid(), ex);
        }
    }

    /// The next line the process prints; fails when the process ends or the deadline passes first.
    String nextLine(Deadline deadline, String what) throws InterruptedException {
        while (true) {
            String line = this.lines.poll(50, TimeUnit.MILLISECONDS);
            if (line != null) {
                return line;
            }
            if (!this.process.isAlive() && this.lines.isEmpty()) {
                throw new IllegalStateException("Fleet worker " + this.process.pid() + " exited with status "
                        + this.process.exitValue() + " while the harness waited for " + what);
            }
            deadline.check("waiting for fleet worker " + this.process.pid() + ": " + what);
        }
    }

    /// Waits for the process to exit; fails unless it exits with status 0 before the deadline.
    void awaitCleanExit(Deadline deadline) throws InterruptedException {
        if (!this.process.waitFor(deadline.remaining().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new ScenarioTimeoutException("Fleet worker " + this.process.pid() + " did not exit in time");
        }
        if (this.process.exitValue() != 0) {
            throw new IllegalStateException("Fleet worker " + this.process.pid() + " exited with status "
                    + this.process.exitValue());
        }
    }

    /// Kills the process if it still runs.
    @Override
    public void close() {
        this.process.destroyForcibly();
    }

    private void readLines() {
        try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                this.lines.add(line);
            }
        }
        catch (IOException ex) {
            this.lines.add("error: " + ex);
        }
    }
}

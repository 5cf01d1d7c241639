package dev.stem.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/// One incarnation of a chaos worker: a JVM started with this JVM's class path running
/// [ChaosWorkerMain], and the signals a scenario sends it.
public final class WorkerProcess {

    private final String incarnation;

    private final Process process;

    private final Path output;

    private WorkerProcess(String incarnation, Process process, Path output) {
        this.incarnation = incarnation;
        this.process = process;
        this.output = output;
    }

    /// Starts `incarnation` with `jvmArguments` (the store, the queue, the ledger, options), its
    /// output going to `<folder>/<incarnation>.out`, and waits until it reports it is ready.
    static WorkerProcess start(String incarnation, List<String> jvmArguments, Path folder, Duration readyWithin) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.addAll(jvmArguments);
        command.add("-Dchaos.incarnation=" + incarnation);
        command.add(ChaosWorkerMain.class.getName());
        Path output = folder.resolve(incarnation + ".out");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            WorkerProcess worker = new WorkerProcess(incarnation, process, output);
            worker.awaitReady(readyWithin);
            return worker;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void awaitReady(Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (output().contains(ChaosWorkerMain.READY)) {
                return;
            }
            if (!this.process.isAlive()) {
                throw new IllegalStateException("Chaos worker " + this.incarnation + " exited with "
                        + this.process.exitValue() + " before it was ready:\n" + output());
            }
            sleep(Duration.ofMillis(50));
        }
        this.process.destroyForcibly();
        throw new IllegalStateException("Chaos worker " + this.incarnation + " was not ready within " + within
                + ":\n" + output());
    }

    /// The name of this incarnation, as its ledger file is named.
    public String incarnation() {
        return this.incarnation;
    }

    /// Whether the JVM still runs.
    public boolean isAlive() {
        return this.process.isAlive();
    }

    /// SIGKILL, and waits until the process is gone.
    public void kill() {
        this.process.destroyForcibly();
        awaitExit(Duration.ofSeconds(20));
    }

    /// SIGTERM (a graceful stop through the JVM's shutdown hooks), and waits up to `within` for the exit.
    public void terminate(Duration within) {
        this.process.destroy();
        awaitExit(within);
    }

    /// SIGSTOP: the JVM is frozen, holding its leases and connections, until [#resume()].
    public void freeze() {
        signal("STOP");
    }

    /// SIGCONT after [#freeze()].
    public void resume() {
        signal("CONT");
    }

    /// Everything the process printed so far.
    public String output() {
        try {
            return Files.exists(this.output) ? Files.readString(this.output) : "";
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void awaitExit(Duration within) {
        try {
            if (!this.process.waitFor(within.toMillis(), TimeUnit.MILLISECONDS)) {
                this.process.destroyForcibly().waitFor(20, TimeUnit.SECONDS);
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(this.process.pid())).inheritIO().start();
            if (kill.waitFor() != 0) {
                throw new IllegalStateException("kill -" + name + " " + this.process.pid() + " failed");
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }
}

package dev.stem.chaos;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/// A `redis-server` of the run's own on a free port of 127.0.0.1, with the append-only file on and
/// `appendfsync always`, so a scenario can kill, restart and pause it without touching a shared
/// server, and every write Redis acknowledged survives the kill.
public final class PrivateRedis implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path folder;

    private final int port;

    private final List<String> extraArguments;

    private Process process;

    private PrivateRedis(Path folder, int port, List<String> extraArguments) {
        this.folder = folder;
        this.port = port;
        this.extraArguments = extraArguments;
    }

    /// Starts a server whose data and log live in `folder`, with extra `redis-server` arguments.
    public static PrivateRedis start(Path folder, String... extraArguments) {
        try {
            Files.createDirectories(folder);
            PrivateRedis redis = new PrivateRedis(folder, freePort(), List.of(extraArguments));
            redis.start();
            return redis;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /// `redis://127.0.0.1:<port>`, the same across restarts.
    public String url() {
        return "redis://127.0.0.1:" + this.port;
    }

    /// Kills the server with SIGKILL.
    public void kill() {
        this.process.destroyForcibly();
        try {
            if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
                throw new IllegalStateException("redis-server on port " + this.port + " did not die");
            }
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    /// Starts the server (again) on the same port and folder and waits until it answers `PING`.
    public void start() {
        List<String> command = new ArrayList<>(List.of(binary(), "--port", String.valueOf(this.port), "--bind",
                "127.0.0.1", "--dir", this.folder.toString(), "--appendonly", "yes", "--appendfsync", "always",
                "--save", "", "--daemonize", "no", "--protected-mode", "no", "--maxmemory-policy", "noeviction"));
        command.addAll(this.extraArguments);
        try {
            this.process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(this.folder.resolve("redis.log").toFile()))
                    .start();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + this.process.exitValue());
            }
            if (answers()) {
                return;
            }
            WorkerProcess.sleep(Duration.ofMillis(20));
        }
        throw new IllegalStateException("redis-server on port " + this.port + " did not answer within " + START_TIMEOUT);
    }

    /// Whether the server answers `PING` now.
    public boolean answers() {
        return "+PONG".equals(command("PING"));
    }

    /// Sends one inline command and returns the first line of the reply, or `null` on an I/O error.
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", this.port), 500);
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int read;
            while ((read = in.read()) != -1 && read != '\n') {
                if (read != '\r') {
                    line.append((char) read);
                }
            }
            return line.toString();
        }
        catch (IOException ex) {
            return null;
        }
    }

    @Override
    public void close() {
        if (this.process != null && this.process.isAlive()) {
            kill();
        }
    }

    private static String binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                Path candidate = Path.of(entry, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("No redis-server binary on the PATH: the chaos suite starts Redis servers of its own");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

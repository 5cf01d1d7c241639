package dev.stem.test.server;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

import org.junit.jupiter.api.Assumptions;

/// A `redis-server` process of a test's own, on a free port of 127.0.0.1 with its data in a
/// folder of the test, so a test can kill, restart and freeze it without touching the shared server.
///
/// It runs with the append-only file on and `appendfsync always` (and no RDB snapshots), so every
/// write Redis acknowledged is on disk before the reply and survives a SIGKILL: a restart keeps the
/// data set. A server without AOF would come back empty and lose every job written since its last
/// snapshot; no test can make that safe.
///
/// Needs the `redis-server` binary on the `PATH`; without it the test fails when
/// `STEM_REQUIRE_SERVICES=true` or `CI=true`, and is skipped otherwise.
public final class PrivateRedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path binary;

    private final Path folder;

    private final int port;

    private final List<String> settings;

    private Process process;

    private PrivateRedisServer(Path binary, Path folder, int port, List<String> settings) {
        this.binary = binary;
        this.folder = folder;
        this.port = port;
        this.settings = settings;
    }

    /// Starts a server whose data and log live in `folder`.
    public static PrivateRedisServer start(Path folder) throws IOException, InterruptedException {
        return start(folder, List.of());
    }

    /// Starts a server whose data and log live in `folder`, with `settings` (such as
    /// `--maxmemory 2mb`) after the default ones, which they override.
    public static PrivateRedisServer start(Path folder, List<String> settings) throws IOException, InterruptedException {
        PrivateRedisServer server = new PrivateRedisServer(binary(), folder, freePort(), List.copyOf(settings));
        server.start();
        return server;
    }

    /// The port it listens on, the same across restarts.
    public int port() {
        return this.port;
    }

    /// `redis://127.0.0.1:<port>`.
    public String url() {
        return "redis://127.0.0.1:" + this.port;
    }

    /// Kills the server with SIGKILL: no shutdown, no final save.
    public void kill() throws InterruptedException {
        this.process.destroyForcibly();
        if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
            throw new IllegalStateException("redis-server on port " + this.port + " did not die");
        }
    }

    /// Freezes the server with SIGSTOP: connections stay open, nothing is answered until [#thaw].
    public void freeze() throws IOException, InterruptedException {
        signal("STOP");
    }

    /// Lets a [frozen][#freeze] server run again (SIGCONT).
    public void thaw() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(this.process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " of redis-server " + this.process.pid() + " failed");
        }
    }

    /// Starts the server again on the same port and folder, and waits until it has loaded its data.
    public void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(this.binary.toString(), "--port", String.valueOf(this.port),
                "--bind", "127.0.0.1", "--dir", this.folder.toString(), "--appendonly", "yes",
                "--appendfsync", "always", "--save", "", "--daemonize", "no", "--protected-mode", "no",
                "--maxmemory-policy", "noeviction"));
        command.addAll(this.settings);
        this.process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(this.folder.resolve("redis.log").toFile()))
                .start();
        awaitPong();
    }

    @Override
    public void close() throws InterruptedException, IOException {
        if (this.process != null && this.process.isAlive()) {
            thaw();
            kill();
        }
    }

    private void awaitPong() throws InterruptedException, IOException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!this.process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + this.process.exitValue() + ": "
                        + Files.readString(this.folder.resolve("redis.log")));
            }
            if (pong()) {
                return;
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("redis-server on port " + this.port + " did not answer PING within "
                + START_TIMEOUT);
    }

    private boolean pong() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", this.port), 200);
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[5];
            int read = in.readNBytes(reply, 0, reply.length);
            return read == 5 && "+PONG".equals(new String(reply, StandardCharsets.US_ASCII));
        }
        catch (IOException ex) {
            return false;
        }
    }

    private static Path binary() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String entry : path.split(File.pathSeparator)) {
                Path candidate = Path.of(entry, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        String reason = "No redis-server binary on the PATH for a private Redis server";
        if (Boolean.parseBoolean(System.getenv("STEM_REQUIRE_SERVICES")) || Boolean.parseBoolean(System.getenv("CI"))) {
            throw new IllegalStateException(reason + " (required: STEM_REQUIRE_SERVICES or CI is true)");
        }
        return Assumptions.abort(reason);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

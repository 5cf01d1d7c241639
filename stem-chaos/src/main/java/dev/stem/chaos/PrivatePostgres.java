package dev.stem.chaos;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/// A PostgreSQL cluster of the run's own (`initdb` in a fresh folder, a free port of 127.0.0.1,
/// trust authentication), so a scenario can stop it with `pg_ctl -m immediate` and start it again
/// without touching the shared server. As root, the server runs as the `postgres` OS user.
public final class PrivatePostgres implements AutoCloseable {

    private final Path binaries;

    private final Path data;

    private final int port;

    private PrivatePostgres(Path binaries, Path data, int port) {
        this.binaries = binaries;
        this.data = data;
        this.port = port;
    }

    /// Creates and starts a cluster in a new folder under `parent`.
    public static PrivatePostgres start(Path parent) {
        try {
            Path binaries = binaries();
            Path data = Files.createTempDirectory(parent, "pg");
            PrivatePostgres postgres = new PrivatePostgres(binaries, data, freePort());
            if (isRoot()) {
                run("chmod", "755", parent.toString());
                run("chown", "-R", "postgres", data.toString());
            }
            postgres.asOwner(binaries.resolve("initdb").toString(), "-D", data.resolve("cluster").toString(),
                    "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8");
            postgres.start();
            return postgres;
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /// A JDBC URL of the `postgres` database as user `postgres`.
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + this.port + "/postgres?user=postgres";
    }

    /// Starts the server and waits until it accepts connections.
    public void start() {
        asOwner(this.binaries.resolve("pg_ctl").toString(), "-D", this.data.resolve("cluster").toString(), "-l",
                this.data.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                "-p " + this.port + " -c listen_addresses=127.0.0.1 -k " + this.data + " -c fsync=off", "start");
    }

    /// Stops the server at once (`pg_ctl stop -m immediate`): no checkpoint, sessions cut, as a crash.
    public void stopImmediately() {
        asOwner(this.binaries.resolve("pg_ctl").toString(), "-D", this.data.resolve("cluster").toString(), "-m",
                "immediate", "-w", "stop");
    }

    @Override
    public void close() {
        if (isRunning()) {
            stopImmediately();
        }
        try (Stream<Path> files = Files.walk(this.data)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private boolean isRunning() {
        return exitCode(ownerCommand(this.binaries.resolve("pg_ctl").toString(), "-D",
                this.data.resolve("cluster").toString(), "status")) == 0;
    }

    private void asOwner(String... command) {
        run(ownerCommand(command));
    }

    private static String[] ownerCommand(String... command) {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        return line.toArray(String[]::new);
    }

    private static void run(String... command) {
        if (exitCode(command) != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed");
        }
    }

    private static int exitCode(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT).start();
            return process.waitFor();
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", ex);
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                Optional<Path> newest = versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb")))
                        .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString()
                                .replaceAll("\\D", "0"))));
                if (newest.isPresent()) {
                    return newest.get();
                }
            }
        }
        throw new IllegalStateException("No PostgreSQL server binaries (initdb, pg_ctl) under " + root
                + ": the chaos suite starts a PostgreSQL cluster of its own");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}

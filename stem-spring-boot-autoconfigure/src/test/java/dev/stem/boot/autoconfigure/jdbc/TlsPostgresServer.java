package dev.stem.boot.autoconfigure.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import dev.stem.test.server.TestServerPolicy;

/// A PostgreSQL cluster of a test's own (`initdb` in a fresh folder, a free port of 127.0.0.1,
/// trust authentication) with `ssl=on` and a self-signed certificate for `127.0.0.1` and
/// `localhost` made by the JDK's `keytool`; [#certificate()] is that certificate in PEM, for a
/// trust store. Runs the server binaries as the `postgres` user when the test runs as root.
///
/// Needs the PostgreSQL server binaries under `/usr/lib/postgresql/<version>/bin`; without them
/// the test fails when services are required (`STEM_REQUIRE_SERVICES=true` or `CI=true`) and is
/// skipped otherwise.
final class TlsPostgresServer implements AutoCloseable {

    private static final String PASSWORD = "changeit";

    private final Path binaries;

    private final Path cluster;

    private final int port;

    private final Path certificate;

    private TlsPostgresServer(Path binaries, Path cluster, int port, Path certificate) {
        this.binaries = binaries;
        this.cluster = cluster;
        this.port = port;
        this.certificate = certificate;
    }

    /// Makes a certificate and a cluster in `folder` and starts the server.
    static TlsPostgresServer start(Path folder) throws IOException, InterruptedException, GeneralSecurityException {
        Path binaries = binaries();
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path certificate = folder.resolve("server.crt");
        Path key = folder.resolve("server.key");
        selfSigned(folder, "server", "SAN=ip:127.0.0.1,dns:localhost", certificate, key);
        Path cluster = folder.resolve("cluster");
        owned(binaries.resolve("initdb").toString(), "-D", cluster.toString(), "-A", "trust", "-U", "postgres");
        int port = freePort();
        owned(binaries.resolve("pg_ctl").toString(), "-D", cluster.toString(), "-l", folder.resolve("pg.log").toString(),
                "-w", "-o", "-p " + port + " -k " + folder + " -c listen_addresses=127.0.0.1 -c ssl=on"
                        + " -c ssl_cert_file=" + certificate + " -c ssl_key_file=" + key, "start");
        return new TlsPostgresServer(binaries, cluster, port, certificate);
    }

    /// A self-signed certificate for `san` in PEM, with its key, written to `certificate` and `key`.
    static void selfSigned(Path folder, String alias, String san, Path certificate, Path key)
            throws IOException, InterruptedException, GeneralSecurityException {
        Path keyStore = folder.resolve(alias + ".p12");
        run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair", "-alias",
                alias, "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname", "CN=127.0.0.1", "-ext", san,
                "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", PASSWORD, "-keypass",
                PASSWORD));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        writePem(certificate, "CERTIFICATE", store.getCertificate(alias).getEncoded());
        writePem(key, "PRIVATE KEY", ((PrivateKey) store.getKey(alias, PASSWORD.toCharArray())).getEncoded());
        Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
        if (isRoot()) {
            run(List.of("chown", "postgres", key.toString(), certificate.toString()));
        }
    }

    /// `127.0.0.1:<port>`.
    String address() {
        return "127.0.0.1:" + this.port;
    }

    /// The server's certificate in PEM.
    Path certificate() {
        return this.certificate;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        owned(this.binaries.resolve("pg_ctl").toString(), "-D", this.cluster.toString(), "-m", "immediate", "-w",
                "stop");
    }

    private static Path binaries() throws IOException {
        Path root = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(root)) {
            try (Stream<Path> versions = Files.list(root)) {
                List<Path> found = versions.map(version -> version.resolve("bin"))
                        .filter(bin -> Files.isExecutable(bin.resolve("initdb"))).sorted().toList();
                if (!found.isEmpty()) {
                    return found.getLast();
                }
            }
        }
        String reason = "No PostgreSQL server binaries (initdb, pg_ctl) under " + root;
        if (TestServerPolicy.servicesRequired()) {
            throw new IllegalStateException(reason);
        }
        Assumptions.abort(reason);
        throw new IllegalStateException(reason);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void owned(String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        line.addAll(List.of(command));
        run(line);
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output);
        }
    }

    private static void writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

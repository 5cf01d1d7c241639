package dev.stem.boot.autoconfigure.redis;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/// A `redis-server` of a test's own that accepts only TLS, on a free port of 127.0.0.1, with a
/// self-signed certificate for `127.0.0.1` made by the JDK's `keytool`. [#certificate()] is the
/// certificate in PEM, for a trust store.
///
/// Needs the `redis-server` binary on the `PATH` (built with TLS, as Debian's is); without it the
/// test fails when `STEM_REQUIRE_SERVICES=true` or `CI=true`, and is skipped otherwise.
final class TlsRedisServer implements AutoCloseable {

    private static final char[] PASSWORD = "changeit".toCharArray();

    private final Process process;

    private final int port;

    private final Path certificate;

    private TlsRedisServer(Process process, int port, Path certificate) {
        this.process = process;
        this.port = port;
        this.certificate = certificate;
    }

    /// Makes a certificate in `folder` and starts the server.
    static TlsRedisServer start(Path folder) throws IOException, InterruptedException, GeneralSecurityException {
        Path binary = binary();
        Path keyStore = folder.resolve("redis.p12");
        keytool("-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12",
                "-keystore", keyStore.toString(), "-storepass", new String(PASSWORD), "-keypass", new String(PASSWORD));
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD);
        }
        Path certificate = writePem(folder.resolve("redis.crt"), "CERTIFICATE",
                store.getCertificate("redis").getEncoded());
        Path key = writePem(folder.resolve("redis.key"), "PRIVATE KEY",
                ((PrivateKey) store.getKey("redis", PASSWORD)).getEncoded());
        int port = freePort();
        Path log = folder.resolve("redis.log");
        Process process = new ProcessBuilder(binary.toString(), "--port", "0", "--tls-port", String.valueOf(port),
                "--bind", "127.0.0.1", "--dir", folder.toString(), "--tls-cert-file", certificate.toString(),
                "--tls-key-file", key.toString(), "--tls-ca-cert-file", certificate.toString(),
                "--tls-auth-clients", "no", "--save", "", "--appendonly", "no")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        TlsRedisServer server = new TlsRedisServer(process, port, certificate);
        server.awaitReady(log);
        return server;
    }

    /// `127.0.0.1:<port>`, for a `redis://` or `rediss://` URL.
    String address() {
        return "127.0.0.1:" + this.port;
    }

    /// The server's certificate (PEM), which is also its own CA.
    Path certificate() {
        return this.certificate;
    }

    @Override
    public void close() throws InterruptedException {
        this.process.destroyForcibly();
        this.process.waitFor(10, TimeUnit.SECONDS);
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String output = Files.exists(log) ? Files.readString(log) : "";
            if (output.contains("Ready to accept connections")) {
                return;
            }
            if (!this.process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + this.process.exitValue() + ": " + output);
            }
            Thread.sleep(20);
        }
        close();
        throw new IllegalStateException("redis-server with TLS did not start within 20 s: " + Files.readString(log));
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process keytool = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (keytool.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + output);
        }
    }

    private static Path writePem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
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
        String reason = "No redis-server binary on the PATH for a TLS Redis server";
        if ("true".equalsIgnoreCase(System.getenv("STEM_REQUIRE_SERVICES"))
                || "true".equalsIgnoreCase(System.getenv("CI"))) {
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

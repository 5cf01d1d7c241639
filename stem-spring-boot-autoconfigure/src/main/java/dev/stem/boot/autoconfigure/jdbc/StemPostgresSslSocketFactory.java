package dev.stem.boot.autoconfigure.jdbc;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;

import org.springframework.boot.ssl.SslBundle;

/// The `sslfactory` the PostgreSQL driver uses for the pools Stem builds when `stem.jdbc.ssl.bundle`
/// names a Spring Boot SSL bundle: the driver instantiates it with the bundle's name (its
/// `sslfactoryarg`), and it makes sockets from that bundle's `SSLContext`. The driver itself still
/// checks the server's name against its certificate (`sslmode=verify-full`).
public final class StemPostgresSslSocketFactory extends SSLSocketFactory {

    private static final Map<String, SSLContext> contexts = new ConcurrentHashMap<>();

    private final SSLSocketFactory delegate;

    /// The factory of the bundle registered as `bundleName` (called by the driver).
    public StemPostgresSslSocketFactory(String bundleName) {
        SSLContext context = contexts.get(bundleName);
        if (context == null) {
            throw new IllegalStateException("No SSL bundle '" + bundleName + "' is registered for Stem's "
                    + "PostgreSQL connections (stem.jdbc.ssl.bundle)");
        }
        this.delegate = context.getSocketFactory();
    }

    /// Registers `bundle` under `name` for the driver to find.
    static void register(String name, SslBundle bundle) {
        contexts.put(name, bundle.createSslContext());
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return this.delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return this.delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        return this.delegate.createSocket(socket, host, port, autoClose);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return this.delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return this.delegate.createSocket(host, port, localHost, localPort);
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return this.delegate.createSocket(host, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        return this.delegate.createSocket(address, port, localAddress, localPort);
    }
}

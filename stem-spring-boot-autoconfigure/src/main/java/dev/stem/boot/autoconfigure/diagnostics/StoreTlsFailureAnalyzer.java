package dev.stem.boot.autoconfigure.diagnostics;

import java.net.URI;

import javax.net.ssl.SSLException;

import org.jspecify.annotations.Nullable;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.Environment;

/// Reports a TLS handshake that failed the start while Stem's stores use an SSL bundle
/// (`stem.jdbc.ssl.bundle` or `stem.redis.ssl.bundle`): the store's endpoint (host and port, never
/// a password), the error, and the settings to check. Without either setting it leaves the failure
/// to others.
class StoreTlsFailureAnalyzer extends AbstractFailureAnalyzer<SSLException> {

    private final Environment environment;

    StoreTlsFailureAnalyzer(Environment environment) {
        this.environment = environment;
    }

    @Override
    protected @Nullable FailureAnalysis analyze(Throwable rootFailure, SSLException cause) {
        String jdbc = this.environment.getProperty("stem.jdbc.ssl.bundle");
        String redis = this.environment.getProperty("stem.redis.ssl.bundle");
        if (jdbc == null && redis == null) {
            return null;
        }
        String description = "The TLS handshake with the Stem store at " + endpoint() + " failed: "
                + cause.getMessage();
        String action = "Check the SSL bundle named by " + (jdbc != null ? "stem.jdbc.ssl.bundle ('" + jdbc + "')"
                : "stem.redis.ssl.bundle ('" + redis + "')") + ": its trust material (spring.ssl.bundle.*) must "
                + "trust the server's certificate, and the host in stem.broker.url (or stem.backend.url) must be a "
                + "name in that certificate, which is checked (sslmode=verify-full on PostgreSQL).";
        return new FailureAnalysis(description, action, cause);
    }

    private String endpoint() {
        String url = this.environment.getProperty("stem.broker.url", this.environment.getProperty("stem.backend.url",
                ""));
        try {
            URI uri = URI.create(url);
            return uri.getHost() != null ? uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                    : "(stem.broker.url not set)";
        }
        catch (IllegalArgumentException ex) {
            return "(stem.broker.url is not a URL)";
        }
    }
}

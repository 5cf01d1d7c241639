package dev.stem.chaos;

import java.util.List;
import java.util.Locale;

/// The store a chaos run targets, as a worker process is told about it on its command line.
///
/// @param kind Redis or PostgreSQL
/// @param url `redis://host:port` or a JDBC URL
/// @param prefix the key prefix (Redis) or table prefix (PostgreSQL) that isolates the run
/// @param resultsUrl where the results are stored: `url` itself, or (Redis only) a second server
public record ChaosStore(Kind kind, String url, String prefix, String resultsUrl) {

    /// A store whose results live with its messages.
    public ChaosStore(Kind kind, String url, String prefix) {
        this(kind, url, prefix, url);
    }

    /// The kinds of store the suite runs against.
    public enum Kind {
        /// Redis Streams broker and Redis result backend.
        REDIS,
        /// PostgreSQL broker and result backend.
        POSTGRES
    }

    /// Opens the broker and the result backend of this store.
    public StoreConnection open() {
        return this.kind == Kind.REDIS ? StoreConnection.redis(this.url, this.resultsUrl, this.prefix)
                : StoreConnection.postgres(this.url, this.prefix);
    }

    /// The `-D` arguments that make [#fromSystemProperties()] return this store in a child JVM.
    public List<String> jvmArguments() {
        return List.of("-Dchaos.store=" + this.kind.name().toLowerCase(Locale.ROOT), "-Dchaos.url=" + this.url,
                "-Dchaos.prefix=" + this.prefix, "-Dchaos.results-url=" + this.resultsUrl);
    }

    /// The store named by the `chaos.store`, `chaos.url`, `chaos.prefix` and `chaos.results-url`
    /// system properties.
    public static ChaosStore fromSystemProperties() {
        return new ChaosStore(Kind.valueOf(required("chaos.store").toUpperCase(Locale.ROOT)), required("chaos.url"),
                required("chaos.prefix"), required("chaos.results-url"));
    }

    static String required(String property) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("System property " + property + " is required");
        }
        return value;
    }
}

package dev.stem.boot.autoconfigure.jdbc;

import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.sql.init.DatabaseInitializationMode;
import org.springframework.validation.annotation.Validated;

import dev.stem.boot.autoconfigure.validation.MinDuration;
import dev.stem.jdbc.PostgresBrokerOptions;
import dev.stem.jdbc.TablePrefix;

/// Configuration of Stem's PostgreSQL stores under `stem.jdbc.*`. The table prefix and the
/// intervals are checked when they are bound, so a bad value fails the start naming the property.
@ConfigurationProperties("stem.jdbc")
@Validated
public class StemJdbcProperties {

    /// Prefix of every Stem table, index and notification channel: 1-40 characters of a-z, 0-9
    /// and _, starting with a letter or _.
    private String tablePrefix = "stem_";

    /// TLS of the pools Stem builds from `stem.broker.url` and `stem.backend.url`.
    private final Ssl ssl = new Ssl();

    /// When Stem creates and upgrades its tables at startup: always (before any Stem bean uses
    /// them), never (Flyway, Liquibase or a DBA runs the scripts), or embedded (only on an embedded
    /// database, so never for PostgreSQL).
    @NotNull
    private DatabaseInitializationMode initializeSchema = DatabaseInitializationMode.ALWAYS;

    /// Longest time an idle fetch or a result wait goes without querying again when no
    /// notification arrives. The fallback that bounds the delay of a missed NOTIFY.
    @NotNull
    @MinDuration("1ms")
    private Duration pollInterval = Duration.ofMillis(500);

    /// How often, at most, a fetch first returns expired leases (of crashed workers) to the queue.
    @NotNull
    @MinDuration("1ms")
    private Duration reapInterval = Duration.ofMillis(250);

    /// Whether idle fetches are woken by LISTEN/NOTIFY; when false they rely on polling alone (for
    /// a transaction-pooling PgBouncer).
    private boolean listen = true;

    /// Whether the worker's writes (claims, lease extensions, releases, acks with their results,
    /// retries, dead-letter moves) commit with synchronous_commit off, so they do not wait for the
    /// WAL flush: more messages per second where commits are the bottleneck. A database server
    /// crash can lose the last such commits (up to about three times wal_writer_delay), which only
    /// makes those messages run again. Publishing and writes inside the application's transaction
    /// always commit as the server is configured.
    private boolean asyncWorkerCommits = true;

    /// Statement and lock timeout of each claim and of the reaping of expired leases: a claim that
    /// waits longer (behind a table lock, on a stalled server) is cancelled, claims nothing, and the
    /// worker retries the fetch.
    @NotNull
    @MinDuration("1ms")
    private Duration claimTimeout = PostgresBrokerOptions.DEFAULT_CLAIM_TIMEOUT;

    /// Statement and lock timeout of each lease extension, capped at a third of the lease, so that a
    /// stalled extension fails and is retried while the lease still holds.
    @NotNull
    @MinDuration("1ms")
    private Duration leaseExtensionTimeout = PostgresBrokerOptions.DEFAULT_LEASE_EXTENSION_TIMEOUT;

    public String getTablePrefix() {
        return this.tablePrefix;
    }

    public void setTablePrefix(String tablePrefix) {
        try {
            this.tablePrefix = TablePrefix.of(tablePrefix).value();
        }
        catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException("stem.jdbc.table-prefix: " + ex.getMessage(), ex);
        }
    }

    public DatabaseInitializationMode getInitializeSchema() {
        return this.initializeSchema;
    }

    public void setInitializeSchema(DatabaseInitializationMode initializeSchema) {
        this.initializeSchema = initializeSchema;
    }

    public Duration getPollInterval() {
        return this.pollInterval;
    }

    public void setPollInterval(Duration pollInterval) {
        this.pollInterval = pollInterval;
    }

    public Duration getReapInterval() {
        return this.reapInterval;
    }

    public void setReapInterval(Duration reapInterval) {
        this.reapInterval = reapInterval;
    }

    public boolean isListen() {
        return this.listen;
    }

    public void setListen(boolean listen) {
        this.listen = listen;
    }

    public boolean isAsyncWorkerCommits() {
        return this.asyncWorkerCommits;
    }

    public void setAsyncWorkerCommits(boolean asyncWorkerCommits) {
        this.asyncWorkerCommits = asyncWorkerCommits;
    }

    public Duration getClaimTimeout() {
        return this.claimTimeout;
    }

    public void setClaimTimeout(Duration claimTimeout) {
        this.claimTimeout = claimTimeout;
    }

    public Duration getLeaseExtensionTimeout() {
        return this.leaseExtensionTimeout;
    }

    public void setLeaseExtensionTimeout(Duration leaseExtensionTimeout) {
        this.leaseExtensionTimeout = leaseExtensionTimeout;
    }

    /// The table prefix as the adapters take it.
    TablePrefix prefix() {
        return TablePrefix.of(this.tablePrefix);
    }

    /// The broker's tuning, with the default payload limit.
    PostgresBrokerOptions brokerOptions() {
        return new PostgresBrokerOptions(this.pollInterval, this.reapInterval, this.listen, this.asyncWorkerCommits)
                .withClaimTimeout(this.claimTimeout)
                .withLeaseExtensionTimeout(this.leaseExtensionTimeout);
    }

    public Ssl getSsl() {
        return this.ssl;
    }

    /// TLS of Stem's own PostgreSQL pools.
    public static class Ssl {

        /// Name of a Spring Boot SSL bundle (`spring.ssl.bundle.*`) whose trust material checks the
        /// server's certificate; setting it connects with TLS and `sslmode=verify-full` (the server's
        /// name must match its certificate).
        private @Nullable String bundle;

        public @Nullable String getBundle() {
            return this.bundle;
        }

        public void setBundle(@Nullable String bundle) {
            this.bundle = bundle;
        }
    }
}

package dev.stem.jdbc;

import java.time.Duration;

import dev.stem.client.DefaultStem.ClientOptions;

/// Tuning of a [PostgresBroker].
///
/// @param pollInterval longest time an idle fetch waits before it queries again without a
///        notification; the poll fallback is always on, so a lost `NOTIFY` (or a message whose eta
///        just passed) delays delivery by at most this much
/// @param reapInterval how often, at most, a fetch first returns expired leases to the ready state
/// @param listen whether to `LISTEN` for publishes on a dedicated connection; when `false`, idle
///        fetches rely on polling alone (for poolers that do not support `LISTEN`)
/// @param asyncWorkerCommits whether the worker's writes (claims, lease extensions, releases, acks
///        with their results, retries, dead-letter moves and the reaping of expired leases) commit
///        with `synchronous_commit = off` when they run outside a transaction of the caller. Such a
///        commit returns before its WAL is flushed, so it no longer waits for the disk: more
///        messages per second where commits are the bottleneck. A server crash (not a client or
///        connection failure) can lose the last such commits, up to about three times
///        `wal_writer_delay` (600 ms by default); each is one atomic transaction and is lost whole,
///        so a lost claim, ack, release, retry or dead-letter move only makes that message run
///        again, which at-least-once delivery allows. Publishing always commits as the server is
///        configured, so an enqueue that returned survives a crash. The setting is local to each
///        statement's own transaction and never changes the pooled connection; a write that joins
///        the caller's transaction leaves it alone, so the caller's commit is as durable as configured
/// @param claimTimeout the `statement_timeout` and `lock_timeout` of each claim and of the reaper:
///        a claim that waits longer (behind a table lock, on a stalled server) is cancelled by the
///        server, claims nothing, and the fetch throws a
///        [dev.stem.broker.BrokerUnavailableException] that the worker retries
/// @param leaseExtensionTimeout the `statement_timeout` and `lock_timeout` of each lease
///        extension, capped at a third of the lease being set, so that a stalled extension fails
///        (and is retried) while the lease still holds
/// @param maxPayloadBytes the largest stored message a fetch reads: a longer one is moved to the
///        dead letters with reason `payload-too-large` without being read out of the database
///        (its length is checked in the claim statement); the client's
///        `stem.client.max-payload-size` by default
public record PostgresBrokerOptions(Duration pollInterval, Duration reapInterval, boolean listen,
        boolean asyncWorkerCommits, Duration claimTimeout, Duration leaseExtensionTimeout, long maxPayloadBytes) {

    /// Claims time out after 10 s.
    public static final Duration DEFAULT_CLAIM_TIMEOUT = Duration.ofSeconds(10);

    /// Lease extensions time out after 5 s.
    public static final Duration DEFAULT_LEASE_EXTENSION_TIMEOUT = Duration.ofSeconds(5);

    /// Poll every 500 ms, reap every 250 ms, listen for notifications, commit the worker's writes
    /// asynchronously, claims time out after 10 s and lease extensions after 5 s, messages up to
    /// the client's default payload limit (1 MiB).
    public static final PostgresBrokerOptions DEFAULTS =
            new PostgresBrokerOptions(Duration.ofMillis(500), Duration.ofMillis(250), true, true);

    public PostgresBrokerOptions {
        requirePositive("pollInterval", pollInterval);
        requirePositive("reapInterval", reapInterval);
        requirePositive("claimTimeout", claimTimeout);
        requirePositive("leaseExtensionTimeout", leaseExtensionTimeout);
        if (maxPayloadBytes < 1) {
            throw new IllegalArgumentException("Invalid maxPayloadBytes '" + maxPayloadBytes + "': must be positive");
        }
    }

    /// Options with the default timeouts and payload limit.
    public PostgresBrokerOptions(Duration pollInterval, Duration reapInterval, boolean listen,
            boolean asyncWorkerCommits) {
        this(pollInterval, reapInterval, listen, asyncWorkerCommits, DEFAULT_CLAIM_TIMEOUT,
                DEFAULT_LEASE_EXTENSION_TIMEOUT, ClientOptions.DEFAULT.maxPayloadBytes());
    }

    /// Options with the worker's writes committed asynchronously, the default timeouts and payload limit.
    public PostgresBrokerOptions(Duration pollInterval, Duration reapInterval, boolean listen) {
        this(pollInterval, reapInterval, listen, true);
    }

    /// These options with another [#claimTimeout()].
    public PostgresBrokerOptions withClaimTimeout(Duration timeout) {
        return new PostgresBrokerOptions(this.pollInterval, this.reapInterval, this.listen, this.asyncWorkerCommits,
                timeout, this.leaseExtensionTimeout, this.maxPayloadBytes);
    }

    /// These options with another [#leaseExtensionTimeout()].
    public PostgresBrokerOptions withLeaseExtensionTimeout(Duration timeout) {
        return new PostgresBrokerOptions(this.pollInterval, this.reapInterval, this.listen, this.asyncWorkerCommits,
                this.claimTimeout, timeout, this.maxPayloadBytes);
    }

    /// These options with another [#maxPayloadBytes()].
    public PostgresBrokerOptions withMaxPayloadBytes(long bytes) {
        return new PostgresBrokerOptions(this.pollInterval, this.reapInterval, this.listen, this.asyncWorkerCommits,
                this.claimTimeout, this.leaseExtensionTimeout, bytes);
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Invalid " + field + " '" + value + "': must be positive");
        }
    }
}

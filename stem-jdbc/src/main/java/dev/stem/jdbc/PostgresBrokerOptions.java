package dev.stem.jdbc;

import java.time.Duration;

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
public record PostgresBrokerOptions(Duration pollInterval, Duration reapInterval, boolean listen,
        boolean asyncWorkerCommits) {

    /// Poll every 500 ms, reap every 250 ms, listen for notifications, commit the worker's writes
    /// asynchronously.
    public static final PostgresBrokerOptions DEFAULTS =
            new PostgresBrokerOptions(Duration.ofMillis(500), Duration.ofMillis(250), true, true);

    public PostgresBrokerOptions {
        requirePositive("pollInterval", pollInterval);
        requirePositive("reapInterval", reapInterval);
    }

    /// Options with the worker's writes committed asynchronously.
    public PostgresBrokerOptions(Duration pollInterval, Duration reapInterval, boolean listen) {
        this(pollInterval, reapInterval, listen, true);
    }

    private static void requirePositive(String field, Duration value) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("Invalid " + field + " '" + value + "': must be positive");
        }
    }
}

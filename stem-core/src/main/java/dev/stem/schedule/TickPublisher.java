package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;

import dev.stem.envelope.Envelope;

/// Claims one tick of a schedule entry and publishes its message in one atomic step, so that with
/// any number of beat instances each tick is published exactly once: never twice, and never lost
/// because a beat died between claiming and publishing.
///
/// Implemented by the brokers that beat publishes through (in memory, Redis, PostgreSQL), each
/// with its own store's atomicity: one Lua script on Redis, one transaction on PostgreSQL.
///
/// Promises every adapter keeps (the contract test kit checks them):
///
/// - For a given (entry id, tick), at most one call returns `true` while the claim is kept
///   (`claimTtl`), across threads and processes; that call published `envelope` as
///   [dev.stem.broker.Broker#publish] does. Every other call published nothing.
/// - A call that fails (throws) either published its message and holds the claim, or did neither.
public interface TickPublisher {

    /// Claims tick `tick` of entry `entryId` for `claimTtl` and publishes `envelope` in the same
    /// atomic step; `false` (nothing published) if the tick was already claimed.
    boolean publishTick(String entryId, Instant tick, Envelope envelope, Duration claimTtl);
}

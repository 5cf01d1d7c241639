package dev.stem.canvas;

import java.time.Duration;

/// Counts the members of chords and publishes each chord's body, or its error callback, exactly once.
///
/// Promises every adapter keeps (checked by the contract kit, `ChordStoreContractTests`):
///
/// - Members are counted as a set of member ids: a member that arrives twice (run again after its
///   worker died, or delivered twice) counts once, and its result is kept once.
/// - When the last member succeeds and no member failed, the body message is published with the
///   members' results in member order, exactly once. Claiming it and publishing it are one atomic
///   step (one Lua script on Redis, one transaction on PostgreSQL, one lock in memory): no crash can
///   leave a chord claimed but its body unpublished.
/// - When a member fails for good first, the error callback (if any) is published once, with that
///   member's id and error, and the body never is.
/// - Every record of a chord expires after the given time to live, counted again from each arrival.
public interface ChordStore {

    /// Records a chord before any member is published. Opening the same chord id again changes nothing.
    void open(ChordPlan plan, Duration ttl);

    /// Records that member `memberId` of `chordId` succeeded with `resultJson` (a JSON value) and,
    /// if that completes the chord, publishes its body.
    ChordArrival succeeded(String chordId, String memberId, String resultJson, Duration ttl);

    /// Records that member `memberId` of `chordId` failed for good and, if the chord is not decided
    /// yet, publishes its error callback with `failureJson` (the member id and error as two
    /// comma-separated JSON values) in place of the slot.
    ChordArrival failed(String chordId, String memberId, String failureJson, Duration ttl);
}

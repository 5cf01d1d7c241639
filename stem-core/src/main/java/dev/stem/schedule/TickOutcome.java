package dev.stem.schedule;

/// What became of the last tick beat handled for an entry.
public enum TickOutcome {

    /// This beat claimed the tick and published its message.
    PUBLISHED,

    /// Another beat instance had claimed the tick and published its message.
    CLAIMED_ELSEWHERE,

    /// The tick was missed and the entry's [MissedRunPolicy] fired nothing for it.
    SKIPPED,

    /// Publishing failed (the broker was down); beat tries the tick again on its next pass.
    FAILED
}

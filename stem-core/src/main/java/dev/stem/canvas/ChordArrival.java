package dev.stem.canvas;

/// What a member's arrival at its chord did.
public enum ChordArrival {

    /// The chord is unknown or expired: nothing was recorded.
    UNKNOWN,
    /// Counted; the chord waits for more members.
    COUNTED,
    /// Counted, and it completed the chord: the body was published now.
    BODY_PUBLISHED,
    /// Counted as failed, and the chord's error callback (if any) was published now; the body never runs.
    ERROR_PUBLISHED,
    /// Counted, but the chord was already decided (body or error callback published before).
    ALREADY_DECIDED
}

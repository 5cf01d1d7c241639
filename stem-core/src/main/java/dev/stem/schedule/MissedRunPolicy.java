package dev.stem.schedule;

/// What beat does with the ticks of an entry that passed while no beat ran: ticks older than the
/// beat's `missed-after` grace when beat finds them. Ticks within the grace are late, not missed,
/// and fire one message each whatever the policy.
public enum MissedRunPolicy {

    /// Missed ticks fire nothing; the entry continues with its next tick.
    SKIP,

    /// Missed ticks together fire one message, for the most recent of them (coalesce).
    FIRE_ONCE,

    /// Each missed tick fires its own message, oldest first, at most the entry's `catchUpLimit` most
    /// recent ones; older missed ticks fire nothing.
    CATCH_UP
}

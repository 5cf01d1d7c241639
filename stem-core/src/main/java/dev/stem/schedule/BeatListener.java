package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/// Told by a [Beat] what became of each tick it handled, for metrics and logs. Called on the beat's
/// pass thread; must return quickly and not throw.
public interface BeatListener {

    /// A listener that does nothing.
    BeatListener NONE = new BeatListener() {
    };

    /// Tick `tick` of entry `entryId` ended as `outcome`: [TickOutcome#PUBLISHED] by this beat (with
    /// `drift`, publish time minus tick), [TickOutcome#CLAIMED_ELSEWHERE] or [TickOutcome#FAILED].
    default void tickHandled(String entryId, Instant tick, TickOutcome outcome, @Nullable Duration drift) {
    }

    /// `count` missed ticks of entry `entryId` published nothing, by its [MissedRunPolicy].
    default void ticksSkipped(String entryId, long count) {
    }
}

package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/// Keeps schedule entries where every beat instance can see and edit them.
///
/// Promises every adapter keeps:
///
/// - `due` lists enabled entries whose `nextRunAt` is at or before the given time, earliest first.
/// - `claimTick` returns `true` to exactly one caller per (entry, tick), across processes, for at
///   least `hold`: a tick fires once even with many beat instances.
public interface ScheduleStore {

    /// Creates or replaces the entry with the same id.
    void save(ScheduleEntry entry);

    /// Deletes an entry; `true` if it existed.
    boolean remove(String id);

    /// One entry by id.
    Optional<ScheduleEntry> get(String id);

    /// Every entry, ordered by id.
    List<ScheduleEntry> list();

    /// Enabled entries due at `now`, earliest first, at most `limit`.
    List<ScheduleEntry> due(Instant now, int limit);

    /// Claims the tick `tick` of entry `id`; `true` for exactly one caller.
    boolean claimTick(String id, Instant tick, Duration hold);
}

package dev.stem.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/// Keeps schedule entries and their state where every beat instance can see and edit them.
///
/// Promises every adapter keeps (the contract test kit checks them):
///
/// - Records read back exactly as saved, times at millisecond precision.
/// - `due` lists the records of enabled entries whose `nextRunAt` is at or before the given time,
///   earliest first.
/// - `advance` is a compare-and-set: it replaces an enabled entry's state only while its stored
///   `nextRunAt` is still the expected one, so of several beat instances that handled the same
///   tick only the first moves the entry on, and a stale instance never moves it back.
///
/// Claiming a tick and publishing its message are one step of the broker, see [TickPublisher].
public interface ScheduleStore {

    /// Creates or replaces the record with the same id (definition and state).
    void save(ScheduleRecord record);

    /// Deletes an entry with its state; `true` if it existed.
    boolean remove(String id);

    /// One record by id.
    Optional<ScheduleRecord> get(String id);

    /// Every record, ordered by id.
    List<ScheduleRecord> list();

    /// Records of enabled entries due at `now`, earliest `nextRunAt` first, at most `limit`.
    List<ScheduleRecord> due(Instant now, int limit);

    /// Replaces the state of entry `id` with `state` if the entry exists, is enabled, and its stored
    /// `nextRunAt` equals `expectedNextRunAt`; `true` if it did.
    boolean advance(String id, @Nullable Instant expectedNextRunAt, ScheduleState state);
}

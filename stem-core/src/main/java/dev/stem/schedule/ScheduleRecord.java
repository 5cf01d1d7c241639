package dev.stem.schedule;

import java.util.Objects;

/// One stored entry with its state, as a [ScheduleStore] returns it.
///
/// @param entry the definition
/// @param state what beat knows of its runs
public record ScheduleRecord(ScheduleEntry entry, ScheduleState state) {

    public ScheduleRecord {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(state, "state");
    }

    /// The entry's id.
    public String id() {
        return this.entry.id();
    }
}

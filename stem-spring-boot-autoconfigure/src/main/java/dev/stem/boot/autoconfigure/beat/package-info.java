/// Auto-configuration of beat: the schedule-management API ([dev.stem.schedule.Schedules]), the
/// beat engine when `stem.beat.enabled=true`, and the entries of `stem.beat.schedules.*` and
/// `@StemSchedule`.
@NullMarked
package dev.stem.boot.autoconfigure.beat;

import org.jspecify.annotations.NullMarked;

package dev.stem.annotation;

import java.util.ArrayList;
import java.util.List;

import dev.stem.schedule.ScheduleEntry;

/// The schedule entries declared with [StemSchedule] in an application context, each checked by
/// [dev.stem.schedule.ScheduleValidator]; filled by [StemScheduleAnnotationBeanPostProcessor] once
/// every singleton exists. Thread-safe.
public final class AnnotatedSchedules {

    private final List<ScheduleEntry> entries = new ArrayList<>();

    synchronized void add(ScheduleEntry entry) {
        this.entries.add(entry);
    }

    /// The entries found so far, in the order found.
    public synchronized List<ScheduleEntry> entries() {
        return List.copyOf(this.entries);
    }
}

package dev.stem.memory;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;

import dev.stem.schedule.ScheduleRecord;
import dev.stem.schedule.ScheduleState;
import dev.stem.schedule.ScheduleStore;

/// A [ScheduleStore] in this JVM's memory; every method holds one lock, so `advance` is a true
/// compare-and-set. Thread-safe.
public final class InMemoryScheduleStore implements ScheduleStore {

    private static final Comparator<ScheduleRecord> BY_NEXT_RUN = Comparator
            .comparing((ScheduleRecord record) -> Objects.requireNonNull(record.state().nextRunAt()))
            .thenComparing(ScheduleRecord::id);

    private final Map<String, ScheduleRecord> records = new TreeMap<>();

    @Override
    public synchronized void save(ScheduleRecord record) {
        this.records.put(record.id(), record);
    }

    @Override
    public synchronized boolean remove(String id) {
        return this.records.remove(id) != null;
    }

    @Override
    public synchronized Optional<ScheduleRecord> get(String id) {
        return Optional.ofNullable(this.records.get(id));
    }

    @Override
    public synchronized List<ScheduleRecord> list() {
        return List.copyOf(this.records.values());
    }

    @Override
    public synchronized List<ScheduleRecord> due(Instant now, int limit) {
        Checks.requireNotNegative("limit", limit);
        return this.records.values().stream()
                .filter((record) -> record.entry().enabled() && record.state().nextRunAt() != null
                        && !record.state().nextRunAt().isAfter(now))
                .sorted(BY_NEXT_RUN).limit(limit).toList();
    }

    @Override
    public synchronized boolean advance(String id, @Nullable Instant expectedNextRunAt, ScheduleState state) {
        ScheduleRecord record = this.records.get(id);
        if (record == null || !record.entry().enabled()
                || !Objects.equals(record.state().nextRunAt(), expectedNextRunAt)) {
            return false;
        }
        this.records.put(id, new ScheduleRecord(record.entry(), state));
        return true;
    }
}

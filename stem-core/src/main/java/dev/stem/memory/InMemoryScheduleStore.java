package dev.stem.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleStore;

/// A [ScheduleStore] in this JVM's memory.
///
/// `claimTick` grants each (entry, tick) to exactly one caller of this instance and remembers the
/// claim for `hold` by the given clock; the entry need not exist. Thread-safe.
public final class InMemoryScheduleStore implements ScheduleStore {

    private static final Comparator<ScheduleEntry> BY_NEXT_RUN = Comparator
            .comparing((ScheduleEntry entry) -> Objects.requireNonNull(entry.nextRunAt()))
            .thenComparing(ScheduleEntry::id);

    private final Clock clock;

    private final Map<String, ScheduleEntry> entries = new TreeMap<>();

    private final ExpiringMap<Tick, Boolean> claims = new ExpiringMap<>();

    /// A store on the system UTC clock.
    public InMemoryScheduleStore() {
        this(Clock.systemUTC());
    }

    /// A store that reads time from `clock`.
    public InMemoryScheduleStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized void save(ScheduleEntry entry) {
        this.entries.put(entry.id(), entry);
    }

    @Override
    public synchronized boolean remove(String id) {
        return this.entries.remove(id) != null;
    }

    @Override
    public synchronized Optional<ScheduleEntry> get(String id) {
        return Optional.ofNullable(this.entries.get(id));
    }

    @Override
    public synchronized List<ScheduleEntry> list() {
        return List.copyOf(this.entries.values());
    }

    @Override
    public synchronized List<ScheduleEntry> due(Instant now, int limit) {
        Checks.requireNotNegative("limit", limit);
        return this.entries.values().stream()
                .filter((entry) -> entry.enabled() && entry.nextRunAt() != null && !entry.nextRunAt().isAfter(now))
                .sorted(BY_NEXT_RUN).limit(limit).toList();
    }

    @Override
    public synchronized boolean claimTick(String id, Instant tick, Duration hold) {
        Checks.requirePositive("hold", hold);
        Instant now = this.clock.instant();
        return this.claims.putIfAbsent(new Tick(id, tick), Boolean.TRUE, now.plus(hold), now);
    }

    private record Tick(String id, Instant at) {
    }
}

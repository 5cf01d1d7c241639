package dev.stem.redis;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.RedisScripts;
import dev.stem.redis.support.StemTemplates;
import dev.stem.schedule.ScheduleJson;
import dev.stem.schedule.ScheduleRecord;
import dev.stem.schedule.ScheduleState;
import dev.stem.schedule.ScheduleStore;

/// A [ScheduleStore] on Redis, with keys sharing the hash tag `{schedule}`:
///
/// - `<prefix>:{schedule}:entries`: hash from entry id to the entry as JSON ([ScheduleJson]);
/// - `<prefix>:{schedule}:states`: hash from entry id to its state as JSON;
/// - `<prefix>:{schedule}:due`: sorted set of the ids of enabled entries with a next run, scored by
///   it in epoch milliseconds, which [#due] reads and [#advance] compares.
///
/// Saving, removing and advancing are one script each. The claims of ticks live with the queue
/// they publish to (see [RedisStreamsBroker#publishTick]).
public final class RedisScheduleStore implements ScheduleStore {

    private static final RedisScript<Long> SAVE = RedisScripts.load("schedule_save", Long.class);

    private static final RedisScript<Long> REMOVE = RedisScripts.load("schedule_remove", Long.class);

    private static final RedisScript<Long> ADVANCE = RedisScripts.load("schedule_advance", Long.class);

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    /// A store on `connectionFactory` whose keys start with `keyPrefix`.
    public RedisScheduleStore(RedisConnectionFactory connectionFactory, String keyPrefix) {
        this.redis = StemTemplates.of(connectionFactory);
        this.keys = new RedisKeys(keyPrefix);
    }

    @Override
    public void save(ScheduleRecord record) {
        Instant next = record.state().nextRunAt();
        String score = record.entry().enabled() && next != null ? String.valueOf(next.toEpochMilli()) : "";
        this.redis.execute(SAVE, List.of(entries(), states(), dueIndex()), record.id(),
                ScheduleJson.write(record.entry()), ScheduleJson.write(record.state()), score);
    }

    @Override
    public boolean remove(String id) {
        Long removed = this.redis.execute(REMOVE, List.of(entries(), states(), dueIndex()), id);
        return removed != null && removed == 1;
    }

    @Override
    public Optional<ScheduleRecord> get(String id) {
        List<ScheduleRecord> found = read(List.of(id));
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    @Override
    public List<ScheduleRecord> list() {
        Set<Object> ids = this.redis.opsForHash().keys(entries());
        return read(ids.stream().map(Object::toString).toList()).stream()
                .sorted(Comparator.comparing(ScheduleRecord::id)).toList();
    }

    @Override
    public List<ScheduleRecord> due(Instant now, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("Invalid limit '" + limit + "': must not be negative");
        }
        if (limit == 0) {
            return List.of();
        }
        Set<String> ids = this.redis.opsForZSet().rangeByScore(dueIndex(), Double.NEGATIVE_INFINITY,
                now.toEpochMilli(), 0, limit);
        return ids == null || ids.isEmpty() ? List.of() : read(List.copyOf(ids));
    }

    @Override
    public boolean advance(String id, @Nullable Instant expectedNextRunAt, ScheduleState state) {
        if (expectedNextRunAt == null) {
            return false;
        }
        Instant next = state.nextRunAt();
        Long advanced = this.redis.execute(ADVANCE, List.of(states(), dueIndex()), id,
                String.valueOf(expectedNextRunAt.toEpochMilli()), ScheduleJson.write(state),
                next != null ? String.valueOf(next.toEpochMilli()) : "");
        return advanced != null && advanced == 1;
    }

    private List<ScheduleRecord> read(List<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        List<Object> fields = new ArrayList<>(ids);
        List<Object> entries = this.redis.opsForHash().multiGet(entries(), fields);
        List<Object> states = this.redis.opsForHash().multiGet(states(), fields);
        List<ScheduleRecord> records = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            Object entry = entries.get(i);
            Object state = states.get(i);
            if (entry != null) {
                records.add(new ScheduleRecord(ScheduleJson.readEntry(entry.toString()),
                        state != null ? ScheduleJson.readState(state.toString()) : ScheduleState.first(null)));
            }
        }
        return records;
    }

    private String entries() {
        return this.keys.key("{schedule}:entries");
    }

    private String states() {
        return this.keys.key("{schedule}:states");
    }

    private String dueIndex() {
        return this.keys.key("{schedule}:due");
    }
}

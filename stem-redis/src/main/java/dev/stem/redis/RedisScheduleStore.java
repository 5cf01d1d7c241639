package dev.stem.redis;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.envelope.Names;
import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.RedisScripts;
import dev.stem.redis.support.StemJson;
import dev.stem.redis.support.StemTemplates;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleStore;

/// A [ScheduleStore] on Redis, with keys sharing the hash tag `{schedule}`:
///
/// - `<prefix>:{schedule}:entries`: hash from entry id to the entry as JSON;
/// - `<prefix>:{schedule}:due`: sorted set of the ids of enabled entries with a next run, scored by
///   it in epoch milliseconds, which [#due] reads;
/// - `<prefix>:{schedule}:tick:<id>:<tick in epoch ms>`: the claim of one tick, taken with
///   `SET NX PX`, so exactly one beat instance fires each tick however many run.
///
/// Saving and removing update both structures in one script.
public final class RedisScheduleStore implements ScheduleStore {

    private static final RedisScript<Long> SAVE = RedisScripts.load("schedule_save", Long.class);

    private static final RedisScript<Long> REMOVE = RedisScripts.load("schedule_remove", Long.class);

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    private final JsonMapper mapper = StemJson.mapper();

    /// A store on `connectionFactory` whose keys start with `keyPrefix`.
    public RedisScheduleStore(RedisConnectionFactory connectionFactory, String keyPrefix) {
        this.redis = StemTemplates.of(connectionFactory);
        this.keys = new RedisKeys(keyPrefix);
    }

    @Override
    public void save(ScheduleEntry entry) {
        Instant next = entry.nextRunAt();
        String score = entry.enabled() && next != null ? String.valueOf(next.toEpochMilli()) : "";
        this.redis.execute(SAVE, List.of(entries(), dueIndex()), entry.id(), this.mapper.writeValueAsString(entry),
                score);
    }

    @Override
    public boolean remove(String id) {
        Long removed = this.redis.execute(REMOVE, List.of(entries(), dueIndex()), id);
        return removed != null && removed == 1;
    }

    @Override
    public Optional<ScheduleEntry> get(String id) {
        Object json = this.redis.opsForHash().get(entries(), id);
        return json == null ? Optional.empty() : Optional.of(read(json));
    }

    @Override
    public List<ScheduleEntry> list() {
        Map<Object, Object> all = this.redis.opsForHash().entries(entries());
        return all.values().stream().map(this::read).sorted(Comparator.comparing(ScheduleEntry::id)).toList();
    }

    @Override
    public List<ScheduleEntry> due(Instant now, int limit) {
        if (limit < 1) {
            return List.of();
        }
        Set<String> ids = this.redis.opsForZSet().rangeByScore(dueIndex(), Double.NEGATIVE_INFINITY, now.toEpochMilli(),
                0, limit);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<Object> fields = new ArrayList<>(ids);
        List<Object> values = this.redis.opsForHash().multiGet(entries(), fields);
        return values.stream().filter(Objects::nonNull).map(this::read).toList();
    }

    @Override
    public boolean claimTick(String id, Instant tick, Duration hold) {
        Names.requireId("id", id);
        if (hold.isNegative() || hold.toMillis() < 1) {
            throw new IllegalArgumentException("hold must be at least 1 ms, was " + hold);
        }
        String claim = this.keys.key("{schedule}:tick:" + id + ":" + tick.toEpochMilli());
        return Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(claim, "1", hold));
    }

    private ScheduleEntry read(Object json) {
        return this.mapper.readValue(json.toString(), ScheduleEntry.class);
    }

    private String entries() {
        return this.keys.key("{schedule}:entries");
    }

    private String dueIndex() {
        return this.keys.key("{schedule}:due");
    }
}

package dev.stem.redis;

import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.redis.support.QueueKeys;
import dev.stem.redis.support.RedisScripts;

/// Reads, replays and purges the dead letter streams of [RedisStreamsBroker].
///
/// A dead letter is a stream entry with the fields `id`, `payload` (the raw message text, readable
/// or not), `code`, `message`, `errorType` (empty when none) and `deadAt` (epoch milliseconds, Redis
/// server time); the queue's dead letter index maps `id` to the entry.
final class RedisDeadLetters {

    private static final RedisScript<Long> REPLAY = RedisScripts.load("replay", Long.class);

    private static final RedisScript<Long> PURGE_DEAD = RedisScripts.load("purge_dead", Long.class);

    private final StringRedisTemplate redis;

    private final EnvelopeCodec codec;

    RedisDeadLetters(StringRedisTemplate redis, EnvelopeCodec codec) {
        this.redis = redis;
        this.codec = codec;
    }

    /// Oldest first; reads `offset + limit` entries, so deep pages cost more.
    List<DeadLetter> list(QueueKeys queue, int offset, int limit) {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must not be negative, was " + offset);
        }
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative, was " + limit);
        }
        if (limit == 0) {
            return List.of();
        }
        int count = (int) Math.min(Integer.MAX_VALUE, (long) offset + limit);
        List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
                .range(queue.dead(), Range.unbounded(), Limit.limit().count(count));
        if (records == null) {
            return List.of();
        }
        return records.stream().skip(offset).map(record -> toDeadLetter(queue.queue(), record)).toList();
    }

    Optional<DeadLetter> find(QueueKeys queue, String id) {
        return entry(queue, id).map(record -> toDeadLetter(queue.queue(), record));
    }

    /// Applies `republish` to every dead letter found before moving any of them.
    int replay(QueueKeys queue, Collection<String> ids, RepublishInterceptor republish) {
        Map<String, Envelope> replays = new LinkedHashMap<>();
        Map<String, String> entryIds = new LinkedHashMap<>();
        for (String id : new LinkedHashSet<>(ids)) {
            Optional<MapRecord<String, Object, Object>> record = entry(queue, id);
            if (record.isEmpty()) {
                continue;
            }
            Envelope envelope = decode(field(record.get().getValue(), "payload"));
            if (envelope == null) {
                continue;
            }
            replays.put(id, republish.beforeRepublish(envelope,
                    envelope.replayed().toBuilder().queue(queue.queue()).build()));
            entryIds.put(id, record.get().getId().getValue());
        }
        int replayed = 0;
        for (Map.Entry<String, Envelope> replay : replays.entrySet()) {
            Envelope fresh = replay.getValue();
            Long done = this.redis.execute(REPLAY,
                    List.of(queue.stream(fresh.priority()), queue.dead(), queue.deadIndex()),
                    entryIds.get(replay.getKey()), replay.getKey(), this.codec.encode(fresh));
            if (done != null && done == 1) {
                replayed++;
            }
        }
        return replayed;
    }

    long purge(QueueKeys queue) {
        Long purged = this.redis.execute(PURGE_DEAD, List.of(queue.dead(), queue.deadIndex()));
        return purged == null ? 0 : purged;
    }

    private Optional<MapRecord<String, Object, Object>> entry(QueueKeys queue, String id) {
        Object entryId = this.redis.opsForHash().get(queue.deadIndex(), id);
        if (entryId == null) {
            return Optional.empty();
        }
        List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
                .range(queue.dead(), Range.closed(entryId.toString(), entryId.toString()));
        return records == null ? Optional.empty() : records.stream().findFirst();
    }

    private DeadLetter toDeadLetter(String queue, MapRecord<String, Object, Object> record) {
        Map<Object, Object> fields = record.getValue();
        String payload = field(fields, "payload");
        String errorType = field(fields, "errorType");
        DeadLetterReason reason = new DeadLetterReason(field(fields, "code"), field(fields, "message"),
                errorType.isEmpty() ? null : errorType);
        String deadAt = field(fields, "deadAt");
        return new DeadLetter(field(fields, "id"), queue, payload, decode(payload), reason,
                deadAt.isEmpty() ? Instant.EPOCH : Instant.ofEpochMilli(Long.parseLong(deadAt)));
    }

    private @Nullable Envelope decode(String payload) {
        try {
            return this.codec.decode(payload);
        }
        catch (RuntimeException ex) {
            return null;
        }
    }

    private static String field(Map<Object, Object> fields, String name) {
        Object value = fields.get(name);
        return value == null ? "" : value.toString();
    }
}

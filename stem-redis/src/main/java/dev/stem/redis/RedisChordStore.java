package dev.stem.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.canvas.ChordArrival;
import dev.stem.canvas.ChordPlan;
import dev.stem.canvas.ChordStore;
import dev.stem.canvas.SlotMessage;
import dev.stem.redis.support.QueueKeys;
import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.RedisScripts;
import dev.stem.redis.support.StemTemplates;

/// A [ChordStore] on Redis, publishing to the queues of a [RedisStreamsBroker] with the same prefix.
///
/// A chord is three keys sharing the hash tag `{c:<chord id>}`: `chord` (a hash: size, member ids in
/// order, the body and error callback messages with their slot, their stream keys and publish
/// markers, and `decided` once decided), `arrived` (the set of member ids that arrived) and `results`
/// (a hash from member id to result JSON). Each arrival is one script call (`chord_arrive.lua`) that
/// counts the member, refreshes every key's time to live and, when it decides the chord, fills the
/// slot and `XADD`s the message to its stream under its publish marker, in the same call. Every key
/// expires. The script writes to the body's stream, another hash slot: chords need a Redis that
/// is not a cluster.
public final class RedisChordStore implements ChordStore {

    private static final RedisScript<Long> OPEN = RedisScripts.load("chord_open", Long.class);

    private static final RedisScript<String> ARRIVE = RedisScripts.load("chord_arrive", String.class);

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    private final JsonMapper mapper = JsonMapper.builder().build();

    /// A store on `connectionFactory` under `prefix`, the prefix of the broker it publishes to.
    public RedisChordStore(RedisConnectionFactory connectionFactory, String prefix) {
        this.redis = StemTemplates.of(connectionFactory);
        this.keys = new RedisKeys(prefix);
    }

    @Override
    public void open(ChordPlan plan, Duration ttl) {
        List<String> args = new ArrayList<>();
        args.add(String.valueOf(ttl.toMillis()));
        args.addAll(List.of("size", String.valueOf(plan.memberIds().size())));
        args.addAll(List.of("members", this.mapper.writeValueAsString(plan.memberIds())));
        addMessage(args, "body", plan.body());
        addMessage(args, "error", plan.onError());
        this.redis.execute(OPEN, List.of(key(plan.chordId(), "chord")), args.toArray());
    }

    @Override
    public ChordArrival succeeded(String chordId, String memberId, String resultJson, Duration ttl) {
        return arrive(chordId, memberId, false, resultJson, ttl);
    }

    @Override
    public ChordArrival failed(String chordId, String memberId, String failureJson, Duration ttl) {
        return arrive(chordId, memberId, true, failureJson, ttl);
    }

    private ChordArrival arrive(String chordId, String memberId, boolean failed, String value, Duration ttl) {
        String outcome = this.redis.execute(ARRIVE,
                List.of(key(chordId, "chord"), key(chordId, "arrived"), key(chordId, "results"),
                        this.keys.queueRegistry()),
                memberId, failed ? "1" : "0", value, String.valueOf(ttl.toMillis()));
        return switch (outcome == null ? "" : outcome) {
            case "counted" -> ChordArrival.COUNTED;
            case "body" -> ChordArrival.BODY_PUBLISHED;
            case "error" -> ChordArrival.ERROR_PUBLISHED;
            case "decided" -> ChordArrival.ALREADY_DECIDED;
            default -> ChordArrival.UNKNOWN;
        };
    }

    private void addMessage(List<String> args, String kind, @Nullable SlotMessage message) {
        if (message == null) {
            return;
        }
        QueueKeys queue = this.keys.queue(message.queue());
        args.addAll(List.of(kind + ":stream", queue.stream(message.priority()), kind + ":marker",
                queue.publishMarker(message.messageId()), kind + ":prefix", message.prefix(), kind + ":suffix",
                message.suffix(), kind + ":queue", message.queue()));
    }

    /// `<prefix>:{c:<chord id>}:<name>`.
    private String key(String chordId, String name) {
        return this.keys.prefix() + ":{c:" + chordId + "}:" + name;
    }
}

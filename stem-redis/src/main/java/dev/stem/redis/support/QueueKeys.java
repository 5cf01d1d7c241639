package dev.stem.redis.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.stem.envelope.Envelope;

/// The keys of one queue. They share the hash tag `{q:<queue>}`, so every script over them runs on
/// Redis Cluster:
///
/// - `<prefix>:{q:<queue>}:stream:<priority>`: one stream per priority (0 to 9), read highest first,
///   each with the queue's consumer group; a stream exists once a message of its priority did;
/// - `<prefix>:{q:<queue>}:delayed`: sorted set of messages waiting for their time, scored by due
///   time in epoch milliseconds, each member `<priority>:<envelope JSON>`;
/// - `<prefix>:{q:<queue>}:dead`: the dead letter stream;
/// - `<prefix>:{q:<queue>}:dead-index`: hash from dead letter id to its entry id in the dead stream;
/// - `<prefix>:{q:<queue>}:reclaim`: hash from stream key to where the last reclaim scan stopped;
/// - `<prefix>:{q:<queue>}:clock`: hash with the server time of the queue's last fetch or lease
///   extension (`last-seen`) and the time before which no lapsed lease is reclaimed
///   (`reclaim-not-before`);
/// - `<prefix>:{q:<queue>}:published:<message id>`: the marker of a published message, kept for a
///   while so that publishing the same id again stores nothing;
/// - `<prefix>:{q:<queue>}:tick:<entry id>:<tick in epoch ms>`: the claim of one tick of a schedule
///   entry that publishes to this queue, set in the same script as the tick's message.
///
/// @param queue the queue name
/// @param base the common start of every key, `<prefix>:{q:<queue>}:`
public record QueueKeys(String queue, String base) {

    /// How many streams a queue has: one per message priority.
    public static final int PRIORITIES = Envelope.MAX_PRIORITY + 1;

    static final String STREAM = "stream";

    /// The stream of messages with `priority`.
    public String stream(int priority) {
        if (priority < 0 || priority >= PRIORITIES) {
            throw new IllegalArgumentException("priority must be 0 to " + (PRIORITIES - 1) + ", was " + priority);
        }
        return this.base + STREAM + ":" + priority;
    }

    /// The streams, highest priority first: the order they are read in and the order scripts take them.
    public List<String> streams() {
        List<String> streams = new ArrayList<>(PRIORITIES);
        for (int priority = PRIORITIES - 1; priority >= 0; priority--) {
            streams.add(stream(priority));
        }
        return streams;
    }

    /// The position of the stream of `priority` in [#streams()], counted from 1 as Lua's `KEYS` is.
    public static int scriptIndex(int priority) {
        return PRIORITIES - priority;
    }

    /// The sorted set of delayed messages.
    public String delayed() {
        return this.base + "delayed";
    }

    /// The dead letter stream.
    public String dead() {
        return this.base + "dead";
    }

    /// The hash from dead letter id to its entry id in the dead letter stream.
    public String deadIndex() {
        return this.base + "dead-index";
    }

    /// The hash from stream key to the cursor of its last reclaim scan.
    public String reclaimCursors() {
        return this.base + "reclaim";
    }

    /// The hash that dates the queue's last fetch or lease extension by the server's clock.
    public String clock() {
        return this.base + "clock";
    }

    /// The marker key of a published message.
    public String publishMarker(String messageId) {
        return this.base + "published:" + messageId;
    }

    /// The claim key of tick `tick` of schedule entry `entryId`.
    public String tickClaim(String entryId, Instant tick) {
        return this.base + "tick:" + entryId + ":" + tick.toEpochMilli();
    }

    /// The member that stands for a delayed message of `priority` in [#delayed()].
    public static String delayedMember(int priority, String payload) {
        return priority + ":" + payload;
    }
}

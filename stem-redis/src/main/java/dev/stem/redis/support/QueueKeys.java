package dev.stem.redis.support;

import java.util.ArrayList;
import java.util.List;

/// The keys of one queue. They share the hash tag `{q:<queue>}`, so every script over them runs on
/// Redis Cluster:
///
/// - `<prefix>:{q:<queue>}:stream:<level>`: one stream per priority level, read highest level first
///   (priorities 0-3 are level 0, 4-6 level 1, 7-9 level 2), with the consumer group of the queue;
/// - `<prefix>:{q:<queue>}:delayed`: sorted set of messages waiting for their time, scored by due
///   time in epoch milliseconds, each member `<level>:<envelope JSON>`;
/// - `<prefix>:{q:<queue>}:dead`: the dead letter stream;
/// - `<prefix>:{q:<queue>}:dead-index`: hash from dead letter id to its entry id in the dead stream.
///
/// @param queue the queue name
/// @param base the common start of every key, `<prefix>:{q:<queue>}:`
public record QueueKeys(String queue, String base) {

    /// How many priority levels (and streams) a queue has.
    public static final int LEVELS = 3;

    static final String STREAM = "stream";

    /// The priority level of a message priority from 0 to 9.
    public static int level(int priority) {
        if (priority >= 7) {
            return 2;
        }
        return priority >= 4 ? 1 : 0;
    }

    /// The stream of `level`.
    public String stream(int level) {
        if (level < 0 || level >= LEVELS) {
            throw new IllegalArgumentException("priority level must be 0 to " + (LEVELS - 1) + ", was " + level);
        }
        return this.base + STREAM + ":" + level;
    }

    /// The streams, highest level first: the order they are read in and the order scripts take them.
    public List<String> streams() {
        List<String> streams = new ArrayList<>(LEVELS);
        for (int level = LEVELS - 1; level >= 0; level--) {
            streams.add(stream(level));
        }
        return streams;
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

    /// The member that stands for a delayed message of `priority` in [#delayed()].
    public static String delayedMember(int priority, String payload) {
        return level(priority) + ":" + payload;
    }
}

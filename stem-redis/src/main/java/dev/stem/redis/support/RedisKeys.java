package dev.stem.redis.support;

import java.util.regex.Pattern;

import dev.stem.envelope.Names;

/// Names every Redis key of the Stem adapters from one prefix, so that several applications (or
/// test classes) can share a server. The layout is documented in `docs/redis.md`.
///
/// A prefix is 1 to 100 characters of `A-Z a-z 0-9 . _ : -`; braces are refused because they would
/// change the hash tags that keep each queue's keys in one Redis Cluster slot.
public final class RedisKeys {

    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9._:-]{1,100}");

    private final String prefix;

    /// Keys under `prefix`; throws naming the rule when the prefix is not allowed.
    public RedisKeys(String prefix) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Invalid Redis key prefix '" + prefix
                    + "': a prefix is 1-100 characters of A-Z a-z 0-9 . _ : -");
        }
        this.prefix = prefix;
    }

    /// The prefix every key starts with.
    public String prefix() {
        return this.prefix;
    }

    /// `<prefix>:<name>`.
    public String key(String name) {
        return this.prefix + ":" + name;
    }

    /// The keys of `queue`, all sharing the hash tag `{q:<queue>}`.
    public QueueKeys queue(String queue) {
        Names.requireQueueName(queue);
        String base = this.prefix + ":{q:" + queue + "}:";
        return new QueueKeys(queue, base);
    }

    /// What every revoke marker key starts with: `<prefix>:{revoked}:task:`, followed by the task id.
    public String revokeMarkerPrefix() {
        return this.prefix + ":{revoked}:task:";
    }

    /// The set of every queue name the broker has published to.
    public String queueRegistry() {
        return key("queues");
    }

    /// The queue keys and priority a stream key of this prefix belongs to.
    public StreamLocation locate(String streamKey) {
        String start = this.prefix + ":{q:";
        String marker = "}:" + QueueKeys.STREAM + ":";
        int end = streamKey.indexOf(marker);
        if (!streamKey.startsWith(start) || end < start.length()) {
            throw new IllegalArgumentException("Stream key '" + streamKey + "' does not belong to the Stem prefix '"
                    + this.prefix + "'");
        }
        QueueKeys keys = queue(streamKey.substring(start.length(), end));
        String priority = streamKey.substring(end + marker.length());
        for (int candidate = 0; candidate < QueueKeys.PRIORITIES; candidate++) {
            if (String.valueOf(candidate).equals(priority)) {
                return new StreamLocation(keys, candidate);
            }
        }
        throw new IllegalArgumentException("Stream key '" + streamKey + "' names no priority of 0 to "
                + (QueueKeys.PRIORITIES - 1));
    }

    /// A stream key resolved to its queue and priority.
    ///
    /// @param queue the keys of the queue the stream belongs to
    /// @param priority the priority of the stream's messages
    public record StreamLocation(QueueKeys queue, int priority) {

        /// The stream key.
        public String streamKey() {
            return this.queue.stream(this.priority);
        }
    }
}

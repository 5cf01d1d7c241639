package dev.stem.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import org.springframework.data.redis.connection.ClusterSlotHashUtil;
import org.springframework.data.redis.connection.MessageListener;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.GroupProgress;
import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.envelope.Names;
import dev.stem.redis.support.RedisDeployment;
import dev.stem.redis.support.RedisFailures;
import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.RedisScripts;
import dev.stem.redis.support.StemJson;
import dev.stem.redis.support.StemTemplates;

/// A [ResultBackend] on Redis.
///
/// - A result is a hash `<prefix>:result:<task id>` with the field `record` (the [TaskResult] as
///   JSON) and the fence fields of that record, `attempt`, `delivery` and `terminal`, written by one
///   script that applies [TaskResult#replaces] to them (a later attempt wins; within an attempt a
///   lower delivery, from a holder that lost its lease, never replaces a higher one, and a
///   non-terminal record never replaces a terminal one), expiring after the time to live given to
///   [#store]. Outside Redis Cluster, a [RedisStreamsBroker] on the same connection factory writes
///   results in the same script as its acks ([RedisStreamsBroker#storeAndAckAll]), the same way,
///   and only for deliveries the worker still holds.
/// - A terminal record is announced on the channel `<prefix>:result-done:<task id>`; [#await]
///   subscribes to it (through a [RedisMessageListenerContainer] of its own) and, in case a
///   notification is missed, reads the record again every 250 ms at most.
/// - A group is four keys sharing the hash tag `{g:<group id>}`: `size`, the sets `done` and
///   `failed` of member ids (so a member counts once), and `callback`, the claim taken with
///   `SET NX`. Every group key expires with the group.
///
/// Thread-safe; a Redis outage surfaces as an exception.
public final class RedisResultBackend implements ResultBackend {

    /// How long a callback claim of an unknown group is kept.
    public static final Duration UNKNOWN_GROUP_CLAIM_TTL = Duration.ofDays(1);

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private static final RedisScript<Long> STORE_ALL = RedisScripts.composed("result_store_all", Long.class,
            "results");

    /// Most records per batched store script.
    static final int STORE_BATCH = 256;

    /// Arguments per record of `store_results` (`results.lua`).
    static final int STORE_ARGS = 5;

    private static final RedisScript<Long> GROUP_INIT = RedisScripts.load("group_init", Long.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> GROUP_COMPLETE = RedisScripts.load("group_complete", List.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> GROUP_PROGRESS = RedisScripts.load("group_progress", List.class);

    private static final RedisScript<Long> GROUP_CLAIM = RedisScripts.load("group_claim", Long.class);

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    private final JsonMapper mapper = StemJson.mapper();

    private final RedisMessageListenerContainer listeners;

    private final Lock subscriptions = new ReentrantLock();

    private final boolean cluster;

    private final RedisFailures failures;

    /// A backend on `connectionFactory` whose keys start with `keyPrefix`.
    public RedisResultBackend(RedisConnectionFactory connectionFactory, String keyPrefix) {
        this.redis = StemTemplates.of(connectionFactory);
        this.keys = new RedisKeys(keyPrefix);
        this.cluster = RedisDeployment.isCluster(connectionFactory);
        this.failures = RedisFailures.of(connectionFactory);
        this.listeners = new RedisMessageListenerContainer();
        this.listeners.setConnectionFactory(connectionFactory);
        this.listeners.setTaskExecutor(Runnable::run);
        this.listeners.afterPropertiesSet();
        this.listeners.start();
    }

    /// Stores `result` unless the stored record wins by [TaskResult#replaces]; one script call.
    @Override
    public boolean store(TaskResult result, Duration ttl) {
        return storeBatch(List.of(result), ttl) == 1;
    }

    /// One script per batch of up to 256 records; on Redis Cluster one per hash slot, since a
    /// script may only touch keys of one slot.
    @Override
    public int storeAll(List<TaskResult> results, Duration ttl) {
        requirePositive("ttl", ttl);
        Map<Integer, List<TaskResult>> groups = new LinkedHashMap<>();
        for (TaskResult result : results) {
            int group = this.cluster ? ClusterSlotHashUtil.calculateSlot(resultKey(result.taskId())) : 0;
            groups.computeIfAbsent(group, slot -> new ArrayList<>()).add(result);
        }
        int stored = 0;
        for (List<TaskResult> group : groups.values()) {
            for (int from = 0; from < group.size(); from += STORE_BATCH) {
                stored += storeBatch(group.subList(from, Math.min(group.size(), from + STORE_BATCH)), ttl);
            }
        }
        return stored;
    }

    private int storeBatch(List<TaskResult> batch, Duration ttl) {
        StoreCall call = storeCall(batch, ttl);
        Long stored = this.failures.call(() -> "store " + batch.size() + " task results",
                () -> this.redis.execute(STORE_ALL, call.keys(), call.args().toArray()));
        return stored == null ? 0 : stored.intValue();
    }

    /// The keys and arguments that store `batch` (at most [#STORE_BATCH] records, of one hash slot on
    /// Redis Cluster) with `store_results` of `results.lua`: for [#storeAll], and for
    /// [RedisStreamsBroker#storeAndAckAll], which stores and acks in one script. Fails on a `ttl`
    /// that is not positive.
    StoreCall storeCall(List<TaskResult> batch, Duration ttl) {
        requirePositive("ttl", ttl);
        List<String> keys = new ArrayList<>(batch.size());
        List<String> args = new ArrayList<>(1 + STORE_ARGS * batch.size());
        args.add(String.valueOf(ttl.toMillis()));
        for (TaskResult result : batch) {
            keys.add(resultKey(result.taskId()));
            args.add(String.valueOf(result.attempt()));
            args.add(String.valueOf(result.delivery()));
            args.add(this.mapper.writeValueAsString(result));
            args.add(channel(result.taskId()));
            args.add(result.state().isTerminal() ? "1" : "0");
        }
        return new StoreCall(keys, args);
    }

    /// Whether a script run through `connectionFactory` may write this backend's results along with
    /// other keys: only through the backend's own factory, and not on Redis Cluster, where keys of
    /// different hash slots cannot meet in one script.
    boolean sharesScriptsWith(RedisConnectionFactory connectionFactory) {
        return !this.cluster && this.redis.getConnectionFactory() == connectionFactory;
    }

    @Override
    public Optional<TaskResult> get(String taskId) {
        Object record = this.failures.call(() -> "read the result of task " + taskId,
                () -> this.redis.opsForHash().get(resultKey(taskId), "record"));
        return record == null ? Optional.empty() : Optional.of(this.mapper.readValue(record.toString(), TaskResult.class));
    }

    @Override
    public Optional<TaskResult> await(String taskId, Duration timeout) throws InterruptedException {
        Optional<TaskResult> latest = get(taskId);
        if (isTerminal(latest) || timeout.isNegative() || timeout.isZero()) {
            return latest;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Semaphore notified = new Semaphore(0);
        MessageListener listener = (message, pattern) -> notified.release();
        ChannelTopic topic = new ChannelTopic(channel(taskId));
        this.subscriptions.lock();
        try {
            this.listeners.addMessageListener(listener, topic);
        }
        finally {
            this.subscriptions.unlock();
        }
        try {
            while (true) {
                latest = get(taskId);
                long left = deadline - System.nanoTime();
                if (isTerminal(latest) || left <= 0) {
                    return latest;
                }
                notified.tryAcquire(Math.min(left, POLL_INTERVAL.toNanos()), TimeUnit.NANOSECONDS);
            }
        }
        finally {
            this.subscriptions.lock();
            try {
                this.listeners.removeMessageListener(listener, topic);
            }
            finally {
                this.subscriptions.unlock();
            }
        }
    }

    @Override
    public void forget(String taskId) {
        this.redis.delete(resultKey(taskId));
    }

    @Override
    public void initGroup(String groupId, int size, Duration ttl) {
        if (size < 0) {
            throw new IllegalArgumentException("group size must not be negative, was " + size);
        }
        requirePositive("ttl", ttl);
        this.redis.execute(GROUP_INIT, groupKeys(groupId, "size", "done", "failed", "callback"), String.valueOf(size),
                String.valueOf(ttl.toMillis()));
    }

    @Override
    public Optional<GroupProgress> completeGroupMember(String groupId, String taskId, boolean failed) {
        return progress(groupId, this.redis.execute(GROUP_COMPLETE, groupKeys(groupId, "size", "done", "failed"),
                taskId, failed ? "1" : "0"));
    }

    @Override
    public Optional<GroupProgress> groupProgress(String groupId) {
        return progress(groupId, this.redis.execute(GROUP_PROGRESS, groupKeys(groupId, "size", "done", "failed")));
    }

    @Override
    public boolean claimGroupCallback(String groupId) {
        Long claimed = this.redis.execute(GROUP_CLAIM, groupKeys(groupId, "size", "callback"),
                String.valueOf(UNKNOWN_GROUP_CLAIM_TTL.toMillis()));
        return claimed != null && claimed == 1;
    }

    /// Stops the subscription container; the connection factory stays open.
    @Override
    public void close() {
        this.listeners.stop();
    }

    private String resultKey(String taskId) {
        return this.keys.key("result:" + taskId);
    }

    private String channel(String taskId) {
        return this.keys.key("result-done:" + taskId);
    }

    private List<String> groupKeys(String groupId, String... names) {
        Names.requireId("groupId", groupId);
        return Arrays.stream(names).map(name -> this.keys.key("{g:" + groupId + "}:" + name)).toList();
    }

    /// The keys and arguments of one call of `store_results` (`results.lua`).
    ///
    /// @param keys the result hashes
    /// @param args the time to live (ms), then five values per result: attempt, delivery, record JSON,
    ///     channel, `1` when terminal
    record StoreCall(List<String> keys, List<String> args) {
    }

    private static Optional<GroupProgress> progress(String groupId, List<?> counts) {
        if (counts == null || counts.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new GroupProgress(groupId, count(counts, 0), count(counts, 1), count(counts, 2)));
    }

    private static int count(List<?> counts, int index) {
        return ((Number) counts.get(index)).intValue();
    }

    private static boolean isTerminal(Optional<TaskResult> result) {
        return result.isPresent() && result.get().state().isTerminal();
    }

    private static void requirePositive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}

package dev.stem.redis;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import dev.stem.control.RevokeStore;
import dev.stem.envelope.Names;
import dev.stem.redis.support.RedisDeployment;
import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.RedisScripts;
import dev.stem.redis.support.StemTemplates;

/// A [RevokeStore] on Redis: a revoke is the key `<prefix>:{revoked}:task:<task id>` with the revoke's
/// time to live, so it lapses by the server's clock; the sorted set `<prefix>:{revoked}:index`
/// (scored by expiry, itself expiring with the longest revoke) lists them and drops expired
/// entries whenever it is written or listed. All keys share one hash tag, so the scripts run on
/// Redis Cluster. A [RedisStreamsBroker] on the same connection factory and prefix checks these
/// markers inside its fetch, outside Redis Cluster, so its workers make no separate lookup; otherwise
/// [#revokedAmong] (once per fetched batch) is one multi-key `EXISTS` when none of the
/// ids is revoked, the usual case, and runs a script only to tell which ones are.
public final class RedisRevokeStore implements RevokeStore {

    private static final RedisScript<Long> REVOKE = RedisScripts.load("revoke", Long.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REVOKED = RedisScripts.load("revoked", List.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> REVOKED_AMONG = RedisScripts.load("revoked_among", List.class);

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    private final boolean cluster;

    /// Revokes on `connectionFactory` whose keys start with `keyPrefix`.
    public RedisRevokeStore(RedisConnectionFactory connectionFactory, String keyPrefix) {
        this.redis = StemTemplates.of(connectionFactory);
        this.keys = new RedisKeys(keyPrefix);
        this.cluster = RedisDeployment.isCluster(connectionFactory);
    }

    @Override
    public void revoke(String taskId, Duration ttl) {
        Names.requireId("taskId", taskId);
        if (ttl.isNegative() || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("revoke ttl must be at least 1 ms, was " + ttl);
        }
        this.redis.execute(REVOKE, List.of(marker(taskId), index()), taskId, String.valueOf(ttl.toMillis()));
    }

    @Override
    public boolean isRevoked(String taskId) {
        return Boolean.TRUE.equals(this.redis.hasKey(marker(taskId)));
    }

    @Override
    public Set<String> revokedAmong(Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Set.of();
        }
        List<String> markers = taskIds.stream().map(this::marker).toList();
        Long present = this.redis.countExistingKeys(markers);
        if (present == null || present == 0) {
            return Set.of();
        }
        List<?> ids = this.redis.execute(REVOKED_AMONG, markers, taskIds.toArray(Object[]::new));
        Set<String> revoked = new HashSet<>();
        if (ids != null) {
            ids.forEach(id -> revoked.add(id.toString()));
        }
        return revoked;
    }

    @Override
    public Set<String> revoked() {
        List<?> ids = this.redis.execute(REVOKED, List.of(index()));
        Set<String> revoked = new LinkedHashSet<>();
        if (ids != null) {
            ids.forEach(id -> revoked.add(id.toString()));
        }
        return revoked;
    }

    private String marker(String taskId) {
        if (taskId == null || taskId.isEmpty()) {
            throw new IllegalArgumentException("task id must not be empty");
        }
        return this.keys.revokeMarkerPrefix() + taskId;
    }

    /// Whether this store's markers are the ones a script run through `connectionFactory` under
    /// `keyPrefix` finds: the same factory and prefix, outside Redis Cluster (where the markers'
    /// hash slot differs from the queues').
    boolean sharesKeysWith(RedisConnectionFactory connectionFactory, String keyPrefix) {
        return !this.cluster && this.redis.getConnectionFactory() == connectionFactory
                && this.keys.prefix().equals(keyPrefix);
    }

    private String index() {
        return this.keys.key("{revoked}:index");
    }
}

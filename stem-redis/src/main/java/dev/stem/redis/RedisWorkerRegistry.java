package dev.stem.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.control.WorkerInfo;
import dev.stem.control.WorkerRegistry;
import dev.stem.redis.support.RedisKeys;
import dev.stem.redis.support.RedisScripts;
import dev.stem.redis.support.StemJson;
import dev.stem.redis.support.StemTemplates;

/// A [WorkerRegistry] on Redis: each heartbeat writes `<prefix>:{workers}:worker:<id>` (the
/// [WorkerInfo] as JSON) with the heartbeat's time to live, so a silent worker drops out by the
/// server's clock, and adds the id to the set `<prefix>:{workers}:index`, in one script. Listing
/// reads the index, then in one script reads the listed workers and drops the ids whose key has
/// expired; the keys share the hash tag `{workers}`, so the scripts run on Redis Cluster.
public final class RedisWorkerRegistry implements WorkerRegistry {

    private static final RedisScript<Long> HEARTBEAT = RedisScripts.load("worker_heartbeat", Long.class);

    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> ALIVE = RedisScripts.load("worker_alive", List.class);

    private final StringRedisTemplate redis;

    private final RedisKeys keys;

    private final JsonMapper mapper = StemJson.mapper();

    /// A registry on `connectionFactory` whose keys start with `keyPrefix`.
    public RedisWorkerRegistry(RedisConnectionFactory connectionFactory, String keyPrefix) {
        this.redis = StemTemplates.of(connectionFactory);
        this.keys = new RedisKeys(keyPrefix);
    }

    @Override
    public void heartbeat(WorkerInfo worker, Duration ttl) {
        if (ttl.isNegative() || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("heartbeat ttl must be at least 1 ms, was " + ttl);
        }
        this.redis.execute(HEARTBEAT, List.of(workerKey(worker.id()), index()), worker.id(),
                this.mapper.writeValueAsString(worker), String.valueOf(ttl.toMillis()));
    }

    @Override
    public List<WorkerInfo> alive() {
        Set<String> members = this.redis.opsForSet().members(index());
        if (members == null || members.isEmpty()) {
            return List.of();
        }
        List<String> ids = new ArrayList<>(members);
        List<String> scriptKeys = new ArrayList<>(ids.size() + 1);
        scriptKeys.add(index());
        ids.forEach(id -> scriptKeys.add(workerKey(id)));
        List<?> infos = this.redis.execute(ALIVE, scriptKeys, ids.toArray());
        List<WorkerInfo> alive = new ArrayList<>();
        for (Object info : infos) {
            if (!info.toString().isEmpty()) {
                alive.add(this.mapper.readValue(info.toString(), WorkerInfo.class));
            }
        }
        alive.sort(Comparator.comparing(WorkerInfo::id));
        return alive;
    }

    @Override
    public void remove(String workerId) {
        this.redis.delete(workerKey(workerId));
        this.redis.opsForSet().remove(index(), workerId);
    }

    private String workerKey(String workerId) {
        if (workerId == null || workerId.isEmpty()) {
            throw new IllegalArgumentException("worker id must not be empty");
        }
        return this.keys.key("{workers}:worker:" + workerId);
    }

    private String index() {
        return this.keys.key("{workers}:index");
    }
}

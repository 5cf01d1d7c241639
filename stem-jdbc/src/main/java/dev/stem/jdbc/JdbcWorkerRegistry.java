package dev.stem.jdbc;

import java.time.Duration;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.stem.control.WorkerInfo;
import dev.stem.control.WorkerRegistry;

/// A [WorkerRegistry] on rows of `<prefix>workers`: each worker's latest [WorkerInfo] as `jsonb`,
/// with an `expires_at` from the server's `now()`.
///
/// Guarantees beyond the [WorkerRegistry] contract: heartbeats never join a caller's transaction;
/// info reads back exactly as sent; expired rows are invisible at once and deleted at most once a
/// minute.
public final class JdbcWorkerRegistry implements WorkerRegistry {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final JdbcClient jdbc;

    private final OutsideTransactions outside;

    private final JsonRecords json = new JsonRecords();

    private final Throttle purgeThrottle = new Throttle(PURGE_INTERVAL);

    private final String heartbeatSql;

    private final String aliveSql;

    private final String removeSql;

    private final String purgeSql;

    /// A registry on the tables with `prefix`.
    public JdbcWorkerRegistry(DataSource dataSource, TablePrefix prefix) {
        this.jdbc = JdbcClient.create(dataSource);
        this.outside = new OutsideTransactions(dataSource);
        this.heartbeatSql = prefix.apply("""
                INSERT INTO ${prefix}workers (id, info, expires_at)
                VALUES (:id, :info::jsonb, now() + :ttlMs * interval '1 millisecond')
                ON CONFLICT (id) DO UPDATE SET info = excluded.info, expires_at = excluded.expires_at""");
        this.aliveSql = prefix.apply("SELECT info::text FROM ${prefix}workers WHERE expires_at > now() ORDER BY id");
        this.removeSql = prefix.apply("DELETE FROM ${prefix}workers WHERE id = :id");
        this.purgeSql = prefix.apply("DELETE FROM ${prefix}workers WHERE expires_at <= now()");
    }

    @Override
    public void heartbeat(WorkerInfo worker, Duration ttl) {
        long ttlMs = SqlValues.positiveMillis("ttl", ttl);
        this.outside.run(() -> {
            if (this.purgeThrottle.tryAcquire()) {
                this.jdbc.sql(this.purgeSql).update();
            }
            this.jdbc.sql(this.heartbeatSql).param("id", worker.id()).param("info", this.json.workerInfo(worker))
                    .param("ttlMs", ttlMs).update();
        });
    }

    @Override
    public List<WorkerInfo> alive() {
        return this.jdbc.sql(this.aliveSql).query(String.class).list().stream().map(this.json::workerInfo).toList();
    }

    @Override
    public void remove(String workerId) {
        this.outside.run(() -> this.jdbc.sql(this.removeSql).param("id", workerId).update());
    }
}

package dev.stem.jdbc;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.stem.control.RevokeStore;
import dev.stem.envelope.Names;

/// A [RevokeStore] on rows of `<prefix>revokes` with an `expires_at` from the server's `now()`.
///
/// Guarantees beyond the [RevokeStore] contract: a revoke made inside a Spring transaction on the
/// same [DataSource] takes effect when that transaction commits (and not at all if it rolls back);
/// revoking an id again sets its expiry anew; expired rows are invisible at once and deleted at
/// most once a minute.
public final class JdbcRevokeStore implements RevokeStore {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final JdbcClient jdbc;

    private final Throttle purgeThrottle = new Throttle(PURGE_INTERVAL);

    private final String revokeSql;

    private final String isRevokedSql;

    private final String revokedSql;

    private final String revokedAmongSql;

    private final String purgeSql;

    /// A store on the tables with `prefix`.
    public JdbcRevokeStore(DataSource dataSource, TablePrefix prefix) {
        this.jdbc = JdbcClient.create(dataSource);
        this.revokeSql = prefix.apply("""
                INSERT INTO ${prefix}revokes (task_id, expires_at) VALUES (:taskId, now() + :ttlMs * interval '1 millisecond')
                ON CONFLICT (task_id) DO UPDATE SET expires_at = excluded.expires_at""");
        this.isRevokedSql = prefix.apply(
                "SELECT EXISTS (SELECT 1 FROM ${prefix}revokes WHERE task_id = :taskId AND expires_at > now())");
        this.revokedSql = prefix.apply("SELECT task_id FROM ${prefix}revokes WHERE expires_at > now() ORDER BY task_id");
        this.revokedAmongSql = prefix.apply(
                "SELECT task_id FROM ${prefix}revokes WHERE task_id = ANY(:taskIds) AND expires_at > now()");
        this.purgeSql = prefix.apply("DELETE FROM ${prefix}revokes WHERE expires_at <= now()");
    }

    @Override
    public void revoke(String taskId, Duration ttl) {
        Names.requireId("taskId", taskId);
        long ttlMs = SqlValues.positiveMillis("ttl", ttl);
        if (this.purgeThrottle.tryAcquire()) {
            this.jdbc.sql(this.purgeSql).update();
        }
        this.jdbc.sql(this.revokeSql).param("taskId", taskId).param("ttlMs", ttlMs).update();
    }

    @Override
    public boolean isRevoked(String taskId) {
        return this.jdbc.sql(this.isRevokedSql).param("taskId", taskId).query(Boolean.class).single();
    }

    @Override
    public Set<String> revokedAmong(Collection<String> taskIds) {
        if (taskIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(this.jdbc.sql(this.revokedAmongSql).param("taskIds", taskIds.toArray(String[]::new))
                .query(String.class).list());
    }

    @Override
    public Set<String> revoked() {
        return new LinkedHashSet<>(this.jdbc.sql(this.revokedSql).query(String.class).list());
    }
}

package dev.stem.jdbc;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.stem.control.DistributedLock;
import dev.stem.control.LockLease;
import dev.stem.envelope.Names;

/// A [DistributedLock] on rows of `<prefix>locks`: one row per name with the holder's random token
/// and an `expires_at` computed from the server's `now()`.
///
/// Guarantees beyond the [DistributedLock] contract: no session-level advisory locks (so it works
/// behind transaction-pooling PgBouncer); each call is one autocommitted statement that never
/// joins a caller's transaction; an expired row is taken over by the next `tryAcquire`.
public final class JdbcDistributedLock implements DistributedLock {

    private final JdbcClient jdbc;

    private final OutsideTransactions outside;

    private final String acquireSql;

    private final String extendSql;

    private final String releaseSql;

    /// A lock table with `prefix`.
    public JdbcDistributedLock(DataSource dataSource, TablePrefix prefix) {
        this.jdbc = JdbcClient.create(dataSource);
        this.outside = new OutsideTransactions(dataSource);
        this.acquireSql = prefix.apply("""
                INSERT INTO ${prefix}locks AS l (name, token, expires_at)
                VALUES (:name, :token, now() + :ttlMs * interval '1 millisecond')
                ON CONFLICT (name) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at
                WHERE l.expires_at <= now()""");
        this.extendSql = prefix.apply("""
                UPDATE ${prefix}locks SET expires_at = now() + :ttlMs * interval '1 millisecond'
                WHERE name = :name AND token = :token AND expires_at > now()""");
        this.releaseSql = prefix.apply("""
                DELETE FROM ${prefix}locks WHERE name = :name AND token = :token
                RETURNING expires_at > now() AS held""");
    }

    @Override
    public Optional<LockLease> tryAcquire(String name, Duration ttl) {
        Names.requireKey("lock name", name);
        long ttlMs = SqlValues.positiveMillis("ttl", ttl);
        String token = UUID.randomUUID().toString();
        int acquired = this.outside.call(() -> this.jdbc.sql(this.acquireSql).param("name", name)
                .param("token", token).param("ttlMs", ttlMs).update());
        return acquired == 1 ? Optional.of(new LockLease(name, token)) : Optional.empty();
    }

    @Override
    public boolean extend(LockLease lease, Duration ttl) {
        long ttlMs = SqlValues.positiveMillis("ttl", ttl);
        return this.outside.call(() -> this.jdbc.sql(this.extendSql).param("name", lease.name())
                .param("token", lease.token()).param("ttlMs", ttlMs).update()) == 1;
    }

    @Override
    public boolean release(LockLease lease) {
        return this.outside.call(() -> this.jdbc.sql(this.releaseSql).param("name", lease.name())
                .param("token", lease.token()).query(Boolean.class).optional().orElse(false));
    }
}

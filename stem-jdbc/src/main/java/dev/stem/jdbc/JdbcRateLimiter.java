package dev.stem.jdbc;

import java.time.Duration;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.stem.control.RateLimit;
import dev.stem.control.RateLimitDecision;
import dev.stem.control.RateLimiter;
import dev.stem.envelope.Names;

/// A [RateLimiter] on rows of `<prefix>rate_limits`: one token bucket per key, refilled
/// continuously at `permits / period` from the server's `now()`.
///
/// Guarantees beyond the [RateLimiter] contract: the refill, the decision and the take happen in
/// one `INSERT ... ON CONFLICT DO UPDATE ... WHERE` statement, so concurrent callers on any number
/// of processes serialize on the bucket's row; calls never join a caller's transaction. A bucket
/// row expires one period after its last use (it would be full by then) and is deleted at most
/// once a minute.
public final class JdbcRateLimiter implements RateLimiter {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private static final String REFILLED = "least(:capacity, b.tokens + extract(epoch FROM (now() - b.updated_at))::float8 * :rate)";

    private final JdbcClient jdbc;

    private final OutsideTransactions outside;

    private final Throttle purgeThrottle = new Throttle(PURGE_INTERVAL);

    private final String acquireSql;

    private final String purgeSql;

    /// A limiter on the tables with `prefix`.
    public JdbcRateLimiter(DataSource dataSource, TablePrefix prefix) {
        this.jdbc = JdbcClient.create(dataSource);
        this.outside = new OutsideTransactions(dataSource);
        this.acquireSql = prefix.apply("""
                WITH taken AS (
                    INSERT INTO ${prefix}rate_limits AS b (key, tokens, updated_at, expires_at)
                    VALUES (:key, :capacity - 1, now(), now() + :periodMs * interval '1 millisecond')
                    ON CONFLICT (key) DO UPDATE
                    SET tokens = %1$s - 1, updated_at = now(), expires_at = excluded.expires_at
                    WHERE %1$s >= 1
                    RETURNING b.tokens)
                SELECT true AS granted, 0::float8 AS missing FROM taken
                UNION ALL
                SELECT false, 1 - %1$s FROM ${prefix}rate_limits AS b
                WHERE b.key = :key AND NOT EXISTS (SELECT 1 FROM taken)""".formatted(REFILLED));
        this.purgeSql = prefix.apply("DELETE FROM ${prefix}rate_limits WHERE expires_at <= now()");
    }

    @Override
    public RateLimitDecision tryAcquire(String key, RateLimit limit) {
        Names.requireKey("rate limit key", key);
        double capacity = limit.permits();
        double perSecond = capacity / (limit.period().toNanos() / 1e9);
        long periodMs = SqlValues.positiveMillis("period", limit.period());
        return this.outside.call(() -> {
            if (this.purgeThrottle.tryAcquire()) {
                this.jdbc.sql(this.purgeSql).update();
            }
            return this.jdbc.sql(this.acquireSql)
                    .param("key", key)
                    .param("capacity", capacity)
                    .param("rate", perSecond)
                    .param("periodMs", periodMs)
                    .query((rs, n) -> rs.getBoolean("granted") ? RateLimitDecision.grant()
                            : RateLimitDecision.deny(wait(rs.getDouble("missing"), perSecond)))
                    .optional()
                    .orElseGet(() -> RateLimitDecision.deny(wait(1, perSecond)));
        });
    }

    private static Duration wait(double missingTokens, double perSecond) {
        long nanos = (long) Math.ceil(Math.max(0, missingTokens) / perSecond * 1e9);
        return Duration.ofNanos(Math.max(nanos, 1_000_000));
    }
}

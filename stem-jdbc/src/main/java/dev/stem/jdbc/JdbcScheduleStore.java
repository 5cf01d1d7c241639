package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.springframework.jdbc.core.simple.JdbcClient;

import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleStore;

/// A [ScheduleStore] on PostgreSQL: entries as `jsonb` documents in `<prefix>schedule_entries`
/// (with `enabled` and `next_run_at` columns for the due query), claimed ticks as rows of
/// `<prefix>schedule_ticks`.
///
/// Guarantees beyond the [ScheduleStore] contract:
///
/// - `claimTick` is one `INSERT ... ON CONFLICT DO NOTHING`-style statement on the primary key
///   `(entry_id, tick)`: exactly one caller wins a tick; after its `hold` has passed, the tick may be
///   claimed again (as with the Redis store's `SET NX PX`).
/// - Every method joins a Spring transaction of the caller on the same [DataSource], so a beat
///   that claims a tick and publishes its job through a [PostgresBroker] in one transaction fires
///   the tick exactly once even if it crashes in between.
/// - Entries read back exactly as saved; `due` compares `next_run_at` at microsecond precision.
/// - Expired tick rows are deleted at most once a minute by `claimTick`.
public final class JdbcScheduleStore implements ScheduleStore {

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private final JdbcClient jdbc;

    private final JsonRecords json = new JsonRecords();

    private final Throttle purgeThrottle = new Throttle(PURGE_INTERVAL);

    private final String saveSql;

    private final String removeSql;

    private final String getSql;

    private final String listSql;

    private final String dueSql;

    private final String claimSql;

    private final String purgeSql;

    /// A store on the tables with `prefix`.
    public JdbcScheduleStore(DataSource dataSource, TablePrefix prefix) {
        this.jdbc = JdbcClient.create(dataSource);
        this.saveSql = prefix.apply("""
                INSERT INTO ${prefix}schedule_entries (id, entry, enabled, next_run_at)
                VALUES (:id, :entry::jsonb, :enabled, :nextRunAt)
                ON CONFLICT (id) DO UPDATE
                SET entry = excluded.entry, enabled = excluded.enabled, next_run_at = excluded.next_run_at""");
        this.removeSql = prefix.apply("DELETE FROM ${prefix}schedule_entries WHERE id = :id");
        this.getSql = prefix.apply("SELECT entry::text FROM ${prefix}schedule_entries WHERE id = :id");
        this.listSql = prefix.apply("SELECT entry::text FROM ${prefix}schedule_entries ORDER BY id");
        this.dueSql = prefix.apply("""
                SELECT entry::text FROM ${prefix}schedule_entries
                WHERE enabled AND next_run_at <= :now
                ORDER BY next_run_at, id
                LIMIT :limit""");
        this.claimSql = prefix.apply("""
                INSERT INTO ${prefix}schedule_ticks AS t (entry_id, tick, expires_at)
                VALUES (:id, :tick, now() + :holdMs * interval '1 millisecond')
                ON CONFLICT (entry_id, tick) DO UPDATE SET claimed_at = now(), expires_at = excluded.expires_at
                WHERE t.expires_at <= now()""");
        this.purgeSql = prefix.apply("DELETE FROM ${prefix}schedule_ticks WHERE expires_at <= now()");
    }

    @Override
    public void save(ScheduleEntry entry) {
        this.jdbc.sql(this.saveSql)
                .param("id", entry.id())
                .param("entry", this.json.scheduleEntry(entry))
                .param("enabled", entry.enabled())
                .param("nextRunAt", SqlValues.timestamp(entry.nextRunAt()))
                .update();
    }

    @Override
    public boolean remove(String id) {
        return this.jdbc.sql(this.removeSql).param("id", id).update() == 1;
    }

    @Override
    public Optional<ScheduleEntry> get(String id) {
        return this.jdbc.sql(this.getSql).param("id", id).query(String.class).optional()
                .map(this.json::scheduleEntry);
    }

    @Override
    public List<ScheduleEntry> list() {
        return this.jdbc.sql(this.listSql).query(String.class).list().stream().map(this.json::scheduleEntry).toList();
    }

    @Override
    public List<ScheduleEntry> due(Instant now, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("Invalid limit '" + limit + "': must not be negative");
        }
        return this.jdbc.sql(this.dueSql).param("now", SqlValues.timestamp(now)).param("limit", limit)
                .query(String.class).list().stream().map(this.json::scheduleEntry).toList();
    }

    @Override
    public boolean claimTick(String id, Instant tick, Duration hold) {
        long holdMs = SqlValues.positiveMillis("hold", hold);
        if (this.purgeThrottle.tryAcquire()) {
            this.jdbc.sql(this.purgeSql).update();
        }
        return this.jdbc.sql(this.claimSql).param("id", id).param("tick", SqlValues.timestamp(tick))
                .param("holdMs", holdMs).update() == 1;
    }
}

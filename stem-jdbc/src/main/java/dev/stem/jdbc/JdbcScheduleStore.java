package dev.stem.jdbc;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.stem.schedule.ScheduleJson;
import dev.stem.schedule.ScheduleRecord;
import dev.stem.schedule.ScheduleState;
import dev.stem.schedule.ScheduleStore;

/// A [ScheduleStore] on PostgreSQL: one row per entry in `<prefix>schedule_entries`, the entry and
/// its state as one `jsonb` document (`{"entry": ..., "state": ...}`, see [ScheduleJson]), with
/// `enabled` and `next_run_at` columns for the due query and the compare-and-set of [#advance].
///
/// Guarantees beyond the [ScheduleStore] contract:
///
/// - `advance` is one `UPDATE ... WHERE enabled AND next_run_at = <expected>`: of several callers
///   that expect the same next run, exactly one moves the entry on.
/// - Every method joins a Spring transaction of the caller on the same [DataSource].
/// - The claims of ticks are rows of `<prefix>schedule_ticks`, written by
///   [PostgresBroker#publishTick] in the transaction that inserts the tick's job.
public final class JdbcScheduleStore implements ScheduleStore {

    private final JdbcClient jdbc;

    private final String saveSql;

    private final String removeSql;

    private final String getSql;

    private final String listSql;

    private final String dueSql;

    private final String advanceSql;

    /// A store on the tables with `prefix`.
    public JdbcScheduleStore(DataSource dataSource, TablePrefix prefix) {
        this.jdbc = JdbcClient.create(dataSource);
        this.saveSql = prefix.apply("""
                INSERT INTO ${prefix}schedule_entries (id, entry, enabled, next_run_at)
                VALUES (:id, :record::jsonb, :enabled, :nextRunAt)
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
        this.advanceSql = prefix.apply("""
                UPDATE ${prefix}schedule_entries
                SET entry = jsonb_set(entry, '{state}', :state::jsonb), next_run_at = :nextRunAt
                WHERE id = :id AND enabled AND next_run_at = :expected""");
    }

    @Override
    public void save(ScheduleRecord record) {
        this.jdbc.sql(this.saveSql)
                .param("id", record.id())
                .param("record", ScheduleJson.write(record))
                .param("enabled", record.entry().enabled())
                .param("nextRunAt", SqlValues.timestamp(record.state().nextRunAt()))
                .update();
    }

    @Override
    public boolean remove(String id) {
        return this.jdbc.sql(this.removeSql).param("id", id).update() == 1;
    }

    @Override
    public Optional<ScheduleRecord> get(String id) {
        return this.jdbc.sql(this.getSql).param("id", id).query(String.class).optional()
                .map(ScheduleJson::readRecord);
    }

    @Override
    public List<ScheduleRecord> list() {
        return this.jdbc.sql(this.listSql).query(String.class).list().stream().map(ScheduleJson::readRecord).toList();
    }

    @Override
    public List<ScheduleRecord> due(Instant now, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("Invalid limit '" + limit + "': must not be negative");
        }
        return this.jdbc.sql(this.dueSql).param("now", SqlValues.timestamp(now)).param("limit", limit)
                .query(String.class).list().stream().map(ScheduleJson::readRecord).toList();
    }

    @Override
    public boolean advance(String id, @Nullable Instant expectedNextRunAt, ScheduleState state) {
        if (expectedNextRunAt == null) {
            return false;
        }
        return this.jdbc.sql(this.advanceSql)
                .param("id", id)
                .param("state", ScheduleJson.write(state))
                .param("nextRunAt", SqlValues.timestamp(state.nextRunAt()))
                .param("expected", SqlValues.timestamp(expectedNextRunAt))
                .update() == 1;
    }
}

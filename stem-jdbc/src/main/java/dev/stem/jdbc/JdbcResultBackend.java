package dev.stem.jdbc;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.stem.backend.GroupProgress;
import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;

/// A [ResultBackend] on PostgreSQL: one `jsonb` record per task in `<prefix>results`, group
/// counters in `<prefix>groups` with their members in `<prefix>group_members`.
///
/// Guarantees beyond the [ResultBackend] contract:
///
/// - `store` is one `INSERT ... ON CONFLICT DO UPDATE ... WHERE` statement that applies
///   [TaskResult#replaces] in SQL on the `attempt` and `delivery` columns: it replaces the stored
///   record only if that one expired, has an earlier attempt, or has the same attempt, a delivery
///   no later than the new one's and is not terminal unless the new one is too. A worker that lost
///   its lease (a lower delivery) changes nothing, and a state never goes back from a final one
///   within an attempt.
/// - Each stored record sends `NOTIFY <prefix>results, '<task id>'`; `await` waits for it, with a
///   poll fallback every `pollInterval`.
/// - Group members are a set (primary key `(group_id, task_id)`); the counters live on the group
///   row, which serializes concurrent completions, so the last member always sees the group complete.
/// - Expired records and groups are invisible at once and deleted by [#purgeExpired()], which
///   `store` also runs at most once a minute.
/// - `store`, `forget` and the group operations join a Spring transaction of the caller on the same
///   [DataSource]; `await` never does.
/// - `store`, `storeAll`, `get` and `await` raise a [dev.stem.broker.BrokerUnavailableException]
///   when the database cannot be reached and a [dev.stem.broker.BrokerFullException] when it is out
///   of disk space, both naming its `host:port`; `store` and `storeAll` raise a
///   [dev.stem.backend.ResultRejectedException] for a record PostgreSQL can never hold (U+0000 in a
///   JSON string: `jsonb` cannot represent it).
public final class JdbcResultBackend implements ResultBackend {

    private static final Logger logger = LoggerFactory.getLogger(JdbcResultBackend.class);

    private static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(500);

    private static final Duration PURGE_INTERVAL = Duration.ofMinutes(1);

    private static final String TERMINAL = "('SUCCESS', 'FAILURE', 'REVOKED', 'EXPIRED')";

    /// [TaskResult#replaces] in SQL, for an upsert of `excluded` over the stored `r` (an expired
    /// record is replaced whatever it holds).
    private static final String REPLACES = """
            r.expires_at <= now()
                       OR r.attempt < excluded.attempt
                       OR (r.attempt = excluded.attempt AND r.delivery <= excluded.delivery
                           AND (r.state NOT IN %1$s OR excluded.state IN %1$s))""".formatted(TERMINAL);

    private final DataSource dataSource;

    private final JdbcClient jdbc;

    private final OutsideTransactions outside;

    private final PostgresFailures failures;

    private final TransactionTemplate inTransaction;

    private final JsonRecords json = new JsonRecords();

    private final String channel;

    private final Duration pollInterval;

    private final Wakeups wakeups = new Wakeups();

    private final Throttle purgeThrottle = new Throttle(PURGE_INTERVAL);

    private final @Nullable PostgresListener ownListener;

    private final AutoCloseable subscription;

    private final String storeSql;

    private final String storeAllCtes;

    private final String storeHeldCtes;

    private final String storeAllSql;

    private final String getSql;

    private final String forgetSql;

    private final String dropExpiredGroupSql;

    private final String initGroupSql;

    private final String completeMemberSql;

    private final String progressSql;

    private final String claimCallbackSql;

    private final String purgeResultsSql;

    private final String purgeGroupsSql;

    /// A backend on the tables with `prefix`, with its own notification listener.
    public JdbcResultBackend(DataSource dataSource, TablePrefix prefix) {
        this(dataSource, prefix, null, DEFAULT_POLL_INTERVAL);
    }

    /// A backend on the tables with `prefix` that waits for completions through `sharedListener`
    /// (or a listener of its own, closed with the backend, when `null`), polling every
    /// `pollInterval` as a fallback.
    public JdbcResultBackend(DataSource dataSource, TablePrefix prefix, @Nullable PostgresListener sharedListener,
            Duration pollInterval) {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("Invalid pollInterval '" + pollInterval + "': must be positive");
        }
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.outside = new OutsideTransactions(dataSource);
        this.failures = new PostgresFailures(dataSource);
        this.inTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.channel = prefix.table("results");
        this.pollInterval = pollInterval;
        this.storeSql = prefix.apply("""
                WITH stored AS (
                    INSERT INTO ${prefix}results AS r (task_id, state, attempt, delivery, record, expires_at)
                    VALUES (:taskId, :state, :attempt, :delivery, :record::jsonb, now() + :ttlMs * interval '1 millisecond')
                    ON CONFLICT (task_id) DO UPDATE
                    SET state = excluded.state, attempt = excluded.attempt, delivery = excluded.delivery,
                        record = excluded.record, expires_at = excluded.expires_at
                    WHERE %s
                    RETURNING task_id)
                SELECT pg_notify(:channel, task_id) FROM stored""".formatted(REPLACES));
        this.storeAllCtes = storeAllCtes(prefix, "");
        this.storeHeldCtes = storeAllCtes(prefix, "WHERE i.job_id IS NULL OR i.job_id IN (SELECT id FROM held)");
        this.storeAllSql = "WITH " + this.storeAllCtes
                + "\nSELECT (SELECT count(*) FROM stored) AS stored, (SELECT count(*) FROM notified) AS notified";
        this.getSql = prefix.apply("SELECT record::text FROM ${prefix}results WHERE task_id = :taskId AND expires_at > now()");
        this.forgetSql = prefix.apply("DELETE FROM ${prefix}results WHERE task_id = :taskId");
        this.dropExpiredGroupSql = prefix.apply(
                "DELETE FROM ${prefix}groups WHERE group_id = :groupId AND expires_at <= now()");
        this.initGroupSql = prefix.apply("""
                INSERT INTO ${prefix}groups (group_id, size, expires_at)
                VALUES (:groupId, :size, now() + :ttlMs * interval '1 millisecond')
                ON CONFLICT (group_id) DO UPDATE SET size = excluded.size, expires_at = excluded.expires_at""");
        this.completeMemberSql = prefix.apply("""
                WITH member AS (
                    INSERT INTO ${prefix}group_members (group_id, task_id, failed)
                    SELECT group_id, :taskId, :failed FROM ${prefix}groups
                    WHERE group_id = :groupId AND expires_at > now()
                    ON CONFLICT (group_id, task_id) DO NOTHING
                    RETURNING failed)
                UPDATE ${prefix}groups AS g
                SET completed = g.completed + (SELECT count(*) FROM member),
                    failed = g.failed + (SELECT count(*) FROM member WHERE member.failed)
                WHERE g.group_id = :groupId AND g.expires_at > now()
                RETURNING g.size, g.completed, g.failed""");
        this.progressSql = prefix.apply(
                "SELECT size, completed, failed FROM ${prefix}groups WHERE group_id = :groupId AND expires_at > now()");
        this.claimCallbackSql = prefix.apply("""
                UPDATE ${prefix}groups SET callback_claimed = true
                WHERE group_id = :groupId AND NOT callback_claimed AND expires_at > now()""");
        this.purgeResultsSql = prefix.apply("DELETE FROM ${prefix}results WHERE expires_at <= now()");
        this.purgeGroupsSql = prefix.apply("DELETE FROM ${prefix}groups WHERE expires_at <= now()");
        PostgresListener listener = sharedListener != null ? sharedListener : PostgresListener.started(dataSource);
        this.ownListener = sharedListener != null ? null : listener;
        this.subscription = listener.subscribe(this.channel, this.wakeups::wake, this.wakeups::wakeAll);
    }

    @Override
    public boolean store(TaskResult result, Duration ttl) {
        long ttlMs = SqlValues.positiveMillis("ttl", ttl);
        String record = this.json.taskResult(result);
        return this.failures.translateResultWrite("storing a result", () -> {
            purgeIfDue();
            List<Boolean> stored = this.jdbc.sql(this.storeSql)
                    .param("taskId", result.taskId())
                    .param("state", result.state().name())
                    .param("attempt", result.attempt())
                    .param("delivery", result.delivery())
                    .param("record", record)
                    .param("ttlMs", ttlMs)
                    .param("channel", this.channel)
                    .query((rs, n) -> Boolean.TRUE)
                    .list();
            return stored.size() == 1;
        });
    }

    /// One statement for the whole batch; of two records for one task in a batch, the later one is
    /// stored if it [replaces][TaskResult#replaces] the earlier one, else the earlier one.
    @Override
    public int storeAll(List<TaskResult> results, Duration ttl) {
        long ttlMs = SqlValues.positiveMillis("ttl", ttl);
        if (results.isEmpty()) {
            return 0;
        }
        return this.failures.translateResultWrite("storing results", () -> this.jdbc.sql(this.storeAllSql)
                .params(storeAllParams(results, ttlMs, Map.of()))
                .query((rs, n) -> rs.getInt("stored"))
                .single());
    }

    /// The data source the records live in.
    DataSource dataSource() {
        return this.dataSource;
    }

    /// The common table expressions of [#storeAll] for a statement that writes more: `stored`
    /// upserts the batch and returns the stored task ids, `notified` sends their notifications and
    /// must be read (`SELECT count(*) FROM notified`) for them to be sent. Bind
    /// [#storeAllParams(List, long, Map)] to it.
    String storeAllCtes() {
        return this.storeAllCtes;
    }

    /// [#storeAllCtes()] for a statement that first defines a `held` relation with an `id` column
    /// (the broker's job rows whose lease is still held, locked): a result whose task has a job id in
    /// the parameters is stored only if that id is in `held`, so a holder that lost its lease stores
    /// nothing.
    String storeHeldCtes() {
        return this.storeHeldCtes;
    }

    /// The named parameters of [#storeAllCtes()] for the non-empty `results` with a time to live of
    /// `ttlMs`, with the broker's job id of each task found in `jobIds` (for [#storeHeldCtes()]);
    /// keeps, of two records of one task, the later one if it [replaces][TaskResult#replaces] the
    /// earlier one, else the earlier one. Runs the purge of expired rows when it is due.
    Map<String, Object> storeAllParams(List<TaskResult> results, long ttlMs, Map<String, Long> jobIds) {
        purgeIfDue();
        Map<String, TaskResult> latest = new LinkedHashMap<>();
        for (TaskResult result : results) {
            latest.merge(result.taskId(), result, (kept, next) -> next.replaces(kept) ? next : kept);
        }
        List<TaskResult> batch = List.copyOf(latest.values());
        return Map.of("taskIds", batch.stream().map(TaskResult::taskId).toArray(String[]::new),
                "states", batch.stream().map(r -> r.state().name()).toArray(String[]::new),
                "attempts", batch.stream().map(TaskResult::attempt).toArray(Integer[]::new),
                "deliveries", batch.stream().map(TaskResult::delivery).toArray(Integer[]::new),
                "records", batch.stream().map(this.json::taskResult).toArray(String[]::new),
                "jobIds", batch.stream().map(r -> jobIds.get(r.taskId())).toArray(Long[]::new),
                "ttlMs", ttlMs,
                "channel", this.channel);
    }

    private static String storeAllCtes(TablePrefix prefix, String filter) {
        return prefix.apply("""
                stored AS (
                    INSERT INTO ${prefix}results AS r (task_id, state, attempt, delivery, record, expires_at)
                    SELECT i.task_id, i.state, i.attempt, i.delivery, i.record::jsonb,
                           now() + :ttlMs * interval '1 millisecond'
                    FROM unnest(:taskIds::text[], :states::text[], :attempts::int[], :deliveries::int[],
                                :records::text[], :jobIds::bigint[])
                        AS i(task_id, state, attempt, delivery, record, job_id)
                    %s
                    ON CONFLICT (task_id) DO UPDATE
                    SET state = excluded.state, attempt = excluded.attempt, delivery = excluded.delivery,
                        record = excluded.record, expires_at = excluded.expires_at
                    WHERE %s
                    RETURNING task_id),
                notified AS (SELECT pg_notify(:channel, task_id) FROM stored)""".formatted(filter, REPLACES));
    }

    @Override
    public Optional<TaskResult> get(String taskId) {
        return this.failures.translate("reading a result",
                () -> this.jdbc.sql(this.getSql).param("taskId", taskId).query(String.class).optional())
                .map(this.json::taskResult);
    }

    @Override
    public Optional<TaskResult> await(String taskId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Wakeups.Waiter waiter = this.wakeups.register(List.of(taskId))) {
            while (true) {
                Optional<TaskResult> result = this.outside.call(() -> get(taskId));
                long remaining = deadline - System.nanoTime();
                if (result.map(r -> r.state().isTerminal()).orElse(false) || remaining <= 0) {
                    return result;
                }
                waiter.await(Duration.ofNanos(Math.min(remaining, this.pollInterval.toNanos())));
            }
        }
    }

    @Override
    public void forget(String taskId) {
        this.jdbc.sql(this.forgetSql).param("taskId", taskId).update();
    }

    @Override
    public void initGroup(String groupId, int size, Duration ttl) {
        if (size < 1) {
            throw new IllegalArgumentException("Invalid group size '" + size + "': must be at least 1");
        }
        long ttlMs = SqlValues.positiveMillis("ttl", ttl);
        this.inTransaction.executeWithoutResult(status -> {
            this.jdbc.sql(this.dropExpiredGroupSql).param("groupId", groupId).update();
            this.jdbc.sql(this.initGroupSql).param("groupId", groupId).param("size", size).param("ttlMs", ttlMs)
                    .update();
        });
    }

    @Override
    public Optional<GroupProgress> completeGroupMember(String groupId, String taskId, boolean failed) {
        return this.jdbc.sql(this.completeMemberSql)
                .param("groupId", groupId)
                .param("taskId", taskId)
                .param("failed", failed)
                .query((rs, n) -> new GroupProgress(groupId, rs.getInt("size"), rs.getInt("completed"),
                        rs.getInt("failed")))
                .optional();
    }

    @Override
    public Optional<GroupProgress> groupProgress(String groupId) {
        return this.jdbc.sql(this.progressSql).param("groupId", groupId)
                .query((rs, n) -> new GroupProgress(groupId, rs.getInt("size"), rs.getInt("completed"),
                        rs.getInt("failed")))
                .optional();
    }

    @Override
    public boolean claimGroupCallback(String groupId) {
        return this.jdbc.sql(this.claimCallbackSql).param("groupId", groupId).update() == 1;
    }

    /// Deletes expired records and groups (with their members); returns how many rows it deleted.
    public int purgeExpired() {
        return this.outside.call(() -> this.jdbc.sql(this.purgeResultsSql).update()
                + this.jdbc.sql(this.purgeGroupsSql).update());
    }

    @Override
    public void close() {
        try {
            this.subscription.close();
        }
        catch (Exception ex) {
            logger.debug("Closing the notification subscription failed", ex);
        }
        if (this.ownListener != null) {
            this.ownListener.close();
        }
        this.wakeups.wakeAll();
    }

    private void purgeIfDue() {
        if (this.purgeThrottle.tryAcquire()) {
            int deleted = purgeExpired();
            if (deleted > 0) {
                logger.debug("Deleted {} expired result and group rows", deleted);
            }
        }
    }
}

package dev.stem.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.stem.backend.ResultBackend;
import dev.stem.backend.TaskResult;
import dev.stem.broker.Broker;
import dev.stem.broker.DeadLetter;
import dev.stem.broker.DeadLetterReason;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.broker.QueueStats;
import dev.stem.broker.UnreadableMessage;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.envelope.EnvelopeTooLargeException;
import dev.stem.envelope.Names;
import dev.stem.failpoint.Failpoints;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.schedule.TickPublisher;

/// A [Broker] on one PostgreSQL table of jobs (`<prefix>jobs`), claimed with `FOR UPDATE SKIP LOCKED`.
///
/// Guarantees beyond the [Broker] contract:
///
/// - **Transactional enqueue.** `publish` and `publishAll` run on the caller's connection: inside a
///   Spring transaction on the same [DataSource] the messages commit or roll back with the caller's
///   own writes, and fetchers are woken only on commit.
/// - **Idempotent publish.** The jobs table holds at most one job per message id: publishing an id
///   that is already there (a retried or replayed publish) adds nothing.
/// - **Claims never join a caller's transaction.** `fetch` suspends any transaction of the calling
///   thread and claims in one short autocommitted statement per queue, in the request's order of
///   preference; within a queue, higher priority first, then earlier `run_at`, then publish order.
///   The statement's shape keeps its generic (prepared) plan on the indexes however bloated the
///   table is.
/// - **Recovered messages alone.** A message leased before whose holder lost the lease comes back
///   in a fetch of its own (a single-element list), never with other messages; fresh messages
///   come in other fetches.
/// - **Leases on the server's statement clock.** A claim or an extension sets `lease_until` from
///   `clock_timestamp()` when the statement runs (after any lock wait), so a claim that waited
///   still gets its whole lease. [#extendLease] moves it forward on a connection of the broker's
///   own, so extensions never wait for a pool connection behind claims; a session terminated under
///   it is replaced at once. A reaper, run by fetches at most every
///   [PostgresBrokerOptions#reapInterval()], returns expired leases to the ready state; the next
///   fetch delivers them with a higher delivery count.
/// - **Holders extend before a stall's leases are reaped.** A table lock or an outage stops the
///   holders' extensions as it stops everything, so the leases that lapse during it may belong to
///   live workers. A reap that waited longer than a quarter of the lease for its locks reaps
///   nothing, and after a claim, reap or extension of this broker failed as unavailable, timed out
///   or took that long, fetches reap nothing for one lease: time for the holders to extend.
/// - **Bounded statements.** Claims and the reaper run under
///   [PostgresBrokerOptions#claimTimeout()], extensions under
///   [PostgresBrokerOptions#leaseExtensionTimeout()] or a third of the lease, whichever is shorter
///   (`statement_timeout` and `lock_timeout` for
///   their own transaction): a stalled database makes them fail with a
///   [dev.stem.broker.BrokerUnavailableException], never hang.
/// - **Fencing.** Every state change names the row id and the random lock token of its lease
///   (the [Delivery#receipt()]), so a stale holder changes nothing once the lease was reaped; with
///   [#storeAndAckAll] that includes its results.
/// - **Acked jobs leave the table.** Ack is a `DELETE`; a retry updates the same row to its next
///   attempt (delivery count reset); a dead letter moves the row into `<prefix>dead_letters` in one
///   statement. [#storeAndAckAll] with a [JdbcResultBackend] on the same [DataSource] stores the
///   results and deletes the jobs in one statement, so both commit together.
/// - **Worker writes commit asynchronously** (unless [PostgresBrokerOptions#asyncWorkerCommits()] is
///   off): claims, lease extensions, releases, acks with their results, retries, dead-letter moves
///   and reaping each commit with `synchronous_commit = off` for their own transaction only, which a
///   server crash may lose whole (the message then runs again). Publishes, and worker writes made
///   while the calling thread has a transaction, commit as the server is configured.
/// - **Nothing silent.** A row whose payload is not a readable envelope is moved to the dead letters
///   with reason [DeadLetterReason#MALFORMED] and never returned; a row whose payload is longer
///   than [PostgresBrokerOptions#maxPayloadBytes()] is moved there with reason
///   [#PAYLOAD_TOO_LARGE] without being read. An unreachable database raises a
///   [dev.stem.broker.BrokerUnavailableException], a full disk a
///   [dev.stem.broker.BrokerFullException], both naming the server's `host:port`; other database
///   errors surface as Spring `DataAccessException`s.
/// - **Wake-ups.** Publishes send `NOTIFY <prefix>jobs, '<queue>'`; idle fetchers wait for it, or
///   for [PostgresBrokerOptions#pollInterval()] at most (the poll fallback is always on).
///
/// `publishAll` is one statement.
public final class PostgresBroker implements Broker, TickPublisher {

    private static final Logger logger = LoggerFactory.getLogger(PostgresBroker.class);

    private static final int REAP_BATCH = 1000;

    /// The dead-letter reason of a stored message over [PostgresBrokerOptions#maxPayloadBytes()].
    public static final String PAYLOAD_TOO_LARGE = "payload-too-large";

    /// Where a worker-side statement template says `${asyncCommit}`: a condition that is always
    /// true and that, being evaluated once per statement (as an init plan), sets
    /// `synchronous_commit = off` for the statement's own transaction.
    private static final String ASYNC_COMMIT = "(SELECT set_config('synchronous_commit', 'off', true)) = 'off'";

    private final DataSource dataSource;

    private final JdbcTemplate jdbc;

    private final JdbcClient client;

    private final OutsideTransactions outside;

    private final TransactionTemplate inTransaction;

    private final EnvelopeCodec codec;

    private final PostgresBrokerOptions options;

    private final String channel;

    private final @Nullable PostgresListener ownListener;

    private final @Nullable AutoCloseable subscription;

    private final Wakeups wakeups = new Wakeups();

    private final Throttle reapThrottle;

    private final String publishSql;

    private final WorkerSql claimSql;

    private final TimedStatement claim;

    private final WorkerSql reapSql;

    private final TimedStatement reap;

    private final WorkerSql ackSql;

    private final WorkerSql ackAllSql;

    private final String heldCte;

    private final WorkerSql storeAndAckSql;

    private final WorkerSql retrySql;

    private final WorkerSql deadLetterSql;

    private final WorkerSql releaseSql;

    private final TimedStatement extend;

    private final LeaseConnection leaseConnection;

    private final PostgresFailures failures;

    private final StallWatch stalls;

    private final String rememberQueueSql;

    private final String tickClaimSql;

    private final String tickPurgeSql;

    private final Throttle tickPurgeThrottle = new Throttle(Duration.ofMinutes(1));

    private final String deadLettersSql;

    private final String deadLetterByIdSql;

    private final String replaySelectSql;

    private final String replayDeleteSql;

    private final String purgeDeadSql;

    private final String purgeSql;

    private final String statsSql;

    private final String oldestReadySql;

    private final String queuesSql;

    private final String deadTuplesSql;

    private final String jobsTable;

    /// A broker on the tables with `prefix`, with the default options and its own notification listener.
    public PostgresBroker(DataSource dataSource, TablePrefix prefix, EnvelopeCodec codec) {
        this(dataSource, prefix, codec, PostgresBrokerOptions.DEFAULTS, null);
    }

    /// A broker on the tables with `prefix`. When `options.listen()` holds, it subscribes to
    /// `sharedListener`, or to a listener of its own (closed with the broker) when that is `null`.
    public PostgresBroker(DataSource dataSource, TablePrefix prefix, EnvelopeCodec codec,
            PostgresBrokerOptions options, @Nullable PostgresListener sharedListener) {
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.client = JdbcClient.create(this.jdbc);
        this.outside = new OutsideTransactions(dataSource);
        this.inTransaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.reapThrottle = new Throttle(options.reapInterval());
        this.codec = codec;
        this.options = options;
        this.failures = new PostgresFailures(dataSource);
        this.stalls = new StallWatch(this.failures);
        this.leaseConnection = new LeaseConnection(dataSource);
        this.channel = prefix.table("jobs");
        this.jobsTable = prefix.table("jobs");
        this.publishSql = prefix.apply("""
                WITH inserted AS (
                    INSERT INTO ${prefix}jobs (message_id, queue, priority, run_at, attempt, payload)
                    SELECT m, q, p, coalesce(r, now()), a, pl
                    FROM unnest(?::text[], ?::text[], ?::int[], ?::timestamptz[], ?::int[], ?::text[]) AS t(m, q, p, r, a, pl)
                    ON CONFLICT (message_id) DO NOTHING
                    RETURNING queue, run_at),
                known AS (
                    INSERT INTO ${prefix}queues (name) SELECT DISTINCT queue FROM inserted
                    ON CONFLICT (name) DO NOTHING)
                SELECT pg_notify(?, d.queue) FROM (SELECT DISTINCT queue FROM inserted WHERE run_at <= now()) d""");
        this.claimSql = workerSql(prefix, """
                WITH picked AS (
                    SELECT id, priority, run_at, delivery_count FROM ${prefix}jobs
                    WHERE queue = ? AND run_at <= now() AND locked_by IS NULL
                    ORDER BY priority DESC, run_at, id
                    LIMIT ?
                    FOR UPDATE SKIP LOCKED),
                ranked AS (
                    SELECT id, delivery_count, row_number() OVER (ORDER BY priority DESC, run_at, id) AS n FROM picked),
                taken AS (
                    SELECT id FROM ranked
                    WHERE (n = 1 AND ?) OR n < coalesce((SELECT min(n) FROM ranked WHERE delivery_count > 0), 2147483647))
                UPDATE ${prefix}jobs AS j
                SET locked_by = ?, lock_token = ?, lease_until = clock_timestamp() + ? * interval '1 millisecond',
                    delivery_count = j.delivery_count + 1
                WHERE j.id = ANY (ARRAY(SELECT id FROM taken)) AND ${asyncCommit}
                RETURNING j.id, CASE WHEN octet_length(j.payload) <= ? THEN j.payload END AS payload,
                    octet_length(j.payload) AS payload_bytes, j.priority, j.run_at, j.delivery_count, j.lease_until""");
        this.claim = new TimedStatement(this.claimSql.asynchronous(), options.claimTimeout());
        this.reapSql = workerSql(prefix, """
                WITH reaped AS (
                    UPDATE ${prefix}jobs SET locked_by = NULL, lock_token = NULL, lease_until = NULL
                    WHERE id IN (
                        SELECT id FROM ${prefix}jobs
                        WHERE locked_by IS NOT NULL AND lease_until < now()
                          AND clock_timestamp() - now() < ? * interval '1 millisecond'
                        ORDER BY lease_until
                        LIMIT %d
                        FOR UPDATE SKIP LOCKED)
                      AND ${asyncCommit}
                    RETURNING queue),
                notified AS (SELECT pg_notify(?, q.queue) FROM (SELECT DISTINCT queue FROM reaped) q)
                SELECT (SELECT count(*) FROM reaped) AS reaped, (SELECT count(*) FROM notified) AS queues""".formatted(REAP_BATCH));
        this.reap = new TimedStatement(this.reapSql.asynchronous(), options.claimTimeout());
        this.ackSql = workerSql(prefix,
                "DELETE FROM ${prefix}jobs WHERE id = ? AND lock_token = ? AND ${asyncCommit}");
        this.ackAllSql = workerSql(prefix, """
                DELETE FROM ${prefix}jobs AS j USING unnest(:ackIds::bigint[], :ackTokens::bigint[]) AS f(id, token)
                WHERE j.id = f.id AND j.lock_token = f.token AND ${asyncCommit}""");
        this.heldCte = prefix.apply("""
                held AS (
                    SELECT j.id FROM ${prefix}jobs AS j, unnest(:ackIds::bigint[], :ackTokens::bigint[]) AS f(id, token)
                    WHERE j.id = f.id AND j.lock_token = f.token
                    FOR UPDATE OF j)""");
        this.storeAndAckSql = workerSql(prefix, """
                acked AS (
                    DELETE FROM ${prefix}jobs AS j WHERE j.id IN (SELECT id FROM held) AND ${asyncCommit}
                    RETURNING 1)
                SELECT (SELECT count(*) FROM acked) AS acked, (SELECT count(*) FROM notified) AS notified""");
        this.retrySql = workerSql(prefix, """
                UPDATE ${prefix}jobs
                SET message_id = ?, queue = ?, priority = ?, attempt = ?, payload = ?, run_at = ?,
                    locked_by = NULL, lock_token = NULL, lease_until = NULL, delivery_count = 0
                WHERE id = ? AND lock_token = ? AND ${asyncCommit}""");
        this.deadLetterSql = workerSql(prefix, """
                WITH moved AS (
                    DELETE FROM ${prefix}jobs WHERE id = ? AND lock_token = ? AND ${asyncCommit}
                    RETURNING message_id, queue, payload, delivery_count)
                INSERT INTO ${prefix}dead_letters
                    (message_id, queue, payload, reason_code, reason_message, error_type, delivery_count)
                SELECT message_id, queue, payload, ?, ?, ?, delivery_count FROM moved""");
        this.releaseSql = workerSql(prefix, """
                WITH released AS (
                    UPDATE ${prefix}jobs
                    SET locked_by = NULL, lock_token = NULL, lease_until = NULL,
                        delivery_count = greatest(delivery_count - 1, 0)
                    WHERE id = ? AND lock_token = ? AND ${asyncCommit}
                    RETURNING queue)
                SELECT pg_notify(?, queue) FROM released""");
        this.extend = new TimedStatement(workerSql(prefix, """
                UPDATE ${prefix}jobs SET lease_until = clock_timestamp() + ? * interval '1 millisecond'
                WHERE id = ? AND lock_token = ? AND ${asyncCommit}""").asynchronous(), options.leaseExtensionTimeout());
        this.tickClaimSql = prefix.apply("""
                INSERT INTO ${prefix}schedule_ticks AS t (entry_id, tick, expires_at)
                VALUES (?, ?, now() + ? * interval '1 millisecond')
                ON CONFLICT (entry_id, tick) DO UPDATE SET claimed_at = now(), expires_at = excluded.expires_at
                WHERE t.expires_at <= now()""");
        this.tickPurgeSql = prefix.apply("DELETE FROM ${prefix}schedule_ticks WHERE expires_at <= now()");
        this.rememberQueueSql = prefix.apply("INSERT INTO ${prefix}queues (name) VALUES (?) ON CONFLICT (name) DO NOTHING");
        String deadLetterColumns = "id, message_id, queue, payload, reason_code, reason_message, error_type, dead_at";
        this.deadLettersSql = prefix.apply("SELECT " + deadLetterColumns
                + " FROM ${prefix}dead_letters WHERE queue = ? ORDER BY dead_at, id OFFSET ? LIMIT ?");
        this.deadLetterByIdSql = prefix.apply("SELECT " + deadLetterColumns
                + " FROM ${prefix}dead_letters WHERE queue = ? AND message_id = ? ORDER BY id DESC LIMIT 1");
        this.replaySelectSql = prefix.apply("SELECT " + deadLetterColumns
                + " FROM ${prefix}dead_letters WHERE queue = ? AND message_id = ANY(?) ORDER BY id FOR UPDATE");
        this.replayDeleteSql = prefix.apply("DELETE FROM ${prefix}dead_letters WHERE id = ANY(?)");
        this.purgeDeadSql = prefix.apply("DELETE FROM ${prefix}dead_letters WHERE queue = ?");
        this.purgeSql = prefix.apply("DELETE FROM ${prefix}jobs WHERE queue = ? AND locked_by IS NULL");
        this.statsSql = prefix.apply("""
                SELECT count(*) FILTER (WHERE locked_by IS NULL AND run_at <= now()) AS ready,
                       count(*) FILTER (WHERE locked_by IS NULL AND run_at > now()) AS delayed,
                       count(*) FILTER (WHERE locked_by IS NOT NULL) AS in_flight,
                       (SELECT count(*) FROM ${prefix}dead_letters WHERE queue = ?) AS dead
                FROM ${prefix}jobs WHERE queue = ?""");
        this.oldestReadySql = prefix.apply("""
                SELECT (extract(epoch FROM now() - min(run_at)) * 1000)::bigint
                FROM ${prefix}jobs WHERE queue = ? AND locked_by IS NULL AND run_at <= now()""");
        this.queuesSql = prefix.apply("SELECT name FROM ${prefix}queues ORDER BY name");
        this.deadTuplesSql = "SELECT coalesce(max(n_dead_tup), 0) FROM pg_stat_user_tables WHERE relid = to_regclass(?)";
        if (options.listen()) {
            PostgresListener listener = sharedListener != null ? sharedListener : PostgresListener.started(dataSource);
            this.ownListener = sharedListener != null ? null : listener;
            this.subscription = listener.subscribe(this.channel, this.wakeups::wake, this.wakeups::wakeAll);
        }
        else {
            this.ownListener = null;
            this.subscription = null;
        }
    }

    @Override
    public void publish(Envelope envelope) {
        publishAll(List.of(envelope));
    }

    @Override
    public void publishAll(List<Envelope> envelopes) {
        if (envelopes.isEmpty()) {
            return;
        }
        int n = envelopes.size();
        String[] ids = new String[n];
        String[] queues = new String[n];
        int[] priorities = new int[n];
        String[] runAts = new String[n];
        int[] attempts = new int[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Envelope envelope = envelopes.get(i);
            ids[i] = envelope.id();
            queues[i] = envelope.queue();
            priorities[i] = envelope.priority();
            runAts[i] = envelope.eta() != null ? envelope.eta().toString() : null;
            attempts[i] = envelope.attempt();
            payloads[i] = this.codec.encode(envelope);
        }
        this.failures.translate("the publish", () -> {
            this.jdbc.query(this.publishSql, rs -> {
            }, ids, queues, priorities, runAts, attempts, payloads, this.channel);
            return null;
        });
    }

    /// One transaction: the claim row of the tick in `<prefix>schedule_ticks` (primary key
    /// `(entry_id, tick)`; a claim whose `claimTtl` has passed may be taken again), then, only if
    /// the claim was free, the job row as [#publish] inserts it. A crash between the two rolls both
    /// back; a concurrent claim of the same tick waits for this transaction and then finds it
    /// taken. Joins a Spring transaction of the caller on the same [DataSource]. The
    /// [Failpoints#BEAT_AFTER_CLAIM] point is passed between the claim and the job. Expired claim
    /// rows are deleted at most once a minute.
    @Override
    public boolean publishTick(String entryId, Instant tick, Envelope envelope, Duration claimTtl) {
        long ttl = SqlValues.positiveMillis("claimTtl", claimTtl);
        return this.failures.translate("the publish of tick " + tick + " of schedule entry '" + entryId + "'", () -> {
            if (this.tickPurgeThrottle.tryAcquire()) {
                this.jdbc.update(this.tickPurgeSql);
            }
            Boolean published = this.inTransaction.execute((status) -> {
                if (this.jdbc.update(this.tickClaimSql, entryId, SqlValues.timestamp(tick), ttl) == 0) {
                    return false;
                }
                Failpoints.hit(Failpoints.BEAT_AFTER_CLAIM);
                publishAll(List.of(envelope));
                return true;
            });
            return Boolean.TRUE.equals(published);
        });
    }

    @Override
    public List<Delivery> fetch(FetchRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + request.maxWait().toNanos();
        try (Wakeups.Waiter waiter = this.wakeups.register(request.queues())) {
            while (true) {
                List<Delivery> deliveries = this.failures.translate("the claim",
                        () -> this.outside.call(() -> claim(request)));
                if (!deliveries.isEmpty()) {
                    return deliveries;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return List.of();
                }
                waiter.await(Duration.ofNanos(Math.min(remaining, this.options.pollInterval().toNanos())));
            }
        }
    }

    /// Claims from each queue in turn until the request is full. A recovered message (one leased
    /// before, whose holder lost the lease) is only claimed first and then alone: the claim of a
    /// queue takes either the recovered message at its head, or the fresh messages before the
    /// first recovered one; later queues add fresh messages only.
    private List<Delivery> claim(FetchRequest request) {
        reapIfDue(request.lease());
        long token = ThreadLocalRandom.current().nextLong();
        long leaseMillis = Math.max(1, request.lease().toMillis());
        List<Delivery> deliveries = new ArrayList<>();
        for (String queue : request.queues()) {
            int wanted = request.maxMessages() - deliveries.size();
            if (wanted <= 0) {
                break;
            }
            boolean first = deliveries.isEmpty();
            List<ClaimedRow> rows = this.stalls.watch(request.lease(), () -> this.claim.query(this.jdbc,
                    PostgresBroker::claimedRow, queue, wanted, first, request.consumer(), token, leaseMillis,
                    this.options.maxPayloadBytes()));
            rows.sort(ClaimedRow.ORDER);
            for (ClaimedRow row : rows) {
                Delivery delivery = toDelivery(queue, row, token, request);
                if (delivery != null) {
                    deliveries.add(delivery);
                }
            }
            if (deliveries.size() == 1 && deliveries.getFirst().recovered()) {
                break;
            }
        }
        return deliveries;
    }

    private @Nullable Delivery toDelivery(String queue, ClaimedRow row, long token, FetchRequest request) {
        String payload = row.payload();
        if (payload == null) {
            logger.warn("Job {} in {} is {} bytes, over the limit of {}; moving it to the dead letters unread",
                    row.id(), this.jobsTable, row.payloadBytes(), this.options.maxPayloadBytes());
            this.jdbc.update(this.deadLetterSql.current(), row.id(), token, PAYLOAD_TOO_LARGE,
                    "Stored message is " + row.payloadBytes() + " bytes, over the limit of "
                            + this.options.maxPayloadBytes() + " bytes; it was not read",
                    null);
            return null;
        }
        Envelope envelope;
        try {
            envelope = this.codec.decode(payload);
        }
        catch (EnvelopeTooLargeException ex) {
            logger.warn("Job {} in {} is over the codec's limits; moving it to the dead letters: {}", row.id(),
                    this.jobsTable, ex.getMessage());
            this.jdbc.update(this.deadLetterSql.current(), row.id(), token, PAYLOAD_TOO_LARGE, ex.getMessage(),
                    ex.getClass().getName());
            return null;
        }
        catch (RuntimeException ex) {
            logger.warn("Job {} in {} is not a readable envelope; moving it to the dead letters: {}", row.id(),
                    this.jobsTable, ex.getMessage());
            DeadLetterReason reason = new DeadLetterReason(DeadLetterReason.MALFORMED,
                    "Stored message is not a readable envelope: " + ex.getMessage(), ex.getClass().getName());
            if (this.jdbc.update(this.deadLetterSql.current(), row.id(), token, reason.code(), reason.message(),
                    reason.errorType()) == 1) {
                Optional<EnvelopeCodec.ReadableParts> readable = this.codec.readableParts(payload);
                request.onUnreadable().accept(new UnreadableMessage(queue,
                        readable.map(EnvelopeCodec.ReadableParts::id).orElse(null),
                        readable.map(EnvelopeCodec.ReadableParts::task).orElse(null), reason));
            }
            return null;
        }
        return new Delivery(envelope, Receipt.format(row.id(), token), row.deliveryCount(), row.leaseUntil());
    }

    /// Reaps when the throttle allows it and no stall ended less than a lease ago (see
    /// [StallWatch]); a reap that itself waited longer than [StallWatch#threshold(Duration)] for
    /// its locks reaps nothing.
    private void reapIfDue(Duration lease) {
        if (!this.stalls.reapingHeld() && this.reapThrottle.tryAcquire()) {
            this.failures.translate("the reaping of expired leases",
                    () -> this.stalls.watch(lease, () -> reap(StallWatch.threshold(lease))));
        }
    }

    /// Returns up to 1,000 expired leases to the ready state now (fetches also do this on their
    /// own, at most every [PostgresBrokerOptions#reapInterval()], and not right after a stall);
    /// returns how many it returned.
    public int reapExpiredLeases() {
        return this.failures.translate("the reaping of expired leases",
                () -> this.outside.call(() -> reap(this.options.claimTimeout())));
    }

    /// Reaps, unless the statement waited longer than `longestWait` for its locks: leases that
    /// lapsed while it waited lapsed while their holders could not extend them either.
    private int reap(Duration longestWait) {
        return this.reap.query(this.jdbc, (rs, n) -> rs.getInt("reaped"), Math.max(1, longestWait.toMillis()),
                this.channel).getFirst();
    }

    @Override
    public boolean ack(Delivery delivery) {
        Receipt receipt = Receipt.parse(delivery.receipt());
        return this.failures.translate("the ack",
                () -> this.jdbc.update(this.ackSql.current(), receipt.id(), receipt.token()) == 1);
    }

    @Override
    public int ackAll(Collection<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return 0;
        }
        return this.failures.translate("the ack",
                () -> this.client.sql(this.ackAllSql.current()).params(ackParams(deliveries)).update());
    }

    /// With a [JdbcResultBackend] on this broker's [DataSource] (whatever its table prefix), one
    /// statement locks the jobs whose leases the deliveries still hold, stores the results of those
    /// jobs only, sends their notifications and deletes the held jobs, so results and acks commit
    /// together and a worker that lost a lease stores nothing for that message (its result could
    /// otherwise overwrite the live holder's). Like [#ackAll], it joins a Spring transaction of the
    /// caller. With any other backend, [ResultBackend#storeAll] and then [#ackAll].
    @Override
    public int storeAndAckAll(ResultBackend backend, List<TaskResult> results, Duration resultTtl,
            Collection<Delivery> deliveries) {
        if (!(backend instanceof JdbcResultBackend jdbcBackend) || jdbcBackend.dataSource() != this.dataSource) {
            return Broker.super.storeAndAckAll(backend, results, resultTtl, deliveries);
        }
        if (results.isEmpty()) {
            return ackAll(deliveries);
        }
        long ttlMs = SqlValues.positiveMillis("resultTtl", resultTtl);
        Map<String, Long> jobIds = new HashMap<>();
        for (Delivery delivery : deliveries) {
            jobIds.put(delivery.id(), Receipt.parse(delivery.receipt()).id());
        }
        Map<String, Object> params = new HashMap<>(jdbcBackend.storeAllParams(results, ttlMs, jobIds));
        params.putAll(ackParams(deliveries));
        String sql = "WITH " + this.heldCte + ",\n" + jdbcBackend.storeHeldCtes() + ",\n" + this.storeAndAckSql.current();
        return this.failures.translateResultWrite("the ack with results",
                () -> this.client.sql(sql).params(params).query((rs, n) -> rs.getInt("acked")).single());
    }

    private static Map<String, Object> ackParams(Collection<Delivery> deliveries) {
        long[] ids = new long[deliveries.size()];
        long[] tokens = new long[deliveries.size()];
        int i = 0;
        for (Delivery delivery : deliveries) {
            Receipt receipt = Receipt.parse(delivery.receipt());
            ids[i] = receipt.id();
            tokens[i] = receipt.token();
            i++;
        }
        return Map.of("ackIds", ids, "ackTokens", tokens);
    }

    @Override
    public boolean retry(Delivery delivery, Envelope next, Instant runAt) {
        Receipt receipt = Receipt.parse(delivery.receipt());
        String payload = this.codec.encode(next);
        return this.failures.translate("the retry", () -> {
            boolean moved = this.jdbc.update(this.retrySql.current(), next.id(), next.queue(), next.priority(),
                    next.attempt(), payload, SqlValues.timestamp(runAt), receipt.id(), receipt.token()) == 1;
            if (moved) {
                if (!next.queue().equals(delivery.queue())) {
                    this.jdbc.update(this.rememberQueueSql, next.queue());
                }
                if (!runAt.isAfter(Instant.now())) {
                    notifyQueue(next.queue());
                }
            }
            return moved;
        });
    }

    @Override
    public boolean deadLetter(Delivery delivery, DeadLetterReason reason) {
        Receipt receipt = Receipt.parse(delivery.receipt());
        return this.failures.translate("the dead-letter move", () -> this.jdbc.update(this.deadLetterSql.current(),
                receipt.id(), receipt.token(), reason.code(), reason.message(), reason.errorType()) == 1);
    }

    /// Unlocks the message and takes back the delivery count of this lease (the count never grows
    /// by a release), so a fresh message stays fresh and a recovered one stays recovered.
    @Override
    public boolean release(Delivery delivery) {
        Receipt receipt = Receipt.parse(delivery.receipt());
        return this.failures.translate("the release", () -> {
            AtomicInteger released = new AtomicInteger();
            this.jdbc.query(this.releaseSql.current(), rs -> {
                released.incrementAndGet();
            }, receipt.id(), receipt.token(), this.channel);
            return released.get() == 1;
        });
    }

    /// Moves the lease to `lease` from the server's clock when the statement runs
    /// (`clock_timestamp()`), on the broker's own lease connection, under
    /// [PostgresBrokerOptions#leaseExtensionTimeout()] or a third of `lease`, whichever is shorter
    /// (so an extension that waits fails, and is retried, while the lease still holds); never joins
    /// a transaction of the caller.
    @Override
    public boolean extendLease(Delivery delivery, Duration lease) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("Invalid lease '" + lease + "': must be positive");
        }
        Receipt receipt = Receipt.parse(delivery.receipt());
        return this.failures.translate("the lease extension", () -> this.stalls.watch(lease,
                () -> this.leaseConnection.update("lease extension", this.extend, lease.dividedBy(3),
                        Math.max(1, lease.toMillis()), receipt.id(), receipt.token()) == 1));
    }

    @Override
    public List<DeadLetter> deadLetters(String queue, int offset, int limit) {
        Names.requireQueueName(queue);
        if (offset < 0) {
            throw new IllegalArgumentException("Invalid offset '" + offset + "': must not be negative");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("Invalid limit '" + limit + "': must not be negative");
        }
        return this.jdbc.query(this.deadLettersSql, this::deadLetterRow, queue, offset, limit);
    }

    @Override
    public Optional<DeadLetter> deadLetter(String queue, String messageId) {
        return this.jdbc.query(this.deadLetterByIdSql, this::deadLetterRow, queue, messageId).stream().findFirst();
    }

    @Override
    public int replayDeadLetters(String queue, Collection<String> messageIds, RepublishInterceptor republish) {
        Names.requireQueueName(queue);
        if (messageIds.isEmpty()) {
            return 0;
        }
        Integer replayed = this.inTransaction.execute(status -> {
            List<Long> rowIds = new ArrayList<>();
            List<DeadLetter> letters = this.jdbc.query(this.replaySelectSql, (rs, n) -> {
                rowIds.add(rs.getLong("id"));
                return deadLetterRow(rs, n);
            }, queue, messageIds.toArray(String[]::new));
            List<Envelope> envelopes = new ArrayList<>();
            List<Long> replayedRows = new ArrayList<>();
            for (int i = 0; i < letters.size(); i++) {
                Envelope envelope = letters.get(i).envelope();
                if (envelope == null) {
                    logger.warn("Dead letter {} of queue {} is malformed and cannot be replayed",
                            letters.get(i).id(), queue);
                    continue;
                }
                envelopes.add(republish.beforeRepublish(envelope, envelope.replayed()));
                replayedRows.add(rowIds.get(i));
            }
            publishAll(envelopes);
            this.jdbc.update(this.replayDeleteSql, (Object) replayedRows.stream().mapToLong(Long::longValue).toArray());
            return envelopes.size();
        });
        return replayed != null ? replayed : 0;
    }

    @Override
    public long purgeDeadLetters(String queue) {
        return this.jdbc.update(this.purgeDeadSql, queue);
    }

    @Override
    public long purge(String queue) {
        return this.jdbc.update(this.purgeSql, queue);
    }

    @Override
    public QueueStats stats(String queue) {
        return this.jdbc.queryForObject(this.statsSql, (rs, n) -> new QueueStats(queue, rs.getLong("ready"),
                rs.getLong("delayed"), rs.getLong("in_flight"), rs.getLong("dead")), queue, queue);
    }

    @Override
    public Optional<Duration> oldestReadyAge(String queue) {
        Long ageMs = this.jdbc.queryForObject(this.oldestReadySql, Long.class, queue);
        return ageMs == null ? Optional.empty() : Optional.of(Duration.ofMillis(Math.max(0, ageMs)));
    }

    @Override
    public List<String> queues() {
        return this.jdbc.queryForList(this.queuesSql, String.class);
    }

    /// The dead-tuple count PostgreSQL's statistics report for the jobs table: a health signal
    /// that autovacuum keeps up with the churn.
    public long deadTupleCount() {
        Long count = this.jdbc.queryForObject(this.deadTuplesSql, Long.class, this.jobsTable);
        return count != null ? count : 0;
    }

    /// The options this broker runs with.
    public PostgresBrokerOptions options() {
        return this.options;
    }

    /// The claim statement, for plan checks; its parameters are queue, limit, whether a recovered
    /// message may be claimed (alone), consumer, lock token, lease milliseconds and the payload limit.
    String claimSql() {
        return this.claimSql.asynchronous();
    }

    @Override
    public void close() {
        if (this.subscription != null) {
            try {
                this.subscription.close();
            }
            catch (Exception ex) {
                logger.debug("Closing the notification subscription failed", ex);
            }
        }
        if (this.ownListener != null) {
            this.ownListener.close();
        }
        this.leaseConnection.close();
        this.wakeups.wakeAll();
    }

    /// `template` with the table prefix applied, in the asynchronous form when the options allow it
    /// and in the form that leaves the commit alone.
    private WorkerSql workerSql(TablePrefix prefix, String template) {
        String configured = prefix.apply(template.replace("${asyncCommit}", "true"));
        String asynchronous = this.options.asyncWorkerCommits()
                ? prefix.apply(template.replace("${asyncCommit}", ASYNC_COMMIT))
                : configured;
        return new WorkerSql(asynchronous, configured);
    }

    private void notifyQueue(String queue) {
        this.jdbc.query("SELECT pg_notify(?, ?)", rs -> {
        }, this.channel, queue);
    }

    private static ClaimedRow claimedRow(ResultSet rs, int rowNum) throws SQLException {
        return new ClaimedRow(rs.getLong("id"), rs.getString("payload"), rs.getLong("payload_bytes"), rs.getInt("priority"),
                SqlValues.requiredInstant(rs, "run_at"), rs.getInt("delivery_count"),
                SqlValues.requiredInstant(rs, "lease_until"));
    }

    private DeadLetter deadLetterRow(ResultSet rs, int rowNum) throws SQLException {
        String payload = rs.getString("payload");
        Envelope envelope;
        try {
            envelope = this.codec.decode(payload);
        }
        catch (RuntimeException ex) {
            envelope = null;
        }
        return new DeadLetter(rs.getString("message_id"), rs.getString("queue"), payload, envelope,
                new DeadLetterReason(rs.getString("reason_code"), rs.getString("reason_message"),
                        rs.getString("error_type")),
                SqlValues.requiredInstant(rs, "dead_at"));
    }

    /// A claimed job; `payload` is `null` when it is longer than the limit (`payloadBytes` says how long).
    private record ClaimedRow(long id, @Nullable String payload, long payloadBytes, int priority, Instant runAt,
            int deliveryCount, Instant leaseUntil) {

        static final Comparator<ClaimedRow> ORDER = Comparator.comparingInt(ClaimedRow::priority).reversed()
                .thenComparing(ClaimedRow::runAt)
                .thenComparingLong(ClaimedRow::id);
    }

    /// A worker-side statement in two forms: one that commits asynchronously (when the options ask
    /// for it) and one that leaves the commit as configured.
    private record WorkerSql(String asynchronous, String configured) {

        /// The form for the calling thread: inside a transaction the statement joins it, and the
        /// caller's commit must stay as durable as configured.
        String current() {
            return TransactionSynchronizationManager.isActualTransactionActive() ? this.configured : this.asynchronous;
        }
    }

    /// The lease proof in a [Delivery]: `<row id>:<lock token>`.
    private record Receipt(long id, long token) {

        static String format(long id, long token) {
            return id + ":" + token;
        }

        static Receipt parse(String receipt) {
            int colon = receipt.indexOf(':');
            try {
                return new Receipt(Long.parseLong(receipt.substring(0, Math.max(colon, 0))),
                        Long.parseLong(receipt.substring(colon + 1)));
            }
            catch (NumberFormatException ex) {
                throw new IllegalArgumentException(
                        "Invalid receipt '" + receipt + "': not issued by a PostgresBroker", ex);
            }
        }
    }
}

package dev.stem.jdbc;

import java.sql.Connection;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.stem.broker.BrokerUnavailableException;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/// Leases on the server's statement clock: a claim that waited behind a table lock still gets its
/// whole lease, a claim that waits past its timeout fails cleanly, and lease extensions do not need
/// a pool connection.
@RequiresPostgres
class PostgresLeaseClockIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    private final List<AutoCloseable> closeables = new ArrayList<>();

    private String queue;

    @BeforeEach
    void setUp() {
        this.queue = "q" + System.nanoTime();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : this.closeables.reversed()) {
            closeable.close();
        }
    }

    @Test
    void claimThatWaitedForATableLockGetsItsWholeLeaseFromTheStatementsClock() throws Exception {
        Duration lease = Duration.ofSeconds(3);
        PostgresBroker broker = broker(new PostgresBrokerOptions(Duration.ofMillis(500), Duration.ofHours(1), false)
                .withClaimTimeout(Duration.ofSeconds(60)));
        PostgresBroker other = broker(PostgresBrokerOptions.DEFAULTS);
        assertThat(fetch(broker, "w1", lease)).as("the first fetch reaps, so the next one only claims").isEmpty();
        broker.publish(envelope());

        Instant lockReleased;
        CompletableFuture<List<Delivery>> claim;
        try (Connection locker = postgres.dataSource().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE " + postgres.prefix().table("jobs") + " IN ACCESS EXCLUSIVE MODE");
            }
            claim = CompletableFuture.supplyAsync(() -> fetch(broker, "w1", lease));
            awaitClaimWaitingForTheLock(locker);
            Thread.sleep(lease.toMillis() + 1_000);
            assertThat(claim).isNotDone();
            lockReleased = serverClock(locker);
            locker.commit();
        }

        Delivery delivery = claim.get(60, TimeUnit.SECONDS).getFirst();
        assertThat(delivery.leaseExpiresAt()).isAfterOrEqualTo(lockReleased.plus(lease));

        Instant beforeOtherClaim = serverClock();
        other.reapExpiredLeases();
        List<Delivery> stolen = fetch(other, "w2", lease);
        if (beforeOtherClaim.isBefore(delivery.leaseExpiresAt())) {
            assertThat(stolen).as("a lease that has not expired is not given to a second worker").isEmpty();
        }
        assertThat(broker.extendLease(delivery, lease)).isEqualTo(stolen.isEmpty());
    }

    @Test
    void claimThatWaitsPastItsTimeoutFailsCleanlyAndChangesNothing() throws Exception {
        PostgresBroker broker = broker(PostgresBrokerOptions.DEFAULTS.withClaimTimeout(Duration.ofMillis(300)));
        broker.publish(envelope());

        try (Connection locker = postgres.dataSource().getConnection()) {
            locker.setAutoCommit(false);
            try (Statement statement = locker.createStatement()) {
                statement.execute("LOCK TABLE " + postgres.prefix().table("jobs") + " IN ACCESS EXCLUSIVE MODE");
            }
            assertThatExceptionOfType(BrokerUnavailableException.class)
                    .isThrownBy(() -> broker.fetch(new FetchRequest("w1", List.of(this.queue), 10, Duration.ZERO,
                            Duration.ofSeconds(30))))
                    .withMessageContaining("did not finish")
                    .withMessageContaining("127.0.0.1:5432");
            locker.rollback();
        }

        Delivery delivery = fetch(broker, "w1", Duration.ofSeconds(30)).getFirst();
        assertThat(delivery.deliveryCount()).isEqualTo(1);
    }

    @Test
    void leaseExtensionsDoNotWaitForAPoolConnection() throws Exception {
        HikariConfig config = new HikariConfig();
        config.setDataSource(postgres.dataSource());
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(250);
        config.setPoolName("stem-lease-test");
        HikariDataSource pool = new HikariDataSource(config);
        this.closeables.add(pool);
        PostgresBroker broker = new PostgresBroker(pool, postgres.prefix(), new EnvelopeCodec(),
                new PostgresBrokerOptions(Duration.ofMillis(500), Duration.ofMillis(250), false), null);
        this.closeables.add(broker);
        broker.publish(envelope());
        Delivery delivery = fetch(broker, "w1", Duration.ofSeconds(30)).getFirst();
        assertThat(broker.extendLease(delivery, Duration.ofSeconds(30))).isTrue();

        try (Connection busy = pool.getConnection()) {
            assertThat(busy.isValid(1)).isTrue();
            assertThat(broker.extendLease(delivery, Duration.ofSeconds(30))).isTrue();
        }
    }

    private PostgresBroker broker(PostgresBrokerOptions options) {
        PostgresBroker broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec(),
                options, null);
        this.closeables.add(broker);
        return broker;
    }

    private List<Delivery> fetch(PostgresBroker broker, String consumer, Duration lease) {
        try {
            return broker.fetch(new FetchRequest(consumer, List.of(this.queue), 10, Duration.ZERO, lease));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /// Waits until another session waits for a lock on the jobs table, which only the claim does.
    private static void awaitClaimWaitingForTheLock(Connection locker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Statement statement = locker.createStatement();
                    var rs = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = '"
                            + postgres.prefix().table("jobs") + "'::regclass")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("The claim never waited for the table lock");
    }

    private static Instant serverClock(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                var rs = statement.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }

    private static Instant serverClock() {
        Timestamp now = postgres.jdbc().queryForObject("SELECT clock_timestamp()", Timestamp.class);
        return now.toInstant();
    }

    private Envelope envelope() {
        return Envelope.builder("lease.task").queue(this.queue).createdAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    }
}

package dev.stem.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

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
import static org.awaitility.Awaitility.await;

/// A table lock held past the lease stops the holder's extensions as it stops every other
/// statement: when it is released, the holder extends its lease before another worker's reaper
/// can take the message, and a lease whose holder is really gone is still reaped afterwards.
@RequiresPostgres
class PostgresLeaseStallIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    private static final Duration LEASE = Duration.ofSeconds(2);

    private final List<AutoCloseable> closeables = new ArrayList<>();

    private String queue;

    private PostgresBroker holder;

    @BeforeEach
    void setUp() {
        this.queue = "q" + System.nanoTime();
        this.holder = broker(new PostgresBrokerOptions(Duration.ofMillis(500), Duration.ofHours(1), false)
                .withLeaseExtensionTimeout(Duration.ofSeconds(60)));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : this.closeables.reversed()) {
            closeable.close();
        }
    }

    @Test
    void reapThatWaitedForATableLockLeavesTheLeasesThatLapsedMeanwhile() throws Exception {
        PostgresBroker other = broker(new PostgresBrokerOptions(Duration.ofMillis(500), Duration.ofMillis(1), false)
                .withClaimTimeout(Duration.ofSeconds(60)));
        Delivery held = publishAndClaim();

        CompletableFuture<List<Delivery>> otherFetch;
        try (Connection locker = lockJobsTable()) {
            awaitLapsed(locker, held);
            otherFetch = CompletableFuture.supplyAsync(() -> fetch(other, "w2"));
            awaitWaitingForTheLock(locker);
            Thread.sleep(StallWatch.threshold(LEASE).multipliedBy(2));
            locker.commit();
        }

        assertThat(otherFetch.get(60, TimeUnit.SECONDS)).as("what the other worker fetched").isEmpty();
        assertThat(this.holder.extendLease(held, LEASE)).as("the holder's extension").isTrue();
    }

    @Test
    void afterAStallTheHolderExtendsBeforeTheLeaseIsReapedAndAGoneHolderIsReapedLater() throws Exception {
        PostgresBroker other = broker(new PostgresBrokerOptions(Duration.ofMillis(500), Duration.ofMillis(1), false)
                .withClaimTimeout(Duration.ofMillis(300)));
        Delivery held = publishAndClaim();

        try (Connection locker = lockJobsTable()) {
            awaitLapsed(locker, held);
            assertThatExceptionOfType(BrokerUnavailableException.class).isThrownBy(() -> fetch(other, "w2"))
                    .withMessageContaining("in time");
            locker.commit();
        }

        assertThat(fetch(other, "w2")).as("the other worker's fetch right after the lock").isEmpty();
        assertThat(this.holder.extendLease(held, LEASE)).as("the holder's extension").isTrue();

        AtomicReference<List<Delivery>> taken = new AtomicReference<>(List.of());
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> !taken.updateAndGet(previous -> fetch(other, "w2")).isEmpty());
        assertThat(taken.get()).singleElement().satisfies(delivery -> {
            assertThat(delivery.id()).isEqualTo(held.id());
            assertThat(delivery.deliveryCount()).isEqualTo(2);
        });
    }

    @Test
    void extensionThatWaitsForALockFailsWithinAThirdOfTheLease() throws Exception {
        Delivery held = publishAndClaim();

        try (Connection locker = lockJobsTable()) {
            CompletableFuture<Boolean> extension = CompletableFuture.supplyAsync(() -> this.holder.extendLease(held,
                    LEASE));
            assertThatExceptionOfType(ExecutionException.class).isThrownBy(() -> extension.get(30, TimeUnit.SECONDS))
                    .havingCause().isInstanceOf(BrokerUnavailableException.class)
                    .withMessageContaining("did not finish the lease extension in time");
            locker.rollback();
        }
        assertThat(this.holder.extendLease(held, LEASE)).isTrue();
    }

    private Delivery publishAndClaim() {
        this.holder.publish(Envelope.builder("stall.task").queue(this.queue)
                .createdAt(Instant.parse("2026-01-01T00:00:00Z")).build());
        return fetch(this.holder, "w1").getFirst();
    }

    private PostgresBroker broker(PostgresBrokerOptions options) {
        PostgresBroker broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec(),
                options, null);
        this.closeables.add(broker);
        return broker;
    }

    private List<Delivery> fetch(PostgresBroker broker, String consumer) {
        try {
            return broker.fetch(new FetchRequest(consumer, List.of(this.queue), 10, Duration.ZERO, LEASE));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /// A connection in a transaction that holds the jobs table in `ACCESS EXCLUSIVE` mode.
    private static Connection lockJobsTable() throws Exception {
        Connection locker = postgres.dataSource().getConnection();
        locker.setAutoCommit(false);
        try (Statement statement = locker.createStatement()) {
            statement.execute("LOCK TABLE " + postgres.prefix().table("jobs") + " IN ACCESS EXCLUSIVE MODE");
        }
        return locker;
    }

    /// Waits until the server's clock is past the lease of `delivery`.
    private static void awaitLapsed(Connection locker, Delivery delivery) throws Exception {
        while (serverClock(locker).isBefore(delivery.leaseExpiresAt().plusMillis(100))) {
            Thread.sleep(50);
        }
    }

    /// Waits until another session waits for a lock on the jobs table.
    private static void awaitWaitingForTheLock(Connection locker) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (Statement statement = locker.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE NOT granted AND relation = '"
                            + postgres.prefix().table("jobs") + "'::regclass")) {
                rs.next();
                if (rs.getInt(1) > 0) {
                    return;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("Nothing waited for the table lock");
    }

    private static Instant serverClock(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT clock_timestamp()")) {
            rs.next();
            return rs.getTimestamp(1).toInstant();
        }
    }
}

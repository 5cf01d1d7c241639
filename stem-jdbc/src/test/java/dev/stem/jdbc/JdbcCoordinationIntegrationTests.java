package dev.stem.jdbc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import dev.stem.control.RateLimit;
import dev.stem.control.StemEvent;
import dev.stem.envelope.Envelope;
import dev.stem.envelope.EnvelopeCodec;
import dev.stem.test.server.RequiresPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

@RequiresPostgres
class JdbcCoordinationIntegrationTests {

    @RegisterExtension
    static final PostgresTestSchema postgres = new PostgresTestSchema();

    @Test
    void concurrentCallersNeverGetMoreThanTheBucketHolds() throws Exception {
        JdbcRateLimiter limiter = new JdbcRateLimiter(postgres.dataSource(), postgres.prefix());
        RateLimit limit = new RateLimit(10, Duration.ofHours(1));
        String key = "k-" + UUID.randomUUID();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> callers = new ArrayList<>();
        try (ExecutorService executor = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                callers.add(executor.submit(() -> {
                    start.await();
                    int granted = 0;
                    for (int i = 0; i < 10; i++) {
                        if (limiter.tryAcquire(key, limit).granted()) {
                            granted++;
                        }
                    }
                    return granted;
                }));
            }
            start.countDown();
            int total = 0;
            for (Future<Integer> caller : callers) {
                total += caller.get(30, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(10);
        }
    }

    @Test
    void aTickClaimedInARolledBackTransactionWithItsJobCanBeClaimedAgain() {
        JdbcScheduleStore store = new JdbcScheduleStore(postgres.dataSource(), postgres.prefix());
        TransactionTemplate transaction = new TransactionTemplate(new DataSourceTransactionManager(postgres.dataSource()));
        Instant tick = Instant.parse("2030-01-01T00:00:00Z");
        String queue = "beat-" + UUID.randomUUID();
        try (PostgresBroker broker = new PostgresBroker(postgres.dataSource(), postgres.prefix(), new EnvelopeCodec())) {
            transaction.executeWithoutResult(status -> {
                assertThat(store.claimTick("entry", tick, Duration.ofMinutes(5))).isTrue();
                broker.publish(Envelope.builder("beat.task").queue(queue).build());
                status.setRollbackOnly();
            });
            assertThat(broker.stats(queue).ready()).isZero();

            transaction.executeWithoutResult(status -> {
                assertThat(store.claimTick("entry", tick, Duration.ofMinutes(5))).isTrue();
                broker.publish(Envelope.builder("beat.task").queue(queue).build());
            });
            assertThat(store.claimTick("entry", tick, Duration.ofMinutes(5))).isFalse();
            assertThat(broker.stats(queue).ready()).isEqualTo(1);
        }
    }

    @Test
    void anEventTooLargeForANotificationIsRefusedBeforeSending() {
        try (JdbcEventBus bus = new JdbcEventBus(postgres.dataSource(), postgres.prefix())) {
            StemEvent huge = new StemEvent(StemEvent.TASK_PROGRESS, "me", Instant.now(), Map.of("blob", "x".repeat(9_000)));

            assertThatIllegalArgumentException().isThrownBy(() -> bus.publish(huge)).withMessageContaining("at most 7999")
                    .withMessageContaining(StemEvent.TASK_PROGRESS);
        }
    }
}

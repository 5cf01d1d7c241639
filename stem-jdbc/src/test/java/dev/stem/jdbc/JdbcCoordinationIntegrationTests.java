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

import dev.stem.control.RateLimit;
import dev.stem.control.StemEvent;
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
    void anEventTooLargeForANotificationIsRefusedBeforeSending() {
        try (JdbcEventBus bus = new JdbcEventBus(postgres.dataSource(), postgres.prefix())) {
            StemEvent huge = new StemEvent(StemEvent.TASK_PROGRESS, "me", Instant.now(), Map.of("blob", "x".repeat(9_000)));

            assertThatIllegalArgumentException().isThrownBy(() -> bus.publish(huge)).withMessageContaining("at most 7999")
                    .withMessageContaining(StemEvent.TASK_PROGRESS);
        }
    }
}

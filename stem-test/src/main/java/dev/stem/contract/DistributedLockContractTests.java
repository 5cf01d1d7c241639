package dev.stem.contract;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.stem.control.DistributedLock;
import dev.stem.control.LockLease;
import dev.stem.envelope.InvalidEnvelopeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/// The promises of [DistributedLock], checked against a real adapter: extend this class and return
/// a fresh lock table from [#createLock()].
///
/// Every test uses random lock names, so the lock may share a server with other tests.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class DistributedLockContractTests {

    private static final Duration LONG_TTL = Duration.ofMinutes(5);

    private static final Duration SHORT_TTL = Duration.ofSeconds(1);

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ExecutorService executor = Executors.newCachedThreadPool();

    private DistributedLock lock;

    private String name;

    /// Returns a new lock table to test; it is closed after each test if it is [AutoCloseable].
    protected abstract DistributedLock createLock();

    @BeforeEach
    void createSubject() {
        this.lock = createLock();
        this.name = RandomNames.of("lock");
    }

    @AfterEach
    void closeSubject() throws Exception {
        this.executor.shutdownNow();
        if (this.lock instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void aHeldLockCannotBeTakenUntilReleased() {
        LockLease lease = this.lock.tryAcquire(this.name, LONG_TTL).orElseThrow();
        assertThat(lease.name()).isEqualTo(this.name);
        assertThat(lease.token()).isNotBlank();

        assertThat(this.lock.tryAcquire(this.name, LONG_TTL)).isEmpty();
        assertThat(this.lock.tryAcquire(RandomNames.of("lock"), LONG_TTL)).isPresent();

        assertThat(this.lock.release(lease)).isTrue();
        assertThat(this.lock.release(lease)).isFalse();
        Optional<LockLease> next = this.lock.tryAcquire(this.name, LONG_TTL);
        assertThat(next).isPresent();
        assertThat(next.get().token()).isNotEqualTo(lease.token());
        assertThat(this.lock.release(next.get())).isTrue();
    }

    @Test
    void exactlyOneOfManyConcurrentCallersGetsTheLock() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Optional<LockLease>>> attempts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            attempts.add(this.executor.submit(() -> {
                start.await();
                return this.lock.tryAcquire(this.name, LONG_TTL);
            }));
        }

        start.countDown();

        int granted = 0;
        for (Future<Optional<LockLease>> attempt : attempts) {
            if (attempt.get(15, TimeUnit.SECONDS).isPresent()) {
                granted++;
            }
        }
        assertThat(granted).isEqualTo(1);
    }

    @Test
    void aLeaseLapsesAfterItsTimeToLive() {
        LockLease lapsed = this.lock.tryAcquire(this.name, SHORT_TTL).orElseThrow();

        AtomicReference<Optional<LockLease>> next = new AtomicReference<>(Optional.empty());
        await().atMost(PATIENCE).until(() -> {
            next.set(this.lock.tryAcquire(this.name, LONG_TTL));
            return next.get().isPresent();
        });

        assertThat(this.lock.extend(lapsed, LONG_TTL)).isFalse();
        assertThat(this.lock.release(lapsed)).isFalse();
        assertThat(this.lock.tryAcquire(this.name, LONG_TTL)).isEmpty();
        assertThat(this.lock.release(next.get().orElseThrow())).isTrue();
    }

    @Test
    void onlyTheHolderCanExtendOrRelease() {
        LockLease lease = this.lock.tryAcquire(this.name, SHORT_TTL).orElseThrow();
        LockLease impostor = new LockLease(this.name, lease.token() + "-forged");

        assertThat(this.lock.extend(impostor, LONG_TTL)).isFalse();
        assertThat(this.lock.release(impostor)).isFalse();
        assertThat(this.lock.tryAcquire(this.name, LONG_TTL)).isEmpty();

        assertThat(this.lock.extend(lease, Duration.ofSeconds(30))).isTrue();
        await().during(SHORT_TTL.multipliedBy(2)).atMost(PATIENCE)
                .until(() -> this.lock.tryAcquire(this.name, LONG_TTL).isEmpty());
        assertThat(this.lock.release(lease)).isTrue();
    }

    @Test
    void aHostileNameIsRefusedBeforeItReachesTheStore() {
        for (String hostile : HostileNames.ALL) {
            assertThatThrownBy(() -> this.lock.tryAcquire(hostile, LONG_TTL))
                    .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("lock name");
        }
    }
}

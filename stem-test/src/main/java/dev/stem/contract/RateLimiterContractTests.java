package dev.stem.contract;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.stem.control.RateLimit;
import dev.stem.control.RateLimitDecision;
import dev.stem.control.RateLimiter;
import dev.stem.envelope.InvalidEnvelopeException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/// The promises of [RateLimiter], checked against a real adapter: extend this class and return a
/// fresh limiter from [#createRateLimiter()].
///
/// Every test uses random keys, so the limiter may share a server with other tests.
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class RateLimiterContractTests {

    private RateLimiter limiter;

    private String key;

    /// Returns a new rate limiter to test; it is closed after each test if it is [AutoCloseable].
    protected abstract RateLimiter createRateLimiter();

    @BeforeEach
    void createSubject() {
        this.limiter = createRateLimiter();
        this.key = RandomNames.of("rate");
    }

    @AfterEach
    void closeSubject() throws Exception {
        if (this.limiter instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void aBurstUpToThePermitsIsGrantedThenRefused() {
        RateLimit limit = new RateLimit(3, Duration.ofSeconds(3));

        for (int i = 0; i < 3; i++) {
            assertThat(this.limiter.tryAcquire(this.key, limit)).isEqualTo(RateLimitDecision.grant());
        }
        RateLimitDecision refused = this.limiter.tryAcquire(this.key, limit);

        assertThat(refused.granted()).isFalse();
        assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(limit.period());
    }

    @Test
    void refusedKeyIsGrantedAgainAfterTheRefill() {
        RateLimit limit = new RateLimit(1, Duration.ofSeconds(1));
        assertThat(this.limiter.tryAcquire(this.key, limit).granted()).isTrue();
        assertThat(this.limiter.tryAcquire(this.key, limit).granted()).isFalse();

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .until(() -> this.limiter.tryAcquire(this.key, limit).granted());
    }

    @Test
    void noMoreThanTheCapacityIsGrantedInABurst() {
        RateLimit limit = new RateLimit(5, Duration.ofMinutes(1));
        int granted = 0;

        for (int i = 0; i < 20; i++) {
            if (this.limiter.tryAcquire(this.key, limit).granted()) {
                granted++;
            }
        }

        assertThat(granted).isEqualTo(5);
    }

    @Test
    void keysHaveTheirOwnBuckets() {
        RateLimit limit = new RateLimit(1, Duration.ofMinutes(1));
        String other = RandomNames.of("rate");

        assertThat(this.limiter.tryAcquire(this.key, limit).granted()).isTrue();
        assertThat(this.limiter.tryAcquire(this.key, limit).granted()).isFalse();

        assertThat(this.limiter.tryAcquire(other, limit).granted()).isTrue();
    }

    @Test
    void aHostileKeyIsRefusedBeforeItReachesTheStore() {
        RateLimit limit = new RateLimit(3, Duration.ofSeconds(3));
        for (String hostile : HostileNames.ALL) {
            assertThatThrownBy(() -> this.limiter.tryAcquire(hostile, limit))
                    .isInstanceOf(InvalidEnvelopeException.class).hasMessageContaining("rate limit key");
        }
    }
}

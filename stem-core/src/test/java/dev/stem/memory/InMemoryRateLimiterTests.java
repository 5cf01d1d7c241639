package dev.stem.memory;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.stem.control.RateLimit;
import dev.stem.control.RateLimitDecision;

import static org.assertj.core.api.Assertions.assertThat;

class InMemoryRateLimiterTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private final InMemoryRateLimiter limiter = new InMemoryRateLimiter(this.clock);

    private final RateLimit twoPerSecond = new RateLimit(2, Duration.ofSeconds(1));

    @Test
    void retryAfterIsTheTimeUntilTheNextToken() {
        this.limiter.tryAcquire("k", this.twoPerSecond);
        this.limiter.tryAcquire("k", this.twoPerSecond);

        assertThat(this.limiter.tryAcquire("k", this.twoPerSecond))
                .isEqualTo(RateLimitDecision.deny(Duration.ofMillis(500)));
        this.clock.advance(Duration.ofMillis(200));
        assertThat(this.limiter.tryAcquire("k", this.twoPerSecond))
                .isEqualTo(RateLimitDecision.deny(Duration.ofMillis(300)));
        this.clock.advance(Duration.ofMillis(300));
        assertThat(this.limiter.tryAcquire("k", this.twoPerSecond).granted()).isTrue();
    }

    @Test
    void aRestingBucketRefillsOnlyUpToItsCapacity() {
        this.limiter.tryAcquire("k", this.twoPerSecond);

        this.clock.advance(Duration.ofHours(1));

        assertThat(this.limiter.tryAcquire("k", this.twoPerSecond).granted()).isTrue();
        assertThat(this.limiter.tryAcquire("k", this.twoPerSecond).granted()).isTrue();
        assertThat(this.limiter.tryAcquire("k", this.twoPerSecond).granted()).isFalse();
    }
}

package dev.stem.memory;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InMemoryScheduleStoreTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private final InMemoryScheduleStore store = new InMemoryScheduleStore(this.clock);

    @Test
    void aClaimIsHeldForItsHoldThenForgotten() {
        Instant tick = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(this.store.claimTick("e1", tick, Duration.ofMinutes(1))).isTrue();

        this.clock.advance(Duration.ofSeconds(59));
        assertThat(this.store.claimTick("e1", tick, Duration.ofMinutes(1))).isFalse();
        this.clock.advance(Duration.ofSeconds(1));
        assertThat(this.store.claimTick("e1", tick, Duration.ofMinutes(1))).isTrue();
    }

    @Test
    void badArgumentsAreRefusedNamingTheField() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.store.due(this.clock.instant(), -1))
                .withMessageContaining("limit");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> this.store.claimTick("e1", this.clock.instant(), Duration.ZERO))
                .withMessageContaining("hold");
    }
}

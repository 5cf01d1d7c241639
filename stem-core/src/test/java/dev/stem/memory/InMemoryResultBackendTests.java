package dev.stem.memory;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.stem.backend.GroupProgress;
import dev.stem.backend.TaskResult;
import dev.stem.backend.TaskState;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class InMemoryResultBackendTests {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    private final InMemoryResultBackend backend = new InMemoryResultBackend(this.clock);

    @Test
    void anExpiredRecordNoLongerFencesLowerAttempts() {
        this.backend.store(result(3), Duration.ofSeconds(10));

        this.clock.advance(Duration.ofSeconds(10));

        assertThat(this.backend.get("t1")).isEmpty();
        assertThat(this.backend.store(result(1), Duration.ofSeconds(10))).isTrue();
    }

    @Test
    void initialisingALiveGroupAgainKeepsItsMembers() {
        this.backend.initGroup("g1", 2, Duration.ofMinutes(1));
        this.backend.completeGroupMember("g1", "m1", true);

        this.backend.initGroup("g1", 3, Duration.ofMinutes(1));

        assertThat(this.backend.groupProgress("g1")).contains(new GroupProgress("g1", 3, 1, 1));
    }

    @Test
    void theCallbackOfAnUnknownOrExpiredGroupCannotBeClaimed() {
        this.backend.initGroup("g1", 1, Duration.ofSeconds(5));
        this.clock.advance(Duration.ofSeconds(5));

        assertThat(this.backend.claimGroupCallback("g1")).isFalse();
        assertThat(this.backend.claimGroupCallback("never-created")).isFalse();
    }

    @Test
    void nonPositiveTimeToLiveIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> this.backend.store(result(0), Duration.ZERO))
                .withMessageContaining("ttl");
    }

    private TaskResult result(int attempt) {
        return new TaskResult("t1", "test.unit", TaskState.SUCCESS, null, null, Map.of(), attempt,
                this.clock.instant());
    }
}

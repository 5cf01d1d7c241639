package dev.stem.control;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/// A worker is stale once it missed three heartbeats of its own interval, and not before.
class WorkerInfoTests {

    @Test
    void staleAfterThreeMissedBeatsOfItsInterval() {
        Instant beat = Instant.parse("2026-01-01T10:00:00Z");
        WorkerInfo worker = new WorkerInfo("w1", "host", 1, List.of("default"), 4, 0, 0, beat.minusSeconds(60), beat,
                Duration.ofSeconds(2), "1.0", List.of());

        assertThat(worker.isStale(beat.plusSeconds(6))).isFalse();
        assertThat(worker.isStale(beat.plusSeconds(6).plusMillis(1))).isTrue();
        assertThat(worker.uptime()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void aHeartbeatOfAnOlderStemReadsWithTheDefaults() {
        Instant beat = Instant.parse("2026-01-01T10:00:00Z");
        WorkerInfo worker = new WorkerInfo("w1", "host", 1, List.of("default"), 4, 0, 0, beat, beat);

        assertThat(worker.heartbeatInterval()).isEqualTo(WorkerInfo.DEFAULT_HEARTBEAT_INTERVAL);
        assertThat(worker.version()).isEqualTo(WorkerInfo.UNKNOWN_VERSION);
        assertThat(worker.running()).isEmpty();
    }
}

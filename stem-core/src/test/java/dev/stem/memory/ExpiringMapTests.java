package dev.stem.memory;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiringMapTests {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final ExpiringMap<String, String> map = new ExpiringMap<>();

    @Test
    void anEntryLivesUntilItsExpiry() {
        this.map.put("k", "v", START.plusSeconds(10), START);

        assertThat(this.map.get("k", START.plusSeconds(9))).isEqualTo("v");
        assertThat(this.map.get("k", START.plusSeconds(10))).isNull();
    }

    @Test
    void aReplacedEntryKeepsItsNewExpiry() {
        this.map.put("k", "old", START.plusSeconds(10), START);
        this.map.put("k", "new", START.plusSeconds(30), START.plusSeconds(5));

        assertThat(this.map.live(START.plusSeconds(20))).extracting(Map.Entry::getValue)
                .containsExactly("new");
    }

    @Test
    void putIfAbsentTakesTheKeyOnlyOnceItExpired() {
        assertThat(this.map.putIfAbsent("k", "a", START.plusSeconds(10), START)).isTrue();
        assertThat(this.map.putIfAbsent("k", "b", START.plusSeconds(10), START.plusSeconds(5))).isFalse();
        assertThat(this.map.putIfAbsent("k", "c", START.plusSeconds(20), START.plusSeconds(10))).isTrue();
        assertThat(this.map.get("k", START.plusSeconds(10))).isEqualTo("c");
    }
}

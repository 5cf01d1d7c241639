package dev.stem.envelope;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IsoInstantsTests {

    @Test
    void readsWhatInstantWritesExactlyAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 250_000_000_000L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> random.nextInt(1000) * 1_000_000;
                        case 2 -> random.nextInt(1_000_000) * 1_000;
                        default -> random.nextInt(1_000_000_000);
                    });
            String text = instant.toString();
            assertThat(IsoInstants.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-01-31T12:00:00Z", "2026-01-31T12:00:00.1Z", "2026-01-31T12:00:00.123456789Z",
            "2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00Z", "2026-01-31T24:00:00Z", "2026-01-31T12:00:00.Z", "2026-01-31T12:00:00+02:00",
            "2016-12-31T23:59:60Z", "+12026-01-31T12:00:00Z", "2026-01-31t12:00:00z"})
    void agreesWithInstantParseOnOtherForms(String text) {
        assertThat(IsoInstants.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T12:00:00Z", "2026-13-01T12:00:00Z", "2026-01-31T12:00Z",
            "2026-01-31T12:60:00Z", "2026-01-31T12:00:00.1234567890Z", "2026-01-3xT12:00:00Z",
            "2026-01-31 12:00:00Z", "yesterday", ""})
    void refusesWhatInstantParseRefuses(String text) {
        assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> Instant.parse(text));
        assertThatExceptionOfType(DateTimeParseException.class).isThrownBy(() -> IsoInstants.parse(text));
    }
}

package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/// Which instants are ticks: cron dialects, daylight-saving changes, intervals and one-shots.
class ScheduleRuleTests {

    @Test
    void berlinSpringForwardOn20260329SkipsTheMissingWallClockTimeAndKeepsHourlyTicksAnHourApart() {
        assertThat(ticks("0 30 2 * * *", "Europe/Berlin", "2026-03-27T12:00:00Z", 3)).containsExactly(
                "2026-03-28T01:30:00Z", "2026-03-30T00:30:00Z", "2026-03-31T00:30:00Z");
        assertThat(ticks("0 * * * *", "Europe/Berlin", "2026-03-28T23:30:00Z", 3)).containsExactly(
                "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z", "2026-03-29T02:00:00Z");
    }

    @Test
    void berlinFallBackOn20261025FiresARepeatedWallClockTimeOncePerOffset() {
        assertThat(ticks("30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00Z", 3)).containsExactly(
                "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z", "2026-10-26T01:30:00Z");
        assertThat(ticks("@hourly", "Europe/Berlin", "2026-10-24T23:30:00Z", 3)).containsExactly(
                "2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z", "2026-10-25T02:00:00Z");
    }

    @Test
    void newYorkSpringForwardOn20260308SkipsTheMissingWallClockTime() {
        assertThat(ticks("0 30 2 * * *", "America/New_York", "2026-03-06T12:00:00Z", 3)).containsExactly(
                "2026-03-07T07:30:00Z", "2026-03-09T06:30:00Z", "2026-03-10T06:30:00Z");
        assertThat(ticks("0 * * * *", "America/New_York", "2026-03-08T06:30:00Z", 3)).containsExactly(
                "2026-03-08T07:00:00Z", "2026-03-08T08:00:00Z", "2026-03-08T09:00:00Z");
    }

    @Test
    void newYorkFallBackOn20261101FiresARepeatedWallClockTimeOncePerOffset() {
        assertThat(ticks("0 30 1 * * *", "America/New_York", "2026-10-31T12:00:00Z", 3)).containsExactly(
                "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z", "2026-11-02T06:30:00Z");
        assertThat(ticks("*/30 * * * *", "America/New_York", "2026-11-01T04:45:00Z", 4)).containsExactly(
                "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z", "2026-11-01T06:30:00Z");
    }

    @Test
    void theCrontabFormIsTheSpringFormWithSecondZeroAndMacrosAreSpringMacros() {
        assertThat(ticks("*/15 9-17 * * MON-FRI", "UTC", "2026-01-02T16:50:00Z", 3))
                .isEqualTo(ticks("0 */15 9-17 * * MON-FRI", "UTC", "2026-01-02T16:50:00Z", 3))
                .containsExactly("2026-01-02T17:00:00Z", "2026-01-02T17:15:00Z", "2026-01-02T17:30:00Z");
        assertThat(ticks("@daily", "UTC", "2026-01-02T16:50:00Z", 2))
                .containsExactly("2026-01-03T00:00:00Z", "2026-01-04T00:00:00Z");
        assertThat(ticks("@HOURLY", "UTC", "2026-01-02T16:50:00Z", 1)).containsExactly("2026-01-02T17:00:00Z");
    }

    @Test
    void intervalTicksFallOnWholeMultiplesSinceTheEpochWhateverTheStart() {
        ScheduleRule rule = ScheduleRule.of(ScheduleEntry.builder("e", "t").every(Duration.ofSeconds(10)).build());

        assertThat(rule.next(Instant.parse("2026-01-01T00:00:03.250Z"))).isEqualTo("2026-01-01T00:00:10Z");
        assertThat(rule.next(Instant.parse("2026-01-01T00:00:10Z"))).isEqualTo("2026-01-01T00:00:20Z");
    }

    @Test
    void aOneShotHasOneTick() {
        ScheduleRule rule = ScheduleRule.of(ScheduleEntry.builder("e", "t").at(Instant.parse("2026-05-01T10:00:00Z"))
                .build());

        assertThat(rule.next(Instant.parse("2026-05-01T09:59:59Z"))).isEqualTo("2026-05-01T10:00:00Z");
        assertThat(rule.next(Instant.parse("2026-05-01T10:00:00Z"))).isNull();
    }

    private static List<String> ticks(String cron, String zone, String from, int count) {
        ScheduleRule rule = ScheduleRule.of(ScheduleEntry.builder("dst", "t").cron(cron).zone(zone).build());
        List<String> ticks = new ArrayList<>();
        Instant tick = Instant.parse(from);
        for (int i = 0; i < count; i++) {
            tick = rule.next(tick);
            ticks.add(tick.toString());
        }
        return ticks;
    }
}

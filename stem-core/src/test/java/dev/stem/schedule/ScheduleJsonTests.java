package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/// The JSON form the stores keep entries and states in.
class ScheduleJsonTests {

    @Test
    void aRecordReadsBackExactlyAndUnknownFieldsAreIgnored() {
        ScheduleRecord record = new ScheduleRecord(ScheduleEntry.builder("nightly", "reports.send")
                .args(ScheduleJson.args("nightly", "{\"kind\": \"daily\"}")).cron("30 2 * * *").zone("Europe/Berlin")
                .jitter(Duration.ofSeconds(5)).missedRunPolicy(MissedRunPolicy.SKIP)
                .options(new ScheduledTaskOptions(1, null, Duration.ofMinutes(1), Duration.ofHours(1))).build(),
                new ScheduleState(Instant.parse("2026-06-02T00:30:00Z"), Instant.parse("2026-06-01T00:30:00Z"),
                        TickOutcome.CLAIMED_ELSEWHERE, "m-1", Duration.ofMillis(12), null));

        String json = ScheduleJson.write(record);

        assertThat(ScheduleJson.readRecord(json)).isEqualTo(record);
        assertThat(json).contains("\"nextRunAt\":\"2026-06-02T00:30:00Z\"", "\"missedRunPolicy\":\"SKIP\"");
        assertThat(ScheduleJson.readRecord(json.replaceFirst("\\{", "{\"addedLater\":1,"))).isEqualTo(record);
    }

    @Test
    void argsThatAreNotJsonAreRefusedNamingEntryFieldAndValue() {
        assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> ScheduleJson.args("nightly", "[1,"))
                .withMessageStartingWith("Invalid schedule entry 'nightly': args '[1,' is not JSON");
    }
}

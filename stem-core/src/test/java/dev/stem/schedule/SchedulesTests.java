package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.stem.broker.FetchRequest;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryScheduleStore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/// The schedule-management API: the one validation with its messages, and what each call does to
/// the stored entry and its state.
class SchedulesTests {

    private final TestClock clock = new TestClock("2026-06-01T12:00:00.500Z");

    private final InMemoryScheduleStore store = new InMemoryScheduleStore();

    private final InMemoryBroker broker = new InMemoryBroker(this.clock);

    private final Schedules schedules = new Schedules(this.store, this.broker, this.clock);

    @Test
    void anInvalidCronExpressionIsRefusedNamingEntryFieldAndValue() {
        assertRefused(ScheduleEntry.builder("report", "reports.send").cron("0 61 * * * *").build(),
                "Invalid schedule entry 'report': cron '0 61 * * * *' is not a valid cron expression");
        assertRefused(ScheduleEntry.builder("report", "reports.send").cron("* * *").build(),
                "Invalid schedule entry 'report': cron '* * *' must have 5 fields (crontab");
        assertRefused(ScheduleEntry.builder("report", "reports.send").cron("@reboot").build(),
                "Invalid schedule entry 'report': cron '@reboot' is not a known macro");
    }

    @Test
    void anUnknownZoneIsRefusedNamingEntryFieldAndValue() {
        assertRefused(ScheduleEntry.builder("report", "reports.send").cron("0 0 6 * * *").zone("Mars/Olympus").build(),
                "Invalid schedule entry 'report': zone 'Mars/Olympus' is not a known time zone id");
    }

    @Test
    void aNonPositiveIntervalIsRefusedNamingEntryFieldAndValue() {
        assertRefused(ScheduleEntry.builder("poll", "feeds.poll").every(Duration.ZERO).build(),
                "Invalid schedule entry 'poll': every 'PT0S' must be positive and at least 1 second");
        assertRefused(ScheduleEntry.builder("poll", "feeds.poll").every(Duration.ofSeconds(-5)).build(),
                "Invalid schedule entry 'poll': every 'PT-5S' must be positive and at least 1 second");
    }

    @Test
    void aOneShotInThePastIsRefusedNamingEntryFieldAndValue() {
        assertRefused(ScheduleEntry.builder("launch", "launch.go").at(Instant.parse("2026-06-01T11:00:00Z")).build(),
                "Invalid schedule entry 'launch': at '2026-06-01T11:00:00Z' is in the past (now is 2026-06-01T12:00:00.500Z)");
    }

    @Test
    void otherBadFieldsAreRefusedNamingEntryFieldAndValue() {
        assertRefused(ScheduleEntry.builder("none", "t").build(),
                "Invalid schedule entry 'none': cron/every/at 'cron=null, every=null, at=null' must set exactly one");
        assertRefused(ScheduleEntry.builder("bad task", "t").every(Duration.ofSeconds(1)).build(),
                "Invalid schedule entry 'bad task': id 'bad task' is not allowed: ids are");
        assertRefused(ScheduleEntry.builder("e", "t").every(Duration.ofSeconds(1)).priority(10).build(),
                "Invalid schedule entry 'e': priority '10' must be between 0 and 9");
        assertRefused(ScheduleEntry.builder("e", "t").every(Duration.ofSeconds(1)).catchUpLimit(0).build(),
                "Invalid schedule entry 'e': catch-up-limit '0' must be at least 1");
    }

    @Test
    void aRefusedChangeLeavesTheStoredEntryAsItWas() {
        ScheduleRecord stored = this.schedules.add(ScheduleEntry.builder("poll", "feeds.poll")
                .every(Duration.ofSeconds(2)).build());

        assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> this.schedules
                .update(stored.entry().toBuilder().cron("not a cron").build()));
        assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> this.schedules
                .add(stored.entry()))
                .withMessage("Invalid schedule entry 'poll': id 'poll' is already taken by another entry");

        assertThat(this.store.get("poll")).contains(stored);
    }

    @Test
    void addUpdateEnableDisableRemoveAndRunNow() throws Exception {
        ScheduleRecord added = this.schedules.add(ScheduleEntry.builder("poll", "feeds.poll")
                .every(Duration.ofSeconds(2)).build());
        assertThat(added.state()).isEqualTo(ScheduleState.first(Instant.parse("2026-06-01T12:00:02Z")));

        this.clock.advance(Duration.ofSeconds(5));
        ScheduleRecord updated = this.schedules.update(added.entry().toBuilder().every(Duration.ofSeconds(1)).build());
        assertThat(updated.state().nextRunAt()).isEqualTo("2026-06-01T12:00:06Z");

        assertThat(this.schedules.disable("poll").entry().enabled()).isFalse();
        assertThat(this.store.due(Instant.parse("2030-01-01T00:00:00Z"), 10)).isEmpty();
        this.clock.advance(Duration.ofSeconds(10));
        ScheduleRecord enabled = this.schedules.enable("poll");
        assertThat(enabled.entry().enabled()).isTrue();
        assertThat(enabled.state().nextRunAt()).isEqualTo("2026-06-01T12:00:16Z");

        String sent = this.schedules.runNow("poll").id();
        assertThat(this.broker.fetch(new FetchRequest("c", List.of("default"), 10, Duration.ZERO,
                Duration.ofMinutes(1)))).singleElement().satisfies((delivery) -> {
                    assertThat(delivery.envelope().id()).isEqualTo(sent);
                    assertThat(delivery.envelope().headers()).containsEntry(TickEnvelopes.ENTRY_HEADER, "poll");
                });
        assertThat(this.store.get("poll")).contains(enabled);

        assertThat(this.schedules.remove("poll")).isTrue();
        assertThatExceptionOfType(NoSuchScheduleException.class).isThrownBy(() -> this.schedules.enable("poll"))
                .withMessage("No schedule entry 'poll'");
    }

    @Test
    void putKeepsTheStateOfAnUnchangedEntryAndReplacesAChangedOne() {
        ScheduleEntry entry = ScheduleEntry.builder("nightly", "reports.send").cron("0 0 2 * * *").build();
        ScheduleRecord first = this.schedules.put(entry);
        this.store.advance("nightly", first.state().nextRunAt(), first.state().withNextRunAt(
                Instant.parse("2026-06-03T02:00:00Z")));

        assertThat(this.schedules.put(entry).state().nextRunAt()).isEqualTo("2026-06-03T02:00:00Z");
        assertThat(this.schedules.put(entry.toBuilder().cron("0 0 3 * * *").build()).state().nextRunAt())
                .isEqualTo("2026-06-02T03:00:00Z");
    }

    private void assertRefused(ScheduleEntry entry, String message) {
        assertThatExceptionOfType(InvalidScheduleException.class).isThrownBy(() -> this.schedules.add(entry))
                .withMessageStartingWith(message);
        assertThat(this.store.get(entry.id())).isEmpty();
    }
}

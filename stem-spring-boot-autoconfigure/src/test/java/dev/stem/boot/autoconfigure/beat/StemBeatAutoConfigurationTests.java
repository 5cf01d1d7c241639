package dev.stem.boot.autoconfigure.beat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.stem.annotation.StemSchedule;
import dev.stem.annotation.StemTask;
import dev.stem.boot.autoconfigure.StemAutoConfiguration;
import dev.stem.schedule.Beat;
import dev.stem.schedule.InvalidScheduleException;
import dev.stem.schedule.MissedRunPolicy;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleStore;
import dev.stem.schedule.Schedules;

import static org.assertj.core.api.Assertions.assertThat;

class StemBeatAutoConfigurationTests {

    private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, StemAutoConfiguration.class,
                    StemBeatAutoConfiguration.class))
            .withPropertyValues("stem.worker.enabled=false");

    @Test
    void theScheduleApiIsThereWithoutBeat() {
        this.contextRunner.run((context) -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(Schedules.class);
            assertThat(context).doesNotHaveBean(Beat.class);
        });
    }

    @Test
    void beatPutsTheEntriesOfYamlAndAnnotationsIntoTheStoreAndYamlWinsOnTheSameId() {
        this.contextRunner.withUserConfiguration(ScheduledTasks.class)
                .withPropertyValues("stem.beat.enabled=true", "stem.beat.poll-interval=50ms",
                        "stem.beat.schedules.nightly.task=reports.send",
                        "stem.beat.schedules.nightly.cron=30 2 * * *",
                        "stem.beat.schedules.nightly.zone=Europe/Berlin",
                        "stem.beat.schedules.nightly.args=[\"daily\"]",
                        "stem.beat.schedules.nightly.missed-run-policy=catch-up",
                        "stem.beat.schedules.nightly.catch-up-limit=3",
                        "stem.beat.schedules.nightly.expires=1h",
                        "stem.beat.schedules.overridden.task=feeds.poll",
                        "stem.beat.schedules.overridden.every=45s")
                .run((context) -> {
                    assertThat(context).hasNotFailed();
                    Beat beat = context.getBean(Beat.class);
                    assertThat(beat.isRunning()).isTrue();
                    beat.pass();
                    ScheduleStore store = context.getBean(ScheduleStore.class);
                    ScheduleEntry nightly = store.get("nightly").orElseThrow().entry();
                    assertThat(nightly.cron()).isEqualTo("30 2 * * *");
                    assertThat(nightly.zone()).isEqualTo("Europe/Berlin");
                    assertThat(nightly.args().toString()).isEqualTo("[\"daily\"]");
                    assertThat(nightly.missedRunPolicy()).isEqualTo(MissedRunPolicy.CATCH_UP);
                    assertThat(nightly.catchUpLimit()).isEqualTo(3);
                    assertThat(nightly.options().expires()).isEqualTo(Duration.ofHours(1));
                    ScheduleEntry annotated = store.get("feeds-every-5m").orElseThrow().entry();
                    assertThat(annotated.task()).isEqualTo("feeds.poll");
                    assertThat(annotated.cron()).isEqualTo("0 */5 * * * *");
                    assertThat(annotated.queue()).isEqualTo("feeds");
                    assertThat(store.get("overridden").orElseThrow().entry().every()).isEqualTo(Duration.ofSeconds(45));
                });
    }

    @Test
    void anInvalidCronFailsTheStartNamingEntryFieldAndValue() {
        assertStartFails("Invalid schedule entry 'nightly': cron '0 0 25 * * *' is not a valid cron expression",
                "stem.beat.schedules.nightly.task=reports.send", "stem.beat.schedules.nightly.cron=0 0 25 * * *");
    }

    @Test
    void anUnknownZoneFailsTheStartNamingEntryFieldAndValue() {
        assertStartFails("Invalid schedule entry 'nightly': zone 'Europe/Atlantis' is not a known time zone id",
                "stem.beat.schedules.nightly.task=reports.send", "stem.beat.schedules.nightly.cron=@daily",
                "stem.beat.schedules.nightly.zone=Europe/Atlantis");
    }

    @Test
    void aNonPositiveIntervalFailsTheStartNamingEntryFieldAndValue() {
        assertStartFails("Invalid schedule entry 'poll': every 'PT0S' must be positive and at least 1 second",
                "stem.beat.schedules.poll.task=feeds.poll", "stem.beat.schedules.poll.every=0s");
    }

    @Test
    void aOneShotInThePastFailsTheStartNamingEntryFieldAndValue() {
        assertStartFails("Invalid schedule entry 'launch': at '2020-01-01T00:00:00Z' is in the past",
                "stem.beat.schedules.launch.task=launch.go", "stem.beat.schedules.launch.at=2020-01-01T00:00:00Z");
    }

    @Test
    void anUnknownFieldFailsTheStartNamingEntryFieldAndValue() {
        assertStartFails("Invalid schedule entry 'nightly': crn '@daily' is not a schedule field (did you mean 'cron'?)",
                "stem.beat.schedules.nightly.task=reports.send", "stem.beat.schedules.nightly.crn=@daily");
    }

    private void assertStartFails(String message, String... properties) {
        this.contextRunner.withPropertyValues("stem.beat.enabled=true").withPropertyValues(properties)
                .run((context) -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidScheduleException.class)
                            .hasMessageStartingWith(message);
                });
    }

    @Configuration(proxyBeanMethods = false)
    static class ScheduledTasks {

        @Bean
        Feeds feeds() {
            return new Feeds();
        }
    }

    static class Feeds {

        @StemTask(name = "feeds.poll", queue = "feeds")
        @StemSchedule(id = "feeds-every-5m", cron = "0 */5 * * * *")
        void poll() {
        }

        @StemTask(name = "feeds.overridden")
        @StemSchedule(id = "overridden", every = "10s")
        void overridden() {
        }
    }
}

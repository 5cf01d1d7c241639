package dev.stem.boot.autoconfigure.diagnostics;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.stem.schedule.InvalidScheduleException;

import static org.assertj.core.api.Assertions.assertThat;

class InvalidScheduleFailureAnalyzerTests {

    private final InvalidScheduleFailureAnalyzer analyzer = new InvalidScheduleFailureAnalyzer();

    @Test
    void namesTheEntryTheFieldAndTheValueInsideABeanCreationFailure() {
        InvalidScheduleException cause = new InvalidScheduleException("nightly", "zone", "Europe/Atlantis",
                "is not a known time zone id");

        FailureAnalysis analysis = this.analyzer.analyze(new BeanCreationException("stemBeat", "failed", cause));

        assertThat(analysis).isNotNull();
        assertThat(analysis.getDescription())
                .isEqualTo("Invalid schedule entry 'nightly': zone 'Europe/Atlantis' is not a known time zone id.");
        assertThat(analysis.getAction()).contains("stem.beat.schedules.nightly.zone", "@StemSchedule");
    }
}

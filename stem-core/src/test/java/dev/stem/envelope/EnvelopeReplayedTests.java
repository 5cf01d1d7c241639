package dev.stem.envelope;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EnvelopeReplayedTests {

    @Test
    void replayContinuesTheAttemptCountWithAsManyRetriesAgainAndIsDueNow() {
        Envelope dead = Envelope.builder("orders.sync").queue("orders").headers(Map.of("trace", "t-1")).priority(4)
                .attempt(3).maxRetries(3).eta(Instant.parse("2030-01-01T00:00:00Z")).build();

        Envelope replayed = dead.replayed();

        assertThat(replayed.attempt()).isEqualTo(4);
        assertThat(replayed.maxRetries()).isEqualTo(7);
        assertThat(replayed.eta()).isNull();
        assertThat(replayed).usingRecursiveComparison().ignoringFields("attempt", "maxRetries", "eta")
                .isEqualTo(dead);
    }

    @Test
    void aMessageThatDiedBeforeUsingItsRetriesKeepsThemAll() {
        Envelope dead = Envelope.builder("orders.sync").maxRetries(2).build();

        Envelope replayed = dead.replayed();

        assertThat(replayed.attempt()).isEqualTo(1);
        assertThat(replayed.maxRetries()).isEqualTo(3);
    }

    @Test
    void countsStopAtTheLargestInteger() {
        Envelope dead = Envelope.builder("orders.sync").attempt(Integer.MAX_VALUE - 1).maxRetries(Integer.MAX_VALUE)
                .build();

        Envelope replayed = dead.replayed();

        assertThat(replayed.attempt()).isEqualTo(Integer.MAX_VALUE);
        assertThat(replayed.maxRetries()).isEqualTo(Integer.MAX_VALUE);
        assertThat(replayed.replayed().attempt()).isEqualTo(Integer.MAX_VALUE);
    }
}

package dev.stem.failpoint;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailpointsTests {

    @AfterEach
    void disarm() {
        Failpoints.disarm();
    }

    @Test
    void unarmedPointsDoNothing() {
        assertThat(Failpoints.armed(Failpoints.AFTER_HANDLER)).isFalse();
        Failpoints.hit(Failpoints.AFTER_HANDLER);
        assertThat(Failpoints.hits(Failpoints.AFTER_HANDLER)).isZero();
    }

    @Test
    void anArmedPointFiresItsActionAndCountsItsHits() {
        Failpoints.arm("worker.after-handler:throw, client.after-publish:sleep(1)");

        assertThat(Failpoints.armed(Failpoints.AFTER_HANDLER)).isTrue();
        assertThat(Failpoints.armed(Failpoints.AFTER_RESULT)).isFalse();
        assertThatThrownBy(() -> Failpoints.hit(Failpoints.AFTER_HANDLER)).isInstanceOf(FailpointException.class)
                .hasMessage("Failpoint 'worker.after-handler' fired");
        Failpoints.hit(Failpoints.AFTER_PUBLISH);
        Failpoints.hit(Failpoints.AFTER_PUBLISH);
        Failpoints.hit(Failpoints.AFTER_RESULT);

        assertThat(Failpoints.hits(Failpoints.AFTER_HANDLER)).isEqualTo(1);
        assertThat(Failpoints.hits(Failpoints.AFTER_PUBLISH)).isEqualTo(2);
        assertThat(Failpoints.hits(Failpoints.AFTER_RESULT)).isZero();
    }

    @Test
    void actionsAreReadFromTheirText() {
        assertThat(FailpointAction.parse("p", "halt")).isEqualTo(new FailpointAction.Halt(137));
        assertThat(FailpointAction.parse("p", "halt(3)")).isEqualTo(new FailpointAction.Halt(3));
        assertThat(FailpointAction.parse("p", " sleep(250) ")).isEqualTo(
                new FailpointAction.Sleep(Duration.ofMillis(250)));
        assertThat(FailpointAction.parse("p", "throw")).isEqualTo(new FailpointAction.Throw());
    }

    @Test
    void aBadSpecIsRefusedNamingWhatIsWrong() {
        assertThatIllegalArgumentException().isThrownBy(() -> Failpoints.arm("worker.after-lunch:throw"))
                .withMessageContaining("'worker.after-lunch'").withMessageContaining("worker.after-handler");
        assertThatIllegalArgumentException().isThrownBy(() -> Failpoints.arm("worker.after-handler:explode"))
                .withMessageContaining("'explode'").withMessageContaining("halt, halt(<status>), sleep(<millis>)");
        assertThatIllegalArgumentException().isThrownBy(() -> Failpoints.arm("worker.after-handler:sleep(-1)"))
                .withMessageContaining("sleep(-1)");
        assertThatIllegalArgumentException().isThrownBy(() -> Failpoints.arm("worker.after-handler"))
                .withMessageContaining("name:action");
    }
}

package dev.stem.worker;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class LeasePlacesTests {

    private static final Duration BRIEF = Duration.ofMillis(200);

    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        this.threads.shutdownNow();
    }

    @Test
    void takesEveryFreePlaceOnceEnoughAreFree() throws Exception {
        LeasePlaces places = new LeasePlaces(16, 4);

        assertThat(places.takeWhenEnough()).isEqualTo(16);
        places.give(5);
        assertThat(places.takeWhenEnough()).isEqualTo(5);
    }

    @Test
    void aWaitingTakeWakesOnlyOnceTheThresholdIsReached() throws Exception {
        LeasePlaces places = new LeasePlaces(8, 4);
        places.takeWhenEnough();
        Future<Integer> take = this.threads.submit(places::takeWhenEnough);

        places.give(2);
        places.giveOne();
        assertThatThrownBy(() -> take.get(BRIEF.toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(TimeoutException.class);
        places.giveOne();

        assertThat(take.get(5, TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void eachOfTwoWaitingTakesIsWokenWhenEnoughIsFreeAgain() throws Exception {
        LeasePlaces places = new LeasePlaces(8, 2);
        places.takeWhenEnough();
        Future<Integer> first = this.threads.submit(places::takeWhenEnough);
        Future<Integer> second = this.threads.submit(places::takeWhenEnough);

        places.give(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> first.isDone() || second.isDone());
        assertThat(first.isDone() && second.isDone()).isFalse();
        places.give(2);

        assertThat(first.get(5, TimeUnit.SECONDS) + second.get(5, TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void anInterruptedTakeTakesNothingAndLeavesTheWakeUpToAnother() throws Exception {
        LeasePlaces places = new LeasePlaces(4, 4);
        places.takeWhenEnough();
        Future<Integer> interrupted = this.threads.submit(places::takeWhenEnough);
        Future<Integer> other = this.threads.submit(places::takeWhenEnough);
        Thread.sleep(BRIEF.toMillis());

        interrupted.cancel(true);
        await().atMost(Duration.ofSeconds(5)).until(interrupted::isDone);
        Thread.sleep(BRIEF.toMillis());
        places.give(4);

        assertThat(other.get(5, TimeUnit.SECONDS)).isEqualTo(4);
    }

    @Test
    void refusesAThresholdOutsideThePlaces() {
        assertThatIllegalArgumentException().isThrownBy(() -> new LeasePlaces(4, 0))
                .withMessageContaining("threshold must be 1 to 4, was 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new LeasePlaces(4, 5))
                .withMessageContaining("was 5");
    }
}

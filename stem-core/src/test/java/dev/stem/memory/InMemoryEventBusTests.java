package dev.stem.memory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import dev.stem.control.StemEvent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class InMemoryEventBusTests {

    private final InMemoryEventBus bus = new InMemoryEventBus();

    private final StemEvent event = new StemEvent(StemEvent.CONTROL, "test", Instant.now(), Map.of());

    @Test
    void aFailingListenerDoesNotStopTheOthers() {
        List<StemEvent> before = new ArrayList<>();
        List<StemEvent> after = new ArrayList<>();
        this.bus.subscribe(before::add);
        this.bus.subscribe((event) -> {
            throw new IllegalStateException("listener failure expected by the test");
        });
        this.bus.subscribe(after::add);

        this.bus.publish(this.event);

        assertThat(before).containsExactly(this.event);
        assertThat(after).containsExactly(this.event);
    }

    @Test
    void eachSubscriptionOfTheSameListenerIsCalledAndClosedOnItsOwn() throws Exception {
        List<StemEvent> received = new ArrayList<>();
        Consumer<StemEvent> listener = received::add;
        AutoCloseable first = this.bus.subscribe(listener);
        this.bus.subscribe(listener);

        this.bus.publish(this.event);
        first.close();
        this.bus.publish(this.event);

        assertThat(received).hasSize(3);
    }

    @Test
    void closedBusDropsSubscribersAndRefusesNewOnes() {
        List<StemEvent> received = new ArrayList<>();
        this.bus.subscribe(received::add);

        this.bus.close();
        this.bus.publish(this.event);

        assertThat(received).isEmpty();
        assertThatIllegalStateException().isThrownBy(() -> this.bus.subscribe(received::add))
                .withMessageContaining("closed");
    }
}

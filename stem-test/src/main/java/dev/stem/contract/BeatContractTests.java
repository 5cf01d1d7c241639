package dev.stem.contract;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.stem.broker.Broker;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.schedule.Beat;
import dev.stem.schedule.BeatOptions;
import dev.stem.schedule.ScheduleEntry;
import dev.stem.schedule.ScheduleStore;
import dev.stem.schedule.Schedules;
import dev.stem.schedule.TickEnvelopes;
import dev.stem.schedule.TickPublisher;

import static org.assertj.core.api.Assertions.assertThat;

/// Beat running on a real store and broker, on the real clock: two running instances publish each
/// tick of an entry once, and entries added, disabled or changed through [Schedules] while they
/// run take effect on their next pass. Extend it with a store and a broker (a [TickPublisher]) on
/// the same server.
///
/// Assertions are structural (which ticks were published, how often); the only time bounds are
/// generous waits for a message to arrive.
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class BeatContractTests {

    private static final BeatOptions OPTIONS = new BeatOptions(Duration.ofMillis(100), Duration.ofSeconds(10),
            Duration.ofHours(1), 500);

    private static final Duration ARRIVAL = Duration.ofSeconds(20);

    private final List<Envelope> received = new ArrayList<>();

    private ScheduleStore store;

    private Broker broker;

    private Schedules schedules;

    private List<Beat> beats;

    private String queue;

    private String id;

    /// A fresh schedule store on the server; closed after each test if it is [AutoCloseable].
    protected abstract ScheduleStore createScheduleStore();

    /// A fresh broker on the same server, which must implement [TickPublisher]; closed after each test.
    protected abstract Broker createBroker();

    @BeforeEach
    void startTwoBeats() {
        this.store = createScheduleStore();
        this.broker = createBroker();
        this.schedules = new Schedules(this.store, this.broker, Clock.systemUTC());
        this.queue = RandomNames.of("beat");
        this.id = RandomNames.of("entry");
        this.beats = List.of(beat(), beat());
        this.beats.forEach(Beat::start);
    }

    @AfterEach
    void stopBeats() throws Exception {
        this.beats.forEach(Beat::stop);
        this.schedules.remove(this.id);
        this.broker.purge(this.queue);
        this.broker.close();
        if (this.store instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void anEntryAddedWhileBeatsRunFiresEachTickOnceAndStopsWhenDisabled() throws Exception {
        this.schedules.add(ScheduleEntry.builder(this.id, "test.tick").queue(this.queue).every(Duration.ofSeconds(1))
                .build());

        awaitTicks(4);
        Instant disabled = Instant.now();
        this.schedules.disable(this.id);
        Thread.sleep(OPTIONS.pollInterval().multipliedBy(20).toMillis());
        receive(Duration.ofMillis(500));

        List<Instant> ticks = ticks();
        assertThat(ticks).doesNotHaveDuplicates();
        assertThat(ticks).allSatisfy((tick) -> assertThat(tick).isBeforeOrEqualTo(disabled));
        assertContiguous(ticks, Duration.ofSeconds(1));
    }

    @Test
    void anEntryChangedFromEveryTwoSecondsToEverySecondChangesRate() throws Exception {
        this.schedules.add(ScheduleEntry.builder(this.id, "test.tick").queue(this.queue).every(Duration.ofSeconds(2))
                .build());
        awaitTicks(3);
        List<Instant> slow = ticks();

        this.schedules.update(this.schedules.get(this.id).orElseThrow().entry().toBuilder()
                .every(Duration.ofSeconds(1)).build());
        this.received.clear();
        awaitTicks(5);
        List<Instant> fast = ticks().subList(1, 5);

        assertContiguous(slow, Duration.ofSeconds(2));
        assertThat(slow.get(1).toEpochMilli() % 2000).isZero();
        assertContiguous(fast, Duration.ofSeconds(1));
        assertThat(fast).doesNotHaveDuplicates();
    }

    private Beat beat() {
        return new Beat(this.store, (TickPublisher) this.broker, this.schedules, List::of, Clock.systemUTC(), OPTIONS);
    }

    private void awaitTicks(int count) throws InterruptedException {
        long deadline = System.nanoTime() + ARRIVAL.toNanos() + Duration.ofSeconds(2L * count).toNanos();
        while (this.received.size() < count) {
            assertThat(System.nanoTime()).as("%s tick messages within %s, got %s", count, ARRIVAL, this.received.size())
                    .isLessThan(deadline);
            receive(Duration.ofMillis(500));
        }
    }

    private void receive(Duration wait) throws InterruptedException {
        List<Delivery> deliveries = this.broker.fetch(new FetchRequest("beat-test", List.of(this.queue), 100, wait,
                Duration.ofMinutes(1)));
        for (Delivery delivery : deliveries) {
            this.received.add(delivery.envelope());
            this.broker.ack(delivery);
        }
    }

    private List<Instant> ticks() {
        return this.received.stream().map((envelope) -> Instant.parse(envelope.headers().get(TickEnvelopes.TICK_HEADER)))
                .sorted().toList();
    }

    private static void assertContiguous(List<Instant> ticks, Duration step) {
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(Duration.between(ticks.get(i - 1), ticks.get(i))).as("ticks %s", ticks).isEqualTo(step);
        }
    }
}

package dev.stem.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.envelope.Envelope;
import dev.stem.memory.InMemoryBroker;
import dev.stem.memory.InMemoryScheduleStore;
import dev.stem.metrics.BeatMetrics;
import dev.stem.metrics.StemMeters;
import dev.stem.middleware.EnqueueInterceptor;

import static org.assertj.core.api.Assertions.assertThat;

/// The beat engine driven by a fixed clock, pass by pass: missed-run policies, clocks that jump,
/// entries changed while it runs, several instances, failures.
class BeatTests {

    private static final BeatOptions OPTIONS = new BeatOptions(Duration.ofMillis(200), Duration.ofSeconds(10),
            Duration.ofHours(1), 500);

    private final TestClock clock = new TestClock("2026-06-01T12:00:05Z");

    private final InMemoryScheduleStore store = new InMemoryScheduleStore();

    private final InMemoryBroker broker = new InMemoryBroker(this.clock);

    private final Schedules schedules = new Schedules(this.store, this.broker, this.clock);

    private final Beat beat = beat(this.broker);

    @Test
    void aClockJumpingForwardAnHourAppliesEachMissedRunPolicy() throws Exception {
        this.schedules.add(everyMinute("skip").missedRunPolicy(MissedRunPolicy.SKIP).build());
        this.schedules.add(everyMinute("once").missedRunPolicy(MissedRunPolicy.FIRE_ONCE).build());
        this.schedules.add(everyMinute("catch-up").missedRunPolicy(MissedRunPolicy.CATCH_UP).catchUpLimit(5).build());

        this.clock.advance(Duration.ofHours(1));
        this.beat.pass();

        List<Envelope> sent = drain();
        assertThat(ticksOf(sent, "skip")).containsExactly("2026-06-01T13:00:00Z");
        assertThat(ticksOf(sent, "once")).containsExactly("2026-06-01T12:59:00Z", "2026-06-01T13:00:00Z");
        assertThat(ticksOf(sent, "catch-up")).containsExactly("2026-06-01T12:55:00Z", "2026-06-01T12:56:00Z",
                "2026-06-01T12:57:00Z", "2026-06-01T12:58:00Z", "2026-06-01T12:59:00Z", "2026-06-01T13:00:00Z");
        for (String id : List.of("skip", "once", "catch-up")) {
            ScheduleState state = this.store.get(id).orElseThrow().state();
            assertThat(state.nextRunAt()).isEqualTo("2026-06-01T13:01:00Z");
            assertThat(state.lastRunAt()).isEqualTo("2026-06-01T13:00:00Z");
            assertThat(state.lastOutcome()).isEqualTo(TickOutcome.PUBLISHED);
        }
    }

    @ParameterizedTest(name = "{0} from {1} to {2}")
    @CsvSource(delimiter = '|', value = {
            "Europe/Berlin    | 2026-03-28T00:00:00Z | 2026-03-30T02:00:00Z | 30 2 * * * | 2026-03-28T01:30:00Z 2026-03-30T00:30:00Z",
            "Europe/Berlin    | 2026-10-24T12:00:00Z | 2026-10-26T02:00:00Z | 30 2 * * * | 2026-10-25T00:30:00Z 2026-10-25T01:30:00Z 2026-10-26T01:30:00Z",
            "America/New_York | 2026-03-07T00:00:00Z | 2026-03-09T08:00:00Z | 30 2 * * * | 2026-03-07T07:30:00Z 2026-03-09T06:30:00Z",
            "America/New_York | 2026-10-31T12:00:00Z | 2026-11-02T08:00:00Z | 30 1 * * * | 2026-11-01T05:30:00Z 2026-11-01T06:30:00Z 2026-11-02T06:30:00Z" })
    void acrossDaylightSavingChangesBeatPublishesTheDocumentedInstants(String zone, String from, String to,
            String daily, String expected) throws Exception {
        this.clock.set(Instant.parse(from));
        this.schedules.add(ScheduleEntry.builder("daily", "t.tick").cron(daily).zone(zone).build());
        this.schedules.add(ScheduleEntry.builder("hourly", "t.tick").cron("0 * * * *").zone(zone).build());
        while (this.clock.instant().isBefore(Instant.parse(to))) {
            this.clock.advance(Duration.ofSeconds(10));
            this.beat.pass();
        }
        List<Envelope> sent = drain();

        assertThat(ticksOf(sent, "daily")).containsExactly(expected.split(" "));
        List<String> hourly = ticksOf(sent, "hourly");
        assertThat(hourly).doesNotHaveDuplicates();
        for (int i = 1; i < hourly.size(); i++) {
            assertThat(Duration.between(Instant.parse(hourly.get(i - 1)), Instant.parse(hourly.get(i))))
                    .isEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void aClockJumpingBackAnHourFiresNoTickTwice() throws Exception {
        this.schedules.add(ScheduleEntry.builder("second", "t.tick").every(Duration.ofSeconds(1)).build());
        List<Envelope> sent = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            this.clock.advance(Duration.ofMillis(500));
            this.beat.pass();
        }
        sent.addAll(drain());
        Instant reached = this.clock.instant();

        this.clock.advance(Duration.ofHours(-1));
        while (this.clock.instant().isBefore(reached.plusSeconds(5))) {
            this.clock.advance(Duration.ofMinutes(1).compareTo(Duration.between(this.clock.instant(), reached)) < 0
                    ? Duration.ofMinutes(1) : Duration.ofMillis(500));
            this.beat.pass();
        }
        sent.addAll(drain());

        List<String> ticks = ticksOf(sent, "second");
        assertThat(ticks).doesNotHaveDuplicates();
        assertThat(ticks).first().isEqualTo("2026-06-01T12:00:06Z");
        assertThat(ticks).last().isEqualTo("2026-06-01T12:00:20Z");
        assertThat(ticks).hasSize(15);
    }

    @Test
    void anEntryAddedWhileBeatRunsFiresAtItsFirstTickAndADisabledOneStops() throws Exception {
        step(3);
        this.schedules.add(ScheduleEntry.builder("added", "t.tick").every(Duration.ofSeconds(1)).build());
        step(3);
        assertThat(ticksOf(drain(), "added")).containsExactly("2026-06-01T12:00:09Z", "2026-06-01T12:00:10Z",
                "2026-06-01T12:00:11Z");

        this.schedules.disable("added");
        step(3);
        assertThat(drain()).isEmpty();
        assertThat(this.store.get("added").orElseThrow().state().lastRunAt()).isEqualTo("2026-06-01T12:00:11Z");
    }

    @Test
    void anEntryChangedFromEveryTwoSecondsToEverySecondChangesRate() throws Exception {
        this.schedules.add(ScheduleEntry.builder("rate", "t.tick").every(Duration.ofSeconds(2)).build());
        step(10);
        assertThat(ticksOf(drain(), "rate")).hasSize(5);

        this.schedules.update(this.store.get("rate").orElseThrow().entry().toBuilder().every(Duration.ofSeconds(1))
                .build());
        step(10);
        assertThat(ticksOf(drain(), "rate")).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void twoBeatsOnOneStorePublishEachTickOnce() throws Exception {
        Beat other = beat(this.broker);
        this.schedules.add(ScheduleEntry.builder("shared", "t.tick").every(Duration.ofSeconds(1)).build());
        for (int i = 0; i < 10; i++) {
            this.clock.advance(Duration.ofSeconds(1));
            if (i % 2 == 0) {
                this.beat.pass();
                other.pass();
            }
            else {
                other.pass();
                this.beat.pass();
            }
        }
        assertThat(ticksOf(drain(), "shared")).hasSize(10).doesNotHaveDuplicates();
    }

    @Test
    void theMessageCarriesItsTickAndTheStateItsDrift() throws Exception {
        this.schedules.add(ScheduleEntry.builder("drift", "t.tick").cron("*/10 * * * * *").build());
        this.clock.set(Instant.parse("2026-06-01T12:00:10.250Z"));

        assertThat(this.beat.pass()).isEqualTo(1);

        Envelope sent = drain().get(0);
        assertThat(sent.headers()).containsEntry(TickEnvelopes.TICK_HEADER, "2026-06-01T12:00:10Z")
                .containsEntry(TickEnvelopes.ENTRY_HEADER, "drift");
        ScheduleState state = this.store.get("drift").orElseThrow().state();
        assertThat(state.lastDrift()).isEqualTo(Duration.ofMillis(250));
        assertThat(state.lastMessageId()).isEqualTo(sent.id());
        assertThat(state.nextRunAt()).isEqualTo("2026-06-01T12:00:20Z");
    }

    @Test
    void aFailedPublishIsRecordedAndTriedAgainOnTheNextPass() throws Exception {
        AtomicBoolean down = new AtomicBoolean(true);
        Beat flaky = beat((entryId, tick, envelope, claimTtl) -> {
            if (down.get()) {
                throw new IllegalStateException("broker down");
            }
            return this.broker.publishTick(entryId, tick, envelope, claimTtl);
        });
        this.schedules.add(ScheduleEntry.builder("flaky", "t.tick").every(Duration.ofSeconds(1)).build());
        this.clock.advance(Duration.ofSeconds(1));

        flaky.pass();
        ScheduleState failed = this.store.get("flaky").orElseThrow().state();
        assertThat(failed.lastOutcome()).isEqualTo(TickOutcome.FAILED);
        assertThat(failed.lastError()).contains("broker down");
        assertThat(failed.nextRunAt()).isEqualTo("2026-06-01T12:00:06Z");
        assertThat(flaky.isHealthy()).isFalse();

        down.set(false);
        flaky.pass();
        assertThat(ticksOf(drain(), "flaky")).containsExactly("2026-06-01T12:00:06Z");
        assertThat(flaky.isHealthy()).isTrue();
    }

    @Test
    void declaredEntriesAreInTheStoreAfterTheFirstPassAndJitterDelaysWithinItsBound() throws Exception {
        Beat declaring = new Beat(this.store, this.broker, this.schedules, () -> List.of(ScheduleEntry.builder(
                "jittery", "t.tick").every(Duration.ofSeconds(1)).jitter(Duration.ofMillis(800)).build()), this.clock,
                OPTIONS);

        declaring.pass();
        assertThat(this.store.get("jittery")).isPresent();
        this.clock.advance(Duration.ofSeconds(1));
        declaring.pass();

        assertThat(this.broker.stats("default").delayed() + this.broker.stats("default").ready()).isEqualTo(1);
    }

    @Test
    void tickAndRunNowMessagesPassThroughTheEnqueueInterceptors() throws Exception {
        EnqueueInterceptor signer = (envelope) -> envelope.toBuilder()
                .headers(Map.of("signed", "yes", TickEnvelopes.TICK_HEADER,
                        envelope.headers().get(TickEnvelopes.TICK_HEADER)))
                .build();
        Schedules intercepted = new Schedules(this.store, this.broker, this.clock, List.of(signer));
        Beat signing = new Beat(this.store, this.broker, intercepted, List::of, this.clock, OPTIONS, List.of(signer),
                BeatListener.NONE);
        intercepted.add(ScheduleEntry.builder("signed", "t.tick").every(Duration.ofSeconds(1)).build());
        this.clock.advance(Duration.ofSeconds(1));

        signing.pass();
        intercepted.runNow("signed");

        assertThat(drain()).hasSize(2).allSatisfy((envelope) -> assertThat(envelope.headers())
                .containsEntry("signed", "yes"));
    }

    @Test
    void metricsCountTicksByOutcomeAndTimeTheDriftOfThePublishedOnes() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        BeatMetrics metrics = new BeatMetrics(registry);
        Beat first = new Beat(this.store, this.broker, this.schedules, List::of, this.clock, OPTIONS, List.of(), metrics);
        Beat second = new Beat(this.store, this.broker, this.schedules, List::of, this.clock, OPTIONS, List.of(),
                metrics);
        this.schedules.add(everyMinute("counted").missedRunPolicy(MissedRunPolicy.SKIP).build());
        this.clock.advance(Duration.ofHours(1));
        ScheduleRecord due = this.store.get("counted").orElseThrow();

        first.pass();
        this.store.save(due);
        second.pass();

        assertThat(registry.get(StemMeters.BEAT_TICKS).tags("entry", "counted", "outcome", "published").counter()
                .count()).isEqualTo(1);
        assertThat(registry.get(StemMeters.BEAT_TICKS).tags("entry", "counted", "outcome", "claimed-elsewhere")
                .counter().count()).isEqualTo(1);
        assertThat(registry.get(StemMeters.BEAT_TICKS).tags("entry", "counted", "outcome", "skipped").counter()
                .count()).isEqualTo(118);
        assertThat(registry.get(StemMeters.BEAT_DRIFT).tags("entry", "counted").timer().count()).isEqualTo(1);
    }

    private Beat beat(TickPublisher publisher) {
        return new Beat(this.store, publisher, this.schedules, List::of, this.clock, OPTIONS);
    }

    private static ScheduleEntry.Builder everyMinute(String id) {
        return ScheduleEntry.builder(id, "t.tick").cron("* * * * *");
    }

    private void step(int seconds) {
        for (int i = 0; i < seconds; i++) {
            this.clock.advance(Duration.ofSeconds(1));
            this.beat.pass();
        }
    }

    private List<Envelope> drain() throws InterruptedException {
        List<Envelope> sent = new ArrayList<>();
        while (true) {
            List<Delivery> deliveries = this.broker.fetch(new FetchRequest("test", List.of("default"), 1000,
                    Duration.ZERO, Duration.ofMinutes(1)));
            if (deliveries.isEmpty()) {
                return sent;
            }
            for (Delivery delivery : deliveries) {
                sent.add(delivery.envelope());
                this.broker.ack(delivery);
            }
        }
    }

    private static List<String> ticksOf(List<Envelope> sent, String entry) {
        return sent.stream().filter((envelope) -> entry.equals(envelope.headers().get(TickEnvelopes.ENTRY_HEADER)))
                .map((envelope) -> envelope.headers().get(TickEnvelopes.TICK_HEADER)).sorted().toList();
    }
}

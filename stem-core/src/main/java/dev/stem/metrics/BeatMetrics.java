package dev.stem.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import dev.stem.schedule.BeatListener;
import dev.stem.schedule.TickOutcome;

/// Counts the ticks a beat handled ([StemMeters#BEAT_TICKS], tagged with the entry and the outcome:
/// `published`, `claimed-elsewhere`, `skipped`, `failed`) and times the drift of those it
/// published ([StemMeters#BEAT_DRIFT], publish time minus tick, tagged with the entry). Meters are
/// built once per entry and outcome.
public final class BeatMetrics implements BeatListener {

    private final MeterRegistry registry;

    private final Map<String, Counter> ticks = new ConcurrentHashMap<>();

    private final Map<String, Timer> drifts = new ConcurrentHashMap<>();

    /// Meters in `registry`.
    public BeatMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void tickHandled(String entryId, Instant tick, TickOutcome outcome, @Nullable Duration drift) {
        ticks(entryId, outcome).increment();
        if (drift != null && outcome == TickOutcome.PUBLISHED) {
            this.drifts.computeIfAbsent(entryId, (id) -> Timer.builder(StemMeters.BEAT_DRIFT)
                    .description("Publish time minus scheduled tick of the ticks this beat published")
                    .tag(StemMeters.TAG_ENTRY, id).register(this.registry))
                    .record(drift.isNegative() ? Duration.ZERO : drift);
        }
    }

    @Override
    public void ticksSkipped(String entryId, long count) {
        ticks(entryId, TickOutcome.SKIPPED).increment(count);
    }

    private Counter ticks(String entryId, TickOutcome outcome) {
        String tag = outcome.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return this.ticks.computeIfAbsent(entryId + "\n" + tag, (key) -> Counter.builder(StemMeters.BEAT_TICKS)
                .description("Ticks of schedule entries this beat handled, by outcome")
                .tag(StemMeters.TAG_ENTRY, entryId).tag(StemMeters.TAG_OUTCOME, tag).register(this.registry));
    }
}

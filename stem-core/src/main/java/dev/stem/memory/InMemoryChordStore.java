package dev.stem.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

import org.jspecify.annotations.Nullable;

import dev.stem.broker.Broker;
import dev.stem.canvas.ChordArrival;
import dev.stem.canvas.ChordPlan;
import dev.stem.canvas.ChordStore;
import dev.stem.canvas.SlotMessage;
import dev.stem.envelope.EnvelopeCodec;

/// A [ChordStore] in this JVM's memory that publishes to `broker`: an arrival, the decision and the
/// publish happen under one lock, so no other arrival sees a decided chord whose message is not
/// published. Chords expire by the given clock, counted again from each arrival.
public final class InMemoryChordStore implements ChordStore {

    private final Broker broker;

    private final EnvelopeCodec codec;

    private final Clock clock;

    private final ExpiringMap<String, Chord> chords = new ExpiringMap<>();

    /// A store publishing decided chords' messages to `broker`, decoded with `codec`.
    public InMemoryChordStore(Broker broker, EnvelopeCodec codec) {
        this(broker, codec, Clock.systemUTC());
    }

    /// A store whose time to live runs by `clock`.
    public InMemoryChordStore(Broker broker, EnvelopeCodec codec, Clock clock) {
        this.broker = broker;
        this.codec = codec;
        this.clock = clock;
    }

    @Override
    public synchronized void open(ChordPlan plan, Duration ttl) {
        Instant now = this.clock.instant();
        this.chords.putIfAbsent(plan.chordId(), new Chord(plan), now.plus(ttl), now);
    }

    @Override
    public synchronized ChordArrival succeeded(String chordId, String memberId, String resultJson, Duration ttl) {
        Chord chord = arrive(chordId, ttl);
        if (chord == null) {
            return ChordArrival.UNKNOWN;
        }
        chord.results.putIfAbsent(memberId, resultJson);
        if (chord.decided) {
            return ChordArrival.ALREADY_DECIDED;
        }
        if (!chord.results.keySet().containsAll(chord.plan.memberIds())) {
            return ChordArrival.COUNTED;
        }
        StringJoiner results = new StringJoiner(",", "[", "]");
        chord.plan.memberIds().forEach(id -> results.add(chord.results.get(id)));
        publish(chord.plan.body(), results.toString());
        chord.decided = true;
        return ChordArrival.BODY_PUBLISHED;
    }

    @Override
    public synchronized ChordArrival failed(String chordId, String memberId, String failureJson, Duration ttl) {
        Chord chord = arrive(chordId, ttl);
        if (chord == null) {
            return ChordArrival.UNKNOWN;
        }
        if (chord.decided) {
            return ChordArrival.ALREADY_DECIDED;
        }
        SlotMessage onError = chord.plan.onError();
        if (onError != null) {
            publish(onError, failureJson);
        }
        chord.decided = true;
        return ChordArrival.ERROR_PUBLISHED;
    }

    private @Nullable Chord arrive(String chordId, Duration ttl) {
        Instant now = this.clock.instant();
        Chord chord = this.chords.get(chordId, now);
        if (chord != null) {
            this.chords.put(chordId, chord, now.plus(ttl), now);
        }
        return chord;
    }

    private void publish(SlotMessage message, String value) {
        this.broker.publish(this.codec.decode(message.fill(value)));
    }

    /// One chord: its plan, the results of the members that succeeded, and whether it is decided.
    private static final class Chord {

        final ChordPlan plan;

        final Map<String, String> results = new LinkedHashMap<>();

        boolean decided;

        Chord(ChordPlan plan) {
            this.plan = plan;
        }
    }
}

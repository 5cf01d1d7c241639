package dev.stem.schedule;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import dev.stem.broker.Broker;
import dev.stem.envelope.Envelope;
import dev.stem.middleware.EnqueueInterceptor;

/// The schedule-management API: what the shell, Actuator, the HTTP API and beat itself use to add,
/// change, enable, disable, remove and run schedule entries, and to read their state.
///
/// Guarantees:
///
/// - Every entry is checked by [ScheduleValidator] before anything is stored; a refused entry
///   raises [InvalidScheduleException] (naming the entry id, field and value) and the stored entry
///   stays as it was.
/// - A change takes effect on the next pass of every running beat instance, without a restart: an
///   added or changed entry runs next at its first tick after the change, an enabled one at its
///   first tick after being enabled (ticks that passed while it was disabled do not fire).
/// - Changing an entry keeps its run history (last run, outcome, drift).
///
/// Thread-safe; each method is a few store calls.
public final class Schedules {

    private final ScheduleStore store;

    private final Broker broker;

    private final Clock clock;

    private final List<EnqueueInterceptor> interceptors;

    /// Manages the entries of `store`; [#runNow] publishes through `broker`; `clock` dates changes.
    public Schedules(ScheduleStore store, Broker broker, Clock clock) {
        this(store, broker, clock, List.of());
    }

    /// As [#Schedules(ScheduleStore, Broker, Clock)], with [#runNow] passing its message through
    /// `interceptors` (signing, encryption, trace context) as an enqueue does.
    public Schedules(ScheduleStore store, Broker broker, Clock clock, List<EnqueueInterceptor> interceptors) {
        this.store = store;
        this.broker = broker;
        this.clock = clock;
        this.interceptors = List.copyOf(interceptors);
    }

    /// Stores a new entry; [InvalidScheduleException] if it is invalid or its id is taken.
    public ScheduleRecord add(ScheduleEntry entry) {
        Instant now = now();
        ScheduleRule rule = ScheduleValidator.validate(entry, now);
        if (this.store.get(entry.id()).isPresent()) {
            throw new InvalidScheduleException(entry.id(), "id", entry.id(), "is already taken by another entry");
        }
        return save(entry, ScheduleState.first(rule.next(now)));
    }

    /// Replaces the definition of an existing entry, keeping its run history; it runs next at its
    /// first tick after now. [NoSuchScheduleException] if there is no such entry.
    public ScheduleRecord update(ScheduleEntry entry) {
        Instant now = now();
        ScheduleRule rule = ScheduleValidator.validate(entry, now);
        ScheduleRecord existing = require(entry.id());
        return save(entry, existing.state().withNextRunAt(rule.next(now)));
    }

    /// Adds `entry`, or updates it when its definition differs from the stored one; an entry stored
    /// with the same definition is left as it is, state included. This is how entries from
    /// configuration and annotations reach the store when beat starts.
    public ScheduleRecord put(ScheduleEntry entry) {
        Optional<ScheduleRecord> existing = this.store.get(entry.id());
        if (existing.isPresent() && existing.get().entry().equals(entry)) {
            ScheduleValidator.validate(entry);
            return existing.get();
        }
        Instant now = now();
        ScheduleRule rule = ScheduleValidator.validate(entry, now);
        ScheduleState state = existing.map(ScheduleRecord::state).orElse(ScheduleState.first(null));
        return save(entry, state.withNextRunAt(rule.next(now)));
    }

    /// Enables an entry; it runs next at its first tick after now. Enabling an enabled entry changes nothing.
    public ScheduleRecord enable(String id) {
        ScheduleRecord existing = require(id);
        if (existing.entry().enabled()) {
            return existing;
        }
        Instant now = now();
        ScheduleEntry entry = existing.entry().withEnabled(true);
        return save(entry, existing.state().withNextRunAt(ScheduleValidator.validate(entry).next(now)));
    }

    /// Disables an entry: no beat publishes its ticks until it is enabled again.
    public ScheduleRecord disable(String id) {
        ScheduleRecord existing = require(id);
        if (!existing.entry().enabled()) {
            return existing;
        }
        return save(existing.entry().withEnabled(false), existing.state());
    }

    /// Removes an entry with its state; `true` if it existed.
    public boolean remove(String id) {
        return this.store.remove(id);
    }

    /// Publishes one message of the entry now, outside its schedule (its state is not changed),
    /// with the [TickEnvelopes#TICK_HEADER] set to now and [TickEnvelopes#INSTANCE_HEADER] to
    /// `run-now`; returns the message. Works for disabled entries too.
    public Envelope runNow(String id) {
        ScheduleRecord existing = require(id);
        Instant now = now();
        Envelope envelope = TickEnvelopes.intercepted(TickEnvelopes.envelope(existing.entry(), now, now, "run-now"),
                this.interceptors);
        this.broker.publish(envelope);
        return envelope;
    }

    /// One entry with its state.
    public Optional<ScheduleRecord> get(String id) {
        return this.store.get(id);
    }

    /// Every entry with its state, ordered by id.
    public List<ScheduleRecord> list() {
        return this.store.list();
    }

    private ScheduleRecord require(String id) {
        return this.store.get(id).orElseThrow(() -> new NoSuchScheduleException(id));
    }

    private ScheduleRecord save(ScheduleEntry entry, ScheduleState state) {
        ScheduleRecord record = new ScheduleRecord(entry, state);
        this.store.save(record);
        return record;
    }

    private Instant now() {
        return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

package dev.stem.schedule;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.stem.envelope.Envelope;
import dev.stem.middleware.EnqueueInterceptor;
import dev.stem.worker.WorkerIds;

/// The beat engine: publishes the ticks of the entries in a [ScheduleStore].
///
/// Guarantees:
///
/// - **Each tick once, with any number of instances and no leader.** Every instance makes the
///   same passes; a tick is published through [TickPublisher#publishTick], which claims it and
///   publishes its message in one atomic step, so of all instances exactly one publishes it, and
///   an instance that dies at any point leaves the tick either published or unclaimed for the
///   others. The entry's state then moves on by a compare-and-set ([ScheduleStore#advance]), so a
///   slow instance never moves it back.
/// - **Ticks follow the store.** Each pass reads the due entries afresh, so entries added, changed,
///   disabled or removed through [Schedules] take effect on the next pass (every
///   [BeatOptions#pollInterval()]).
/// - **Missed ticks follow the entry's [MissedRunPolicy]**; a tick is missed when it is older than
///   [BeatOptions#missedAfter()] at the pass that finds it (see [TickPlan]).
/// - **A clock that goes back fires nothing twice**: an entry's next tick only moves forward, and
///   an entry is due only once the clock reaches it again.
/// - **A broker outage does not stop it**: a tick whose publish fails is tried again on the next
///   pass, and the entry records the failure ([TickOutcome#FAILED]).
/// - The entries from configuration and annotations given at construction are put into the store
///   ([Schedules#put]) when it starts, and again on later passes until that succeeded.
///
/// As a [SmartLifecycle] it starts late and stops early (phase `Integer.MAX_VALUE - 100`). Its pass
/// thread is not a daemon: a running beat keeps the JVM alive.
public final class Beat implements SmartLifecycle {

    /// The lifecycle phase: after most beans start, before connection factories stop.
    public static final int PHASE = Integer.MAX_VALUE - 100;

    private static final Logger log = LoggerFactory.getLogger(Beat.class);

    private final ScheduleStore store;

    private final TickPublisher publisher;

    private final Schedules schedules;

    private final Supplier<List<ScheduleEntry>> declared;

    private final Clock clock;

    private final BeatOptions options;

    private final List<EnqueueInterceptor> interceptors;

    private final BeatListener listener;

    private final String instance = WorkerIds.next();

    private final Object lifecycle = new Object();

    private volatile boolean seeded;

    private volatile boolean healthy = true;

    private volatile @Nullable String lastError;

    private volatile @Nullable Thread thread;

    /// A beat over `store`, publishing through `publisher`; `declared` gives the entries of
    /// configuration and annotations, already validated, which it puts into the store through
    /// `schedules` on its first pass (read then, so annotations found after this beat was created count).
    public Beat(ScheduleStore store, TickPublisher publisher, Schedules schedules,
            Supplier<List<ScheduleEntry>> declared, Clock clock, BeatOptions options) {
        this(store, publisher, schedules, declared, clock, options, List.of(), BeatListener.NONE);
    }

    /// As the constructor above, with every tick's message passed through `interceptors` (signing,
    /// encryption, trace context) before it is published, as an enqueue does, and `listener` told
    /// what became of each tick.
    public Beat(ScheduleStore store, TickPublisher publisher, Schedules schedules,
            Supplier<List<ScheduleEntry>> declared, Clock clock, BeatOptions options,
            List<EnqueueInterceptor> interceptors, BeatListener listener) {
        this.interceptors = List.copyOf(interceptors);
        this.listener = listener;
        this.store = store;
        this.publisher = publisher;
        this.schedules = schedules;
        this.declared = declared;
        this.clock = clock;
        this.options = options;
    }

    @Override
    public void start() {
        synchronized (this.lifecycle) {
            if (this.thread != null) {
                return;
            }
            Thread pass = Thread.ofPlatform().name("stem-beat").daemon(false).unstarted(this::run);
            this.thread = pass;
            pass.start();
            log.info("Stem beat started: instance {}, a pass every {}, ticks missed after {}", this.instance,
                    this.options.pollInterval(), this.options.missedAfter());
        }
    }

    @Override
    public void stop() {
        Thread pass;
        synchronized (this.lifecycle) {
            pass = this.thread;
            this.thread = null;
        }
        if (pass != null) {
            pass.interrupt();
            try {
                pass.join(Duration.ofSeconds(10));
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            log.info("Stem beat stopped");
        }
    }

    @Override
    public boolean isRunning() {
        return this.thread != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /// This instance's id, as the [TickEnvelopes#INSTANCE_HEADER] of the messages it publishes.
    public String instance() {
        return this.instance;
    }

    /// Whether the last pass reached the store and the broker.
    public boolean isHealthy() {
        return this.healthy;
    }

    /// Why the last failing pass or publish failed, or `null`.
    public @Nullable String lastError() {
        return this.lastError;
    }

    /// Makes one pass at the clock's time: puts the declared entries into the store if that is
    /// still to do, then publishes every due tick. Returns how many messages this call published.
    /// The running beat calls it every [BeatOptions#pollInterval()]; tests with a fixed clock call it directly.
    public int pass() {
        if (!this.seeded) {
            List<ScheduleEntry> entries = this.declared.get();
            entries.forEach(this.schedules::put);
            log.info("Stem beat put {} declared schedule entries into the store: {}", entries.size(),
                    entries.stream().map(ScheduleEntry::id).toList());
            this.seeded = true;
        }
        Instant now = this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int published = 0;
        boolean failed = false;
        for (ScheduleRecord record : this.store.due(now, this.options.batchSize())) {
            try {
                published += fire(record, now);
            }
            catch (RuntimeException ex) {
                failed = true;
                failed("Tick of schedule entry '" + record.id() + "' failed", ex);
            }
        }
        if (!failed) {
            recovered();
        }
        return published;
    }

    private int fire(ScheduleRecord record, Instant now) {
        ScheduleEntry entry = record.entry();
        Instant from = record.state().nextRunAt();
        if (from == null) {
            return 0;
        }
        TickPlan plan = TickPlan.of(entry, ScheduleRule.of(entry), from, now, this.options.missedAfter());
        if (plan.skipped() > 0) {
            this.listener.ticksSkipped(entry.id(), plan.skipped());
            log.info("Schedule entry '{}': {} missed ticks up to {} publish nothing (missed-run policy {})",
                    entry.id(), plan.skipped(), plan.lastDue(), entry.missedRunPolicy());
        }
        ScheduleState last = record.state();
        TickOutcome outcome = plan.publish().isEmpty() ? TickOutcome.SKIPPED : null;
        String messageId = last.lastMessageId();
        Duration drift = last.lastDrift();
        int published = 0;
        for (Instant tick : plan.publish()) {
            Envelope envelope = TickEnvelopes.intercepted(TickEnvelopes.envelope(entry, tick, now, this.instance),
                    this.interceptors);
            try {
                if (this.publisher.publishTick(entry.id(), tick, envelope, this.options.claimTtl())) {
                    outcome = TickOutcome.PUBLISHED;
                    messageId = envelope.id();
                    drift = Duration.between(tick, this.clock.instant());
                    published++;
                    this.listener.tickHandled(entry.id(), tick, outcome, drift);
                }
                else {
                    outcome = TickOutcome.CLAIMED_ELSEWHERE;
                    this.listener.tickHandled(entry.id(), tick, outcome, null);
                }
            }
            catch (RuntimeException ex) {
                this.listener.tickHandled(entry.id(), tick, TickOutcome.FAILED, null);
                this.store.advance(entry.id(), from, new ScheduleState(tick, last.lastRunAt(), TickOutcome.FAILED,
                        messageId, drift, String.valueOf(ex.getMessage())));
                throw ex;
            }
        }
        this.store.advance(entry.id(), from, new ScheduleState(plan.next(), plan.lastDue(), outcome, messageId,
                drift, null));
        return published;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                pass();
            }
            catch (RuntimeException ex) {
                failed("Stem beat pass failed", ex);
            }
            try {
                Thread.sleep(this.options.pollInterval());
            }
            catch (InterruptedException ex) {
                return;
            }
        }
    }

    private void failed(String what, RuntimeException ex) {
        String error = what + ": " + ex;
        if (this.healthy) {
            log.warn("{}; retrying every {}", what, this.options.pollInterval(), ex);
        }
        else {
            log.debug("{}", error, ex);
        }
        this.healthy = false;
        this.lastError = error;
    }

    private void recovered() {
        if (!this.healthy) {
            log.info("Stem beat passes succeed again");
        }
        this.healthy = true;
        this.lastError = null;
    }
}

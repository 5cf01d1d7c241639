package dev.stem.worker;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

import dev.stem.StemVersion;
import dev.stem.broker.Delivery;
import dev.stem.broker.FetchRequest;
import dev.stem.control.WorkerInfo;
import dev.stem.envelope.Envelope;

/// Consumes queues and runs their tasks on virtual threads, at most `concurrency` at once.
///
/// Guarantees:
///
/// - It runs at most `concurrency` handlers at once and holds at most `concurrency + prefetch`
///   leased messages (running, or waiting for a free slot); a message whose handler finished frees
///   its place while its result and ack are on the way. Memory does not grow with the backlog:
///   while more than `max(512, 4 × (concurrency + prefetch))` finished messages wait to be
///   settled (a result store that is down), fetching pauses.
/// - A busy worker fetches in batches: once all slots are busy it fetches again only when at least
///   half of the `prefetch` places are free; a worker with an idle slot fetches at once.
/// - Finished messages are acked in batches (one broker call for whatever finished meanwhile).
/// - Every message it holds keeps its lease (extended every third of the lease): running, waiting
///   for a slot, or finished and waiting for its result and ack. Settling is retried while the
///   worker runs until the store answers or refuses, so an outage of the result store alone reruns
///   no finished task.
/// - A message is acked only after its task finished and its result was stored; every result
///   record carries the delivery it was written under, and the writes the stores refuse (a lease
///   lost meanwhile) are counted ([#refusedWriteCount()]).
/// - A [recovered][Delivery#recovered()] message runs in isolation: no fetch starts, what a fetch in
///   flight leased and what has not started yet is given back, and it starts once this worker holds
///   nothing else (the rest finished and settled); fetching resumes only once it is settled (see
///   [Isolation]). A worker that dies of it leaves no other message charged a recovery.
/// - Tasks with a hard time limit run on platform threads, so an attempt abandoned in a CPU loop
///   cannot take the carriers every other task runs on. Past `maxAbandonedThreads` abandoned
///   threads still running, the worker stops fetching and ends the process with
///   [#EXIT_TOO_MANY_ABANDONED_THREADS] through its [ProcessExit], for its supervisor to restart it.
/// - Nothing thrown while fetching or settling, not even an [Error], stops a fetch or settling
///   thread: the lease places are given back, the worker reports itself unhealthy with the reason
///   (an [Error] for good: the process should be restarted) and goes on.
/// - A graceful stop stops fetching, gives back at once the messages that have not started, waits
///   up to the shutdown timeout for running tasks, then gives the unfinished ones back to the
///   broker unacked. The finished ones are settled (results stored, acked) before it returns,
///   within what is left of the shutdown timeout but at least a second, so they do not run again.
/// - A broker outage does not stop it: fetching retries with backoff (at most a second apart, so
///   work resumes soon after the broker answers again), logging one line per retry (not one per
///   fetch thread), and [#isHealthy()] reports it.
///   Messages of a task it does not know are postponed for `unknownTaskGrace`, then dead-lettered.
///
/// As a [SmartLifecycle] it starts late and stops early (phase `Integer.MAX_VALUE - 100`), before
/// the connections it uses close. Its fetch threads are not daemons: a running worker keeps the JVM alive.
public final class Worker implements SmartLifecycle {

    /// The lifecycle phase: after most beans start, before connection factories stop.
    public static final int PHASE = Integer.MAX_VALUE - 100;

    /// The status the process exits with when more than `maxAbandonedThreads` abandoned threads
    /// still run (70, `EX_SOFTWARE`): a supervisor should start the worker again.
    public static final int EXIT_TOO_MANY_ABANDONED_THREADS = 70;

    private static final Logger log = LoggerFactory.getLogger(Worker.class);

    private static final Duration LONGEST_FETCH_PAUSE = Duration.ofSeconds(1);

    /// The least time a graceful stop gives the finished messages' results and acks to be written,
    /// even when running tasks used up the shutdown timeout.
    private static final Duration LEAST_SETTLE_GRACE = Duration.ofSeconds(1);

    /// Fetches in flight at once: while one waits for its reply, the other can lease what the
    /// tasks freed meanwhile, so a busy worker's slots do not wait a whole round trip.
    private static final int FETCH_THREADS = 2;

    /// How often a fetch thread looks again while too many finished messages wait to be settled.
    private static final Duration SETTLING_BACKLOG_PAUSE = Duration.ofMillis(50);

    /// How often a fetch thread looks again while every queue of the worker is paused.
    private static final Duration PAUSED_POLL = Duration.ofMillis(100);

    private final WorkerServices services;

    private final WorkerOptions options;

    private final Map<String, InFlightTask> leased = new ConcurrentHashMap<>();

    private final Map<String, InFlightTask> held = new ConcurrentHashMap<>();

    private final Isolation isolation = new Isolation();

    private final LeasePlaces places;

    private final boolean revokesCheckedByFetch;

    /// Most finished messages waiting for their result and ack before fetching pauses, so that a
    /// result store that is down does not let the worker lease and run without bound.
    private final int maxSettling;

    private final AtomicLong processed = new AtomicLong();

    private final AtomicInteger active = new AtomicInteger();

    private final AtomicLong refusedWrites = new AtomicLong();

    private final AbandonedThreads abandoned;

    private final ProcessExit exit;

    private final SettleEvents settleEvents = new SettleEvents() {

        @Override
        public void refused(int count) {
            Worker.this.refusedWrites.addAndGet(count);
        }

        @Override
        public void failed(String what, Throwable error) {
            unhealthy(what + " failed: " + error, error);
        }
    };

    private final Object lifecycle = new Object();

    private final Heartbeat heartbeat;

    private final WorkerControl control;

    private final QueueCounters counters = new QueueCounters();

    /// Queues this worker has stopped consuming on request ([#pause]).
    private final Set<String> paused = ConcurrentHashMap.newKeySet();

    private final AtomicInteger concurrency;

    private volatile boolean draining;

    private volatile boolean fetching;

    private volatile boolean healthy = true;

    private volatile @Nullable String lastFetchError;

    /// The fetch thread that logs fetch failures while they last (the first to fail), so an outage
    /// is one line per retry, not one per fetch thread.
    private final AtomicReference<@Nullable Thread> fetchFailureReporter = new AtomicReference<>();

    private volatile @Nullable String fatalError;

    private volatile List<Thread> fetchThreads = List.of();

    private @Nullable AutoCloseable revokeSubscription;

    private @Nullable ExecutorService taskThreads;

    private @Nullable ExecutorService limitedThreads;

    private @Nullable Settler settler;

    private @Nullable ExecutionSlots slots;

    private @Nullable ScheduledExecutorService timers;

    private @Nullable CompletionBatcher acker;

    private @Nullable Instant startedAt;

    /// A worker that ends the process through [ProcessExit#RUNTIME] when it cannot go on.
    public Worker(WorkerServices services, WorkerOptions options) {
        this(services, options, ProcessExit.RUNTIME);
    }

    /// A worker that ends the process through `exit` when it cannot go on.
    public Worker(WorkerServices services, WorkerOptions options, ProcessExit exit) {
        this.services = services.withListener(
                new CompositeWorkerListener(List.of(services.listener(), this.counters)));
        this.options = options;
        this.exit = exit;
        this.abandoned = new AbandonedThreads(options.maxAbandonedThreads(), this::tooManyAbandonedThreads);
        this.places = new LeasePlaces(options.concurrency() + options.prefetch(),
                Math.max(1, (options.prefetch() + 1) / 2));
        this.revokesCheckedByFetch = services.broker().checksRevokesOf(services.revokes());
        this.maxSettling = Math.max(2 * CompletionBatcher.MAX_BATCH, 4 * (options.concurrency() + options.prefetch()));
        this.concurrency = new AtomicInteger(options.concurrency());
        this.heartbeat = new Heartbeat(services.workers(), services.events(), this::describe,
                options.heartbeatInterval());
        this.control = new WorkerControl(this, services.events(), services.clock(), exit);
    }

    @Override
    public void start() {
        synchronized (this.lifecycle) {
            if (!this.fetchThreads.isEmpty()) {
                return;
            }
            this.startedAt = this.services.clock().instant();
            this.taskThreads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("stem-task-", 0).factory());
            this.timers = Executors.newScheduledThreadPool(1, Thread.ofPlatform().name("stem-timer-", 0).daemon().factory());
            this.limitedThreads = Executors.newCachedThreadPool(
                    Thread.ofPlatform().name("stem-limited-task-", 0).daemon().factory());
            this.slots = new ExecutionSlots(this.options.concurrency(), this.taskThreads);
            TaskInvoker invoker = new TaskInvoker(this.services.interceptors(), this.limitedThreads, this.timers,
                    this.abandoned);
            Settler settler = new Settler(this.services.clock());
            this.settler = settler;
            this.acker = new CompletionBatcher(this.services.broker(), this.services.backend(), this.options.resultTtl(),
                    settler, this.settleEvents, this.options.id());
            DeliveryProcessor processor = new DeliveryProcessor(this.services, this.options, invoker, settler,
                    this.acker, this.settleEvents);
            long leaseEvery = Math.max(1, this.options.lease().toMillis() / 3);
            this.timers.scheduleWithFixedDelay(new LeaseKeeper(this.services.broker(), this.held.values(),
                    this.options.lease(), this.services.clock()), leaseEvery, leaseEvery, TimeUnit.MILLISECONDS);
            this.timers.scheduleWithFixedDelay(this.heartbeat, 0, this.options.heartbeatInterval().toMillis(),
                    TimeUnit.MILLISECONDS);
            this.revokeSubscription = subscribeToRevokes();
            this.fetching = true;
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < FETCH_THREADS; i++) {
                threads.add(Thread.ofPlatform().name("stem-fetch-" + this.options.id() + "-" + i)
                        .start(() -> fetchLoop(processor)));
            }
            this.fetchThreads = List.copyOf(threads);
            this.control.start();
            log.info("Stem worker {} started: queues {}, concurrency {}", this.options.id(), this.options.queues(),
                    this.options.concurrency());
        }
    }

    private void fetchLoop(DeliveryProcessor processor) {
        Duration pause = Duration.ofMillis(100);
        while (this.fetching) {
            int untracked = 0;
            try {
                List<String> queues = consumedQueues();
                if (queues.isEmpty()) {
                    Thread.sleep(PAUSED_POLL);
                    continue;
                }
                untracked = this.places.takeWhenEnough();
                awaitSettlingRoom();
                this.isolation.beginFetch();
                try {
                    List<Delivery> deliveries = this.services.broker().fetch(new FetchRequest(this.options.id(),
                            queues, untracked, this.options.fetchWait(), this.options.lease(),
                            processor::unreadable));
                    this.healthy = true;
                    this.lastFetchError = null;
                    if (this.fetchFailureReporter.get() == Thread.currentThread()) {
                        this.fetchFailureReporter.set(null);
                    }
                    pause = Duration.ofMillis(100);
                    this.places.give(untracked - deliveries.size());
                    untracked = deliveries.size();
                    Set<String> revoked = this.revokesCheckedByFetch ? Set.of() : revokedAmong(deliveries);
                    List<Runnable> work = new ArrayList<>(deliveries.size());
                    for (Delivery delivery : deliveries) {
                        Runnable handling = handling(delivery, delivery.revoked() || revoked.contains(delivery.id()),
                                processor);
                        untracked--;
                        if (handling != null) {
                            work.add(handling);
                        }
                    }
                    processor.received(deliveries);
                    this.slots.submitAll(work);
                }
                finally {
                    this.isolation.endFetch();
                }
            }
            catch (InterruptedException ex) {
                this.places.give(untracked);
                Thread.currentThread().interrupt();
                return;
            }
            catch (Throwable ex) {
                this.places.give(untracked);
                if (!this.fetching) {
                    return;
                }
                unhealthy("fetching from " + this.options.queues() + " failed: " + ex, ex);
                Thread current = Thread.currentThread();
                if (this.fetchFailureReporter.compareAndExchange(null, current) == null
                        || this.fetchFailureReporter.get() == current) {
                    log.warn("Fetching from {} failed ({}); retrying in {} ms", this.options.queues(),
                            ex.toString(), pause.toMillis());
                }
                if (!sleep(pause)) {
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(LONGEST_FETCH_PAUSE) > 0 ? LONGEST_FETCH_PAUSE
                        : pause.multipliedBy(2);
            }
        }
    }

    /// Listens for revokes of the messages held here; `null` when the event bus refuses (the revokes
    /// are then applied at fetch only, from the revoke store).
    private @Nullable AutoCloseable subscribeToRevokes() {
        try {
            return this.services.events().subscribe(new RevokeListener(this.held.values()));
        }
        catch (RuntimeException ex) {
            log.warn("Stem worker {} cannot listen for revokes ({}); revoked messages are dropped at fetch, and "
                    + "running ones are not interrupted", this.options.id(), ex.toString());
            return null;
        }
    }

    /// Waits while more than `maxSettling` finished messages wait for their result and ack.
    private void awaitSettlingRoom() throws InterruptedException {
        while (this.fetching && this.held.size() - this.leased.size() > this.maxSettling) {
            Thread.sleep(SETTLING_BACKLOG_PAUSE);
        }
    }

    /// Puts the health down with `reason`; for an [Error], until the process restarts.
    private void unhealthy(String reason, Throwable cause) {
        this.healthy = false;
        this.lastFetchError = reason;
        if (cause instanceof Error) {
            this.fatalError = reason;
            log.error("Stem worker {} is unhealthy until restarted: {}", this.options.id(), reason, cause);
        }
    }

    /// Stops fetching and ends the process, on a thread of its own (the exit may wait for this
    /// worker's graceful stop).
    private void tooManyAbandonedThreads() {
        String reason = this.abandoned.running() + " threads abandoned past their hard time limit still run, more "
                + "than stem.worker.max-abandoned-threads (" + this.options.maxAbandonedThreads() + ")";
        log.error("Stem worker {} stops fetching and exits the process with status {}: {}", this.options.id(),
                EXIT_TOO_MANY_ABANDONED_THREADS, reason);
        this.fatalError = reason;
        this.healthy = false;
        this.fetching = false;
        this.fetchThreads.forEach(Thread::interrupt);
        Thread.ofPlatform().name("stem-exit-" + this.options.id())
                .start(() -> this.exit.exit(EXIT_TOO_MANY_ABANDONED_THREADS));
    }

    /// The fetched ids that were revoked, in one call; none when the revoke store cannot be read
    /// (revokes are best effort: the messages then run).
    private Set<String> revokedAmong(List<Delivery> deliveries) {
        if (deliveries.isEmpty()) {
            return Set.of();
        }
        try {
            return this.services.revokes().revokedAmong(deliveries.stream().map(Delivery::id).toList());
        }
        catch (RuntimeException ex) {
            log.warn("Could not read revokes; running the fetched messages anyway: {}", ex.toString());
            return Set.of();
        }
    }

    /// What a slot runs for `delivery`, now leased here; `null` when the message was given back at
    /// once (the worker is stopping, or it is recovered while another recovered message is held).
    private @Nullable Runnable handling(Delivery delivery, boolean revoked, DeliveryProcessor processor) {
        InFlightTask task = new InFlightTask(delivery, this::handlerDone, this::settled);
        if (revoked) {
            task.markRevoked();
        }
        if (this.held.containsKey(delivery.receipt())) {
            log.warn("Message {} was delivered to this worker again while it still holds it (an extension of its "
                    + "lease came late); the held delivery goes on, the message does not run twice", delivery.id());
            task.handlerDone();
            return null;
        }
        if (!this.fetching || this.paused.contains(delivery.queue())) {
            giveBack(task);
            task.handlerDone();
            return null;
        }
        if (delivery.recovered() ? !this.isolation.admit(task) : this.isolation.holdsOne()) {
            log.debug("Giving back message {} at once: a recovered message runs alone here first", delivery.id());
            giveBack(task);
            task.handlerDone();
            return null;
        }
        this.held.put(delivery.receipt(), task);
        this.leased.put(delivery.receipt(), task);
        return () -> {
            try {
                if (task.claim()) {
                    runIsolated(task, processor);
                }
            }
            finally {
                this.leased.remove(delivery.receipt());
                task.handlerDone();
                if (!task.isQueuedForSettling()) {
                    task.settled();
                }
                synchronized (this.leased) {
                    this.leased.notifyAll();
                }
            }
        };
    }

    private void handlerDone(InFlightTask task) {
        this.places.giveOne();
    }

    private void settled(InFlightTask task) {
        this.held.remove(task.delivery().receipt());
        this.isolation.done(task);
    }

    /// Runs `task` as [Isolation] allows: a recovered message once this worker holds nothing else,
    /// any other beside the others unless a recovered message is held (it is then given back unrun).
    private void runIsolated(InFlightTask task, DeliveryProcessor processor) {
        if (!task.delivery().recovered()) {
            if (!this.isolation.enterShared()) {
                giveBack(task);
                return;
            }
            try {
                runUnlessStopping(task, processor);
            }
            finally {
                this.isolation.exitShared();
            }
            return;
        }
        task.runningOn(Thread.currentThread());
        try {
            this.isolation.awaitAlone(task, this::giveBackWaiting, () -> this.held.size() == 1, () -> this.fetching);
        }
        catch (InterruptedException ex) {
            task.runningOn(null);
            if (!task.isGivenBack()) {
                giveBack(task);
            }
            return;
        }
        runUnlessStopping(task, processor);
    }

    private void runUnlessStopping(InFlightTask task, DeliveryProcessor processor) {
        if (this.fetching) {
            run(task, processor);
        }
        else {
            giveBack(task);
        }
    }

    private void run(InFlightTask task, DeliveryProcessor processor) {
        task.runningOn(Thread.currentThread());
        task.startedAt(this.services.clock().instant());
        this.active.incrementAndGet();
        try {
            processor.process(task);
        }
        finally {
            this.active.decrementAndGet();
            task.runningOn(null);
            this.processed.incrementAndGet();
        }
    }

    @Override
    public void stop() {
        synchronized (this.lifecycle) {
            List<Thread> threads = this.fetchThreads;
            if (threads.isEmpty()) {
                return;
            }
            this.fetching = false;
            this.control.stop();
            threads.forEach(Thread::interrupt);
            threads.forEach(Worker::joinQuietly);
            closeQuietly(this.revokeSubscription);
            this.revokeSubscription = null;
            giveBackWaiting();
            long deadline = System.nanoTime() + this.options.shutdownTimeout().toNanos();
            drain(deadline);
            Duration grace = Duration.ofNanos(Math.max(deadline - System.nanoTime(), LEAST_SETTLE_GRACE.toNanos()));
            this.settler.giveUpAt(this.services.clock().instant().plus(grace));
            this.acker.close(grace);
            this.heartbeat.farewell(this.options.id());
            this.timers.shutdownNow();
            this.taskThreads.shutdownNow();
            this.limitedThreads.shutdownNow();
            this.fetchThreads = List.of();
            log.info("Stem worker {} stopped after {} messages", this.options.id(), this.processed.get());
        }
    }

    @Override
    public void stop(Runnable callback) {
        Thread.ofPlatform().name("stem-stop-" + this.options.id()).start(() -> {
            try {
                stop();
            }
            finally {
                callback.run();
            }
        });
    }

    /// Gives back the leased messages that have not started (a recovered message waiting to run alone
    /// has), so that other workers can run them now.
    private void giveBackWaiting() {
        for (InFlightTask task : this.leased.values()) {
            if (task.claim()) {
                giveBack(task);
                this.leased.remove(task.delivery().receipt());
                task.handlerDone();
            }
        }
    }

    private void drain(long deadline) {
        synchronized (this.leased) {
            while (!this.leased.isEmpty()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0) {
                    break;
                }
                try {
                    this.leased.wait(left);
                }
                catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        for (InFlightTask task : this.leased.values()) {
            log.warn("Giving back unfinished message {} (task '{}') at shutdown", task.delivery().id(),
                    task.delivery().envelope().task());
            giveBack(task);
        }
    }

    /// Releases `task`'s message. A stop interrupts the fetch threads, and one may still hold messages
    /// its last fetch returned: the interrupt is set aside for the call, since the store clients give
    /// up an interrupted command and the message would wait for its lease to lapse.
    private void giveBack(InFlightTask task) {
        task.giveBack();
        task.settled();
        boolean interrupted = Thread.interrupted();
        try {
            this.services.broker().release(task.delivery());
        }
        catch (RuntimeException ex) {
            log.warn("Could not give back message {}; it will be delivered again after its lease: {}",
                    task.delivery().id(), ex.toString());
        }
        finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return !this.fetchThreads.isEmpty();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /// Whether the last fetch succeeded and nothing went wrong since that no retry covers; `false`
    /// for good once an [Error] was caught or too many threads were abandoned.
    public boolean isHealthy() {
        return this.healthy && this.fatalError == null;
    }

    /// Why the worker is unhealthy (the last fetch failed, settling failed, an [Error] was caught),
    /// or `null` when it is healthy.
    public @Nullable String lastFetchError() {
        String fatal = this.fatalError;
        return fatal != null ? fatal : this.lastFetchError;
    }

    /// Tasks running now.
    public int activeCount() {
        return this.active.get();
    }

    /// Messages finished (in any way) since start.
    public long processedCount() {
        return this.processed.get();
    }

    /// Attempts abandoned after passing their hard time limit, since start.
    public long abandonedCount() {
        return this.abandoned.total();
    }

    /// Threads of abandoned attempts that still run.
    public int abandonedRunningCount() {
        return this.abandoned.running();
    }

    /// Writes the stores refused since start: acks, retries and dead letters of a message whose
    /// lease was lost, and result records fenced out by a newer one. Each means another worker may
    /// run (or ran) the message again.
    public long refusedWriteCount() {
        return this.refusedWrites.get();
    }

    /// The options this worker runs with.
    public WorkerOptions options() {
        return this.options;
    }

    /// Messages leased and waiting for a free slot (the prefetch buffer).
    public int bufferedCount() {
        return Math.max(0, this.leased.size() - this.active.get());
    }

    /// A snapshot of this worker, as sent in heartbeats: what it is and what it runs now.
    public WorkerInfo describe() {
        Instant now = this.services.clock().instant();
        List<WorkerInfo.RunningTask> running = new ArrayList<>();
        for (InFlightTask task : this.leased.values()) {
            Instant started = task.startedAt();
            if (started != null) {
                Envelope envelope = task.delivery().envelope();
                running.add(new WorkerInfo.RunningTask(envelope.id(), envelope.task(), envelope.queue(),
                        envelope.attempt(), started));
            }
        }
        running.sort(Comparator.comparing(WorkerInfo.RunningTask::startedAt));
        return new WorkerInfo(this.options.id(), WorkerIds.hostname(), ProcessHandle.current().pid(),
                this.options.queues(), this.concurrency.get(), this.active.get(), this.processed.get(),
                this.startedAt != null ? this.startedAt : now, now, this.options.heartbeatInterval(),
                StemVersion.current(), running);
    }

    /// Stops consuming `queue` until [#resume]: no new message of it is fetched, and one fetched
    /// meanwhile is given back unstarted; running tasks of it finish. Returns the paused queues.
    ///
    /// @throws IllegalArgumentException if this worker does not consume `queue`
    public Set<String> pause(String queue) {
        this.paused.add(consumedQueue(queue));
        log.info("Stem worker {} paused queue '{}'", this.options.id(), queue);
        return pausedQueues();
    }

    /// Consumes `queue` again after [#pause]; returns the queues still paused.
    ///
    /// @throws IllegalArgumentException if this worker does not consume `queue`
    public Set<String> resume(String queue) {
        if (this.draining) {
            throw new IllegalStateException("worker " + this.options.id() + " is draining and takes no more work");
        }
        this.paused.remove(consumedQueue(queue));
        log.info("Stem worker {} resumed queue '{}'", this.options.id(), queue);
        return pausedQueues();
    }

    /// The queues [#pause]d now, in the worker's order.
    public Set<String> pausedQueues() {
        Set<String> queues = new LinkedHashSet<>(this.options.queues());
        queues.retainAll(this.paused);
        return Set.copyOf(queues);
    }

    /// Takes no more work, gives back the leased messages that have not started, lets the running
    /// tasks finish (however long they take), then ends the process with status 0 through its
    /// [ProcessExit], on a thread of its own. Returns how many tasks were running.
    public int drain() {
        this.draining = true;
        this.paused.addAll(this.options.queues());
        int running = this.active.get();
        log.info("Stem worker {} drains: {} running tasks finish, then it exits", this.options.id(), running);
        Thread.ofPlatform().name("stem-drain-" + this.options.id()).start(() -> {
            giveBackWaiting();
            synchronized (this.leased) {
                while (!this.leased.isEmpty()) {
                    try {
                        this.leased.wait(PAUSED_POLL.toMillis());
                    }
                    catch (InterruptedException ex) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
            log.info("Stem worker {} drained after {} messages; exiting", this.options.id(), this.processed.get());
            this.exit.exit(0);
        });
        return running;
    }

    /// Whether [#drain] was called.
    public boolean isDraining() {
        return this.draining;
    }

    /// Runs at most `concurrency` tasks at once from now on; tasks over a lowered limit finish first.
    /// Leased places follow (`concurrency + prefetch`).
    ///
    /// @throws IllegalArgumentException if `concurrency` is less than 1
    public void concurrency(int concurrency) {
        if (concurrency < 1) {
            throw new IllegalArgumentException("worker concurrency must be at least 1, was " + concurrency);
        }
        synchronized (this.lifecycle) {
            int delta = concurrency - this.concurrency.getAndSet(concurrency);
            if (this.slots != null) {
                this.slots.resize(delta);
            }
            this.places.resize(delta);
        }
        log.info("Stem worker {} runs at most {} tasks at once", this.options.id(), concurrency);
    }

    /// How many tasks it runs at most at once now.
    public int concurrency() {
        return this.concurrency.get();
    }

    /// What it did with its messages since start, per queue (see [QueueCounters]).
    Map<String, Object> queueCounts() {
        return this.counters.snapshot();
    }

    /// When it started, or `null` before.
    @Nullable Instant startedAt() {
        return this.startedAt;
    }

    /// The messages leased and not finished: running, or waiting for a slot.
    Collection<InFlightTask> leasedTasks() {
        return List.copyOf(this.leased.values());
    }

    /// Messages held until settled (running, waiting, or finished and waiting for their ack).
    int heldCount() {
        return this.held.size();
    }

    private List<String> consumedQueues() {
        if (this.paused.isEmpty()) {
            return this.options.queues();
        }
        return this.options.queues().stream().filter(queue -> !this.paused.contains(queue)).toList();
    }

    private String consumedQueue(String queue) {
        if (!this.options.queues().contains(queue)) {
            throw new IllegalArgumentException("worker " + this.options.id() + " does not consume queue '" + queue
                    + "'; it consumes " + this.options.queues());
        }
        return queue;
    }

    private static boolean sleep(Duration pause) {
        try {
            Thread.sleep(pause);
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void closeQuietly(@Nullable AutoCloseable subscription) {
        if (subscription == null) {
            return;
        }
        try {
            subscription.close();
        }
        catch (Exception ex) {
            log.debug("Could not close the revoke subscription", ex);
        }
    }

    private static void joinQuietly(Thread thread) {
        try {
            thread.join();
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.stem.worker;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

import tools.jackson.databind.json.JsonMapper;

import dev.stem.backend.ResultBackend;
import dev.stem.broker.Broker;
import dev.stem.control.EventBus;
import dev.stem.control.RateLimiter;
import dev.stem.control.RevokeStore;
import dev.stem.control.WorkerRegistry;
import dev.stem.middleware.ExecutionInterceptor;
import dev.stem.middleware.ReceiveInterceptor;
import dev.stem.middleware.RepublishInterceptor;
import dev.stem.middleware.ResultSealer;
import dev.stem.task.TaskRegistry;

/// Everything a [Worker] works with besides its options.
///
/// @param broker where messages come from
/// @param backend where results go
/// @param tasks the tasks this worker can run
/// @param revokes cancelled task ids
/// @param rateLimiter shared rate limits
/// @param events heartbeats and progress go here
/// @param workers the registry this worker announces itself in
/// @param mapper turns task results into JSON
/// @param interceptors wrap every attempt, first outermost
/// @param listener is told what happens to each message
/// @param clock the time source
/// @param receivers check (and may decrypt) every received message before its task is looked up,
///        in their order
/// @param results seals every result record before it is stored ([ResultSealer#NONE] keeps them
///        as they are)
/// @param republishers see (and sign again) every message the worker publishes again changed: its
///        retries and postponements, in their order
public record WorkerServices(Broker broker, ResultBackend backend, TaskRegistry tasks, RevokeStore revokes,
        RateLimiter rateLimiter, EventBus events, WorkerRegistry workers, JsonMapper mapper,
        List<ExecutionInterceptor> interceptors, WorkerListener listener, Clock clock,
        List<ReceiveInterceptor> receivers, ResultSealer results, List<RepublishInterceptor> republishers) {

    /// Services without republish interceptors.
    public WorkerServices(Broker broker, ResultBackend backend, TaskRegistry tasks, RevokeStore revokes,
            RateLimiter rateLimiter, EventBus events, WorkerRegistry workers, JsonMapper mapper,
            List<ExecutionInterceptor> interceptors, WorkerListener listener, Clock clock,
            List<ReceiveInterceptor> receivers, ResultSealer results) {
        this(broker, backend, tasks, revokes, rateLimiter, events, workers, mapper, interceptors, listener, clock,
                receivers, results, List.of());
    }

    /// Services that store results as they are, without republish interceptors.
    public WorkerServices(Broker broker, ResultBackend backend, TaskRegistry tasks, RevokeStore revokes,
            RateLimiter rateLimiter, EventBus events, WorkerRegistry workers, JsonMapper mapper,
            List<ExecutionInterceptor> interceptors, WorkerListener listener, Clock clock,
            List<ReceiveInterceptor> receivers) {
        this(broker, backend, tasks, revokes, rateLimiter, events, workers, mapper, interceptors, listener, clock,
                receivers, ResultSealer.NONE, List.of());
    }

    /// Services without receive or republish interceptors, storing results as they are.
    public WorkerServices(Broker broker, ResultBackend backend, TaskRegistry tasks, RevokeStore revokes,
            RateLimiter rateLimiter, EventBus events, WorkerRegistry workers, JsonMapper mapper,
            List<ExecutionInterceptor> interceptors, WorkerListener listener, Clock clock) {
        this(broker, backend, tasks, revokes, rateLimiter, events, workers, mapper, interceptors, listener, clock,
                List.of(), ResultSealer.NONE, List.of());
    }

    public WorkerServices {
        Objects.requireNonNull(broker, "broker");
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(tasks, "tasks");
        Objects.requireNonNull(revokes, "revokes");
        Objects.requireNonNull(rateLimiter, "rateLimiter");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(workers, "workers");
        Objects.requireNonNull(mapper, "mapper");
        interceptors = List.copyOf(interceptors);
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(clock, "clock");
        receivers = List.copyOf(receivers);
        Objects.requireNonNull(results, "results");
        republishers = List.copyOf(republishers);
    }

    /// These services with `listener` instead of this one's, every other service kept.
    public WorkerServices withListener(WorkerListener listener) {
        return new WorkerServices(this.broker, this.backend, this.tasks, this.revokes, this.rateLimiter, this.events,
                this.workers, this.mapper, this.interceptors, listener, this.clock, this.receivers, this.results,
                this.republishers);
    }
}

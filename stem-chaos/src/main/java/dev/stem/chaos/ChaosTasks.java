package dev.stem.chaos;

import java.time.Duration;

import dev.stem.task.TaskDefinition;
import dev.stem.task.TaskOptions;
import dev.stem.task.TaskRegistry;

/// The tasks a chaos worker runs. Each records its start and its end in the worker's [Ledger].
public final class ChaosTasks {

    /// Sleeps `{"ms": n}` milliseconds and returns the name of the incarnation that ran it.
    public static final String WORK = "chaos.work";

    /// Fails its first attempt (attempt 0) and succeeds on the next, returning the incarnation.
    public static final String FLAKY = "chaos.flaky";

    /// Kills its worker's JVM at once (`Runtime.halt`), on every attempt.
    public static final String POISON = "chaos.poison";

    /// Spins the CPU for `{"ms": n}` milliseconds ignoring interrupts, under a 1 s hard time limit.
    public static final String SPIN = "chaos.spin";

    /// The exit status of a worker that ran [#POISON].
    public static final int POISON_EXIT = 77;

    private ChaosTasks() {
    }

    /// The registry of a worker named `incarnation` that writes to `ledger`.
    public static TaskRegistry registry(Ledger ledger, String incarnation) {
        TaskRegistry tasks = new TaskRegistry();
        tasks.register(TaskDefinition.of(WORK, context -> {
            ledger.started(context.id());
            Thread.sleep(context.args().path("ms").asLong(0));
            ledger.done(context.id());
            return incarnation;
        }));
        tasks.register(TaskDefinition.of(FLAKY, context -> {
            ledger.started(context.id());
            if (context.attempt() == 0) {
                throw new IllegalStateException("chaos.flaky fails its first attempt");
            }
            ledger.done(context.id());
            return incarnation;
        }));
        tasks.register(TaskDefinition.of(POISON, context -> {
            ledger.started(context.id());
            Runtime.getRuntime().halt(POISON_EXIT);
            return null;
        }));
        tasks.register(new TaskDefinition(SPIN, TaskOptions.builder().maxRetries(0)
                .hardTimeLimit(Duration.ofSeconds(1)).build(), context -> {
                    ledger.started(context.id());
                    long until = System.nanoTime() + Duration.ofMillis(context.args().path("ms").asLong(0)).toNanos();
                    long spins = 0;
                    while (System.nanoTime() < until) {
                        spins++;
                    }
                    ledger.done(context.id());
                    return spins;
                }));
        return tasks;
    }
}

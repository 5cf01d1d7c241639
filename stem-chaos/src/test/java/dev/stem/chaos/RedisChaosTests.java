package dev.stem.chaos;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.stem.envelope.Envelope;
import dev.stem.test.server.RedisTestServer;
import dev.stem.test.server.RequiresRedis;

import static org.assertj.core.api.Assertions.assertThat;

/// The chaos scenarios on Redis: the shared ones on the test server, and the server faults
/// (restart, pause, killed connections) on a Redis of the run's own.
@RequiresRedis
class RedisChaosTests extends ChaosScenarios {

    @Override
    ChaosStore sharedStore(String prefix) {
        return new ChaosStore(ChaosStore.Kind.REDIS, RedisTestServer.url(), prefix);
    }

    private ChaosRun privateRun(PrivateRedis redis, List<String> workerArguments) {
        return new ChaosRun(new ChaosStore(ChaosStore.Kind.REDIS, redis.url(), ChaosRun.randomPrefix()), this.folder,
                workerArguments);
    }

    /// Redis killed (SIGKILL) mid-run and started again from its append-only file: nothing is
    /// lost, no live worker runs a task twice, and work resumes soon after Redis answers.
    @Test
    void redisRestartedMidRunLosesNothing() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(this.folder.resolve("redis"));
                ChaosRun run = privateRun(redis, List.of())) {
            startBothThenEnqueue(run, SCALE.taskMillis());
            run.awaitFinished(SCALE.tasks() / 4, ALL_DONE_WITHIN);
            redis.kill();
            WorkerProcess.sleep(ChaosRun.LEASE.multipliedBy(2));
            redis.start();
            long answeredAt = System.nanoTime();
            int finishedBefore = run.ledger().finishedCount();
            run.until("work resumed after the restart", Duration.ofSeconds(60),
                    () -> run.ledger().finishedCount() > finishedBefore + 8);
            System.out.printf("chaos Redis restart: work resumed %d ms after Redis answered%n",
                    (System.nanoTime() - answeredAt) / 1_000_000);
            run.awaitAllFinished(ALL_DONE_WITHIN);
            run.assertNothingLost("Redis restart", 0);
        }
    }

    /// Redis paused (`CLIENT PAUSE ... ALL`) for longer than the lease with both workers alive:
    /// no task runs twice.
    @Test
    void redisPausedLongerThanTheLeaseRunsNothingTwice() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(this.folder.resolve("redis"));
                ChaosRun run = privateRun(redis, List.of())) {
            startBothThenEnqueue(run, SCALE.taskMillis() * 2);
            run.awaitFinished(SCALE.tasks() / 4, ALL_DONE_WITHIN);
            assertThat(redis.command("CLIENT PAUSE " + ChaosRun.LEASE.multipliedBy(2).toMillis() + " ALL"))
                    .isEqualTo("+OK");
            run.awaitAllFinished(ALL_DONE_WITHIN);
            run.assertNothingLost("Redis paused past the lease", 0);
        }
    }

    /// Every client connection killed every 200 ms while tasks are published one by one (a
    /// producer retries a publish that failed): every message is stored and run exactly once.
    @Test
    void connectionsKilledDuringEnqueueLeaveOneMessagePerId() throws Exception {
        try (PrivateRedis redis = PrivateRedis.start(this.folder.resolve("redis"));
                ChaosRun run = privateRun(redis, List.of())) {
            AtomicBoolean killing = new AtomicBoolean(true);
            Thread killer = Thread.ofPlatform().daemon().start(() -> {
                while (killing.get()) {
                    redis.command("CLIENT KILL TYPE normal");
                    WorkerProcess.sleep(Duration.ofMillis(200));
                }
            });
            int tasks = Math.min(SCALE.tasks() * 5, 3_000);
            for (int i = 0; i < tasks; i++) {
                Envelope envelope = run.work(1);
                publishRetrying(run, envelope);
                run.enqueued.add(envelope.id());
            }
            killing.set(false);
            killer.join();
            run.fleet.start("a");
            run.awaitAllFinished(ALL_DONE_WITHIN);
            WorkerProcess.sleep(Duration.ofSeconds(2));
            ChaosVerdict verdict = run.assertNothingLost("connections killed during enqueue", 0);
            assertThat(verdict.duplicates()).as("messages stored twice").isEmpty();
        }
    }

    /// Starts workers `a` and `b`, then enqueues the scenario's work, so both are busy when the
    /// fault strikes (a worker JVM can take many seconds to start on a loaded machine: enqueued
    /// earlier, the work could all be done by `a` before `b` is up, and the fault would hit an idle
    /// queue).
    private static void startBothThenEnqueue(ChaosRun run, int taskMillis) {
        run.fleet.start("a");
        run.fleet.start("b");
        run.enqueueWork(SCALE.tasks(), taskMillis);
    }

    private static void publishRetrying(ChaosRun run, Envelope envelope) {
        for (int attempt = 1; ; attempt++) {
            try {
                run.broker().publish(envelope);
                return;
            }
            catch (RuntimeException ex) {
                if (attempt == 50) {
                    throw ex;
                }
                WorkerProcess.sleep(Duration.ofMillis(50));
            }
        }
    }

    /// The result store (a second Redis) killed for twice the lease while the broker stays up: the
    /// finished tasks wait for their results with their leases kept, and none runs again.
    @Test
    void resultStoreDownForTwiceTheLeaseRerunsNoFinishedTask() throws Exception {
        try (PrivateRedis messages = PrivateRedis.start(this.folder.resolve("messages"));
                PrivateRedis results = PrivateRedis.start(this.folder.resolve("results"));
                ChaosRun run = new ChaosRun(new ChaosStore(ChaosStore.Kind.REDIS, messages.url(),
                        ChaosRun.randomPrefix(), results.url()), this.folder, List.of())) {
            startBothThenEnqueue(run, SCALE.taskMillis());
            run.awaitFinished(SCALE.tasks() / 4, ALL_DONE_WITHIN);
            results.kill();
            WorkerProcess.sleep(ChaosRun.LEASE.multipliedBy(2));
            results.start();
            run.awaitAllFinished(ALL_DONE_WITHIN);
            run.assertNothingLost("result store down for twice the lease", 0);
        }
    }
}

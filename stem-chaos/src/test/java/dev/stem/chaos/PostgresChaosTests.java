package dev.stem.chaos;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import dev.stem.test.server.PostgresTestServer;
import dev.stem.test.server.RequiresPostgres;

/// The chaos scenarios on PostgreSQL, on the shared test server: the shared ones, and the faults a
/// run can inject without disturbing other tests (terminating its own sessions, locking its own
/// table).
@RequiresPostgres
class PostgresChaosTests extends ChaosScenarios {

    @Override
    ChaosStore sharedStore(String prefix) {
        return new ChaosStore(ChaosStore.Kind.POSTGRES, PostgresTestServer.jdbcUrlWithCredentials(), prefix);
    }

    /// Every Stem session of the run terminated (`pg_terminate_backend`) every 2 s while workers
    /// run: nothing is lost and no live worker runs a task twice.
    @Test
    void sessionsTerminatedMidRunLoseNothing() throws Exception {
        try (ChaosRun run = run(List.of());
                Connection admin = DriverManager.getConnection(PostgresTestServer.jdbcUrlWithCredentials())) {
            run.enqueueWork(SCALE.tasks(), SCALE.taskMillis());
            run.fleet.start("a");
            run.fleet.start("b");
            run.awaitFinished(SCALE.tasks() / 10, ALL_DONE_WITHIN);
            AtomicBoolean terminating = new AtomicBoolean(true);
            Thread terminator = Thread.ofPlatform().daemon().start(() -> {
                while (terminating.get()) {
                    terminateSessions(admin, run.store.prefix());
                    WorkerProcess.sleep(Duration.ofSeconds(2));
                }
            });
            try {
                run.awaitAllFinished(ALL_DONE_WITHIN);
            }
            finally {
                terminating.set(false);
                terminator.join();
            }
            run.assertNothingLost("pg_terminate_backend every 2 s", 0);
        }
    }

    /// The jobs table locked (`ACCESS EXCLUSIVE`) for twice the lease while workers claim: a claim
    /// that waited for the lock gets its whole lease, so no task runs on two workers.
    @Test
    void tableLockedLongerThanTheLeaseRunsNothingTwice() throws Exception {
        try (ChaosRun run = run(List.of());
                Connection admin = DriverManager.getConnection(PostgresTestServer.jdbcUrlWithCredentials())) {
            run.enqueueWork(SCALE.tasks(), SCALE.taskMillis() * 2);
            run.fleet.start("a");
            run.fleet.start("b");
            run.awaitFinished(SCALE.tasks() / 10, ALL_DONE_WITHIN);
            admin.setAutoCommit(false);
            try (Statement statement = admin.createStatement()) {
                statement.execute("LOCK TABLE " + run.store.prefix() + "jobs IN ACCESS EXCLUSIVE MODE");
                WorkerProcess.sleep(ChaosRun.LEASE.multipliedBy(2));
            }
            finally {
                admin.commit();
                admin.setAutoCommit(true);
            }
            run.awaitAllFinished(ALL_DONE_WITHIN);
            run.assertNothingLost("jobs table locked past the lease", 0);
        }
    }

    private static void terminateSessions(Connection admin, String prefix) {
        try (Statement statement = admin.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + StoreConnection.applicationName(prefix) + "'");
        }
        catch (java.sql.SQLException ex) {
            System.out.println("chaos: terminating sessions failed: " + ex);
        }
    }

    /// PostgreSQL stopped with `pg_ctl -m immediate` (a crash: sessions cut, no checkpoint) and
    /// started again within the lease: nothing is lost and no live worker runs a task twice. The
    /// workers commit synchronously: with asynchronous worker commits (the default) a crash may
    /// lose the last few hundred milliseconds of claims and acks, whose messages then run again,
    /// as documented for `asyncWorkerCommits`.
    @Test
    void postgresStoppedImmediatelyAndRestartedLosesNothing() throws Exception {
        try (PrivatePostgres postgres = PrivatePostgres.start(this.folder);
                ChaosRun run = new ChaosRun(new ChaosStore(ChaosStore.Kind.POSTGRES, postgres.jdbcUrl(),
                        ChaosRun.randomPrefix()), this.folder,
                        List.of("-Dchaos.lease-ms=15000", "-Dchaos.async-worker-commits=false"))) {
            run.enqueueWork(SCALE.tasks(), SCALE.taskMillis());
            run.fleet.start("a");
            run.fleet.start("b");
            run.awaitFinished(SCALE.tasks() / 4, ALL_DONE_WITHIN);
            postgres.stopImmediately();
            WorkerProcess.sleep(Duration.ofSeconds(1));
            postgres.start();
            run.awaitAllFinished(ALL_DONE_WITHIN);
            run.assertNothingLost("PostgreSQL immediate stop and start", 0);
        }
    }
}

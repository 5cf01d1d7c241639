package dev.stem.bench.scenario;

import java.util.List;

import dev.stem.bench.Deadline;
import dev.stem.bench.store.BenchStore;
import dev.stem.bench.store.BenchStores;

/// What one run of a scenario works with.
///
/// @param broker `redis` or `postgres`
/// @param url the store's URL
/// @param n tasks of this run
/// @param concurrency worker concurrency
/// @param prefetch most messages a worker leases beyond those it runs
/// @param fleetSizes worker process counts (the `fleet` scenario)
/// @param warmUp tasks per warm-up round (`process`, `latency`, `fleet` workers); 0 for none
/// @param deadline the run's time limit
public record ScenarioRun(String broker, String url, int n, int concurrency, int prefetch, List<Integer> fleetSizes,
        int warmUp, Deadline deadline) {

    /// Tasks per warm-up round: [#warmUp()], but no more than the run's N.
    public int warmUpRound() {
        return Math.min(this.warmUp, this.n);
    }

    /// A new store under its own random prefix, with enough pooled connections for one worker at
    /// this concurrency plus the producer and the notification listener.
    public BenchStore openStore() {
        return BenchStores.create(this.broker, this.url, connections(this.concurrency));
    }

    /// Pool size for a process running one worker at `concurrency`: a connection per task, the
    /// fetch loop, the `LISTEN` connection, the producer and a spare for lease keeping.
    public static int connections(int concurrency) {
        return concurrency + 4;
    }

    /// A fresh random queue name.
    public static String randomQueue() {
        return "bench-" + BenchStores.randomHex();
    }
}

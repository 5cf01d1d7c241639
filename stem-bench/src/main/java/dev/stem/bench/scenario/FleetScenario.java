package dev.stem.bench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.bench.Figure;
import dev.stem.bench.store.BenchStore;
import dev.stem.client.EnqueueOptions;

/// `fleet`: for each fleet size K (default 1, 2 and 4), N no-op tasks are enqueued (in batches) on
/// a fresh queue, K worker processes ([FleetWorker], separate JVMs at the run's concurrency each)
/// start, each warms up on a queue of its own (rounds of 20,000 tasks by default, N if smaller, until
/// its JIT is nearly idle), and on a common signal they drain the queue together. The figure per K is jobs/s from
/// the first task start in any process to the last ack in any process (wall clock, one machine).
/// Results are stored.
public final class FleetScenario implements Scenario {

    private static final Duration POLL = Duration.ofMillis(20);


    @Override
    public String name() {
        return "fleet";
    }

    @Override
    public int defaultSize() {
        return 20_000;
    }

    @Override
    public List<Figure> run(ScenarioRun run) throws InterruptedException {
        List<Figure> figures = new ArrayList<>();
        for (int size : run.fleetSizes()) {
            figures.add(measure(run, size));
        }
        return figures;
    }

    private static Figure measure(ScenarioRun run, int processes) throws InterruptedException {
        JsonMapper mapper = JsonMapper.builder().build();
        try (BenchStore store = run.openStore()) {
            String queue = ScenarioRun.randomQueue();
            Stem stem = BenchNode.client(store, BenchNode.tasks(queue, false, context -> null));
            BenchNode.enqueueInBatches(stem, run.n(), EnqueueOptions.defaults());
            List<WorkerProcess> workers = new ArrayList<>();
            try {
                for (int i = 0; i < processes; i++) {
                    workers.add(WorkerProcess.start(List.of("--broker", run.broker(), "--url", run.url(), "--prefix",
                            store.prefix(), "--queue", queue, "--concurrency", String.valueOf(run.concurrency()),
                            "--prefetch", String.valueOf(run.prefetch()), "--warm-up",
                            String.valueOf(run.warmUpRound()))));
                }
                for (WorkerProcess worker : workers) {
                    expect(worker.nextLine(run.deadline(), "ready"), "ready");
                }
                workers.forEach(worker -> worker.send("go"));
                run.deadline().await("for " + processes + " worker processes to drain " + run.n() + " tasks", POLL,
                        () -> BenchNode.isEmpty(store, queue));
                workers.forEach(worker -> worker.send("stop"));
                long ended = 0;
                long firstStart = Long.MAX_VALUE;
                long lastAck = Long.MIN_VALUE;
                for (WorkerProcess worker : workers) {
                    JsonNode report = mapper.readTree(worker.nextLine(run.deadline(), "its report"));
                    worker.awaitCleanExit(run.deadline());
                    ended += report.get("ended").longValue();
                    if (report.get("ended").longValue() > 0) {
                        firstStart = Math.min(firstStart, report.get("firstStartNanos").longValue());
                        lastAck = Math.max(lastAck, report.get("lastAckNanos").longValue());
                    }
                }
                if (ended < run.n()) {
                    throw new IllegalStateException("The fleet of " + processes + " ran " + ended + " of " + run.n()
                            + " tasks");
                }
                if (ended > run.n()) {
                    System.err.printf("bench: the fleet of %d ran %d tasks for %d messages (%d more than once)%n",
                            processes, ended, run.n(), ended - run.n());
                }
                return Figure.rate("fleet.processes_" + processes, run.n(), lastAck - firstStart, run.concurrency());
            }
            finally {
                workers.forEach(WorkerProcess::close);
            }
        }
    }

    private static void expect(String line, String expected) {
        if (!line.equals(expected)) {
            throw new IllegalStateException("A fleet worker printed '" + line + "' where '" + expected
                    + "' was expected");
        }
    }
}

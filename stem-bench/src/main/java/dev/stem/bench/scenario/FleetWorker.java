package dev.stem.bench.scenario;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

import dev.stem.Stem;
import dev.stem.bench.Deadline;
import dev.stem.bench.WarmUp;
import dev.stem.bench.store.BenchStore;
import dev.stem.bench.store.BenchStores;
import dev.stem.client.EnqueueOptions;
import dev.stem.task.TaskRegistry;
import dev.stem.worker.Worker;

/// A worker process of the `fleet` scenario, started by [FleetScenario] with
/// `--broker B --url U --prefix P --queue Q --concurrency C --prefetch F --warm-up W`.
///
/// It attaches to the parent's store, drains warm-up rounds of W tasks (none when W is 0) on a queue
/// of its own until its JIT compilers are nearly idle ([WarmUp]), then prints `ready` and waits. On
/// the line `go` (standard input) it starts its worker on queue `Q`; on `stop` (or the end of input)
/// it stops the worker, prints one JSON line with how many tasks it ran and when the first started,
/// the last ended and the last was acked (epoch nanoseconds, so the parent can compare processes),
/// and exits with status 0.
public final class FleetWorker {

    private FleetWorker() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        String queue = options.get("--queue");
        int concurrency = Integer.parseInt(options.get("--concurrency"));
        int prefetch = Integer.parseInt(options.get("--prefetch"));
        Clock clock = Clock.systemUTC();
        TaskTimings timings = new TaskTimings(() -> epochNanos(clock.instant()));
        try (BenchStore store = BenchStores.attach(options.get("--broker"), options.get("--url"),
                options.get("--prefix"), ScenarioRun.connections(concurrency))) {
            int warmUp = Integer.parseInt(options.get("--warm-up"));
            if (warmUp > 0) {
                int rounds = WarmUp.untilCompiled(() -> warmUp(store, concurrency, prefetch, warmUp, timings));
                System.err.printf("bench: fleet worker %d warmed up in %d round(s) of %d tasks%n",
                        ProcessHandle.current().pid(), rounds, warmUp);
            }
            timings.reset();
            TaskRegistry tasks = BenchNode.tasks(queue, false, timings.noopHandler());
            Worker worker = BenchNode.worker(store, tasks, queue, concurrency, prefetch, timings);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.println("ready");
            System.out.flush();
            String line;
            boolean started = false;
            while ((line = in.readLine()) != null && !line.equals("stop")) {
                if (line.equals("go") && !started) {
                    worker.start();
                    started = true;
                }
            }
            BenchNode.stop(worker);
            Map<String, Object> report = new LinkedHashMap<>();
            report.put("ended", timings.ended());
            report.put("acked", timings.acked());
            report.put("firstStartNanos", timings.firstStart());
            report.put("lastEndNanos", timings.lastEnd());
            report.put("lastAckNanos", timings.lastAck());
            System.out.println(JsonMapper.builder().build().writeValueAsString(report));
            System.out.flush();
        }
        System.exit(0);
    }

    private static void warmUp(BenchStore store, int concurrency, int prefetch, int count, TaskTimings timings)
            throws InterruptedException {
        timings.reset();
        String queue = ScenarioRun.randomQueue();
        TaskRegistry tasks = BenchNode.tasks(queue, false, timings.noopHandler());
        Stem stem = BenchNode.client(store, tasks);
        BenchNode.enqueueInBatches(stem, count, EnqueueOptions.defaults());
        Worker worker = BenchNode.worker(store, tasks, queue, concurrency, prefetch, timings);
        worker.start();
        try {
            Deadline.in(Duration.ofMinutes(2)).await("the fleet worker's warm-up", Duration.ofMillis(5),
                    () -> timings.acked() >= count);
        }
        finally {
            BenchNode.stop(worker);
        }
    }

    private static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        for (String required : List.of("--broker", "--url", "--prefix", "--queue", "--concurrency", "--prefetch",
                "--warm-up")) {
            if (!options.containsKey(required)) {
                throw new IllegalArgumentException("fleet worker: missing option " + required);
            }
        }
        return options;
    }
}

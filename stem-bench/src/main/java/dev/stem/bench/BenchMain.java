package dev.stem.bench;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.stem.bench.jmh.JmhLauncher;
import dev.stem.bench.scenario.EnqueueScenario;
import dev.stem.bench.scenario.FleetScenario;
import dev.stem.bench.scenario.LatencyScenario;
import dev.stem.bench.scenario.MemoryScenario;
import dev.stem.bench.scenario.ProcessScenario;
import dev.stem.bench.scenario.Scenario;
import dev.stem.bench.scenario.ScenarioRun;

/// The harness's entry point: `<scenario|all> [options]` (see [BenchOptions]) or `jmh [-- JMH arguments]`.
///
/// Prints one JSON line per figure on standard output (see [FigureWriter]); progress and errors go
/// to standard error. Exits with 0 when every scenario ran, 1 when one failed (the others still
/// run), 2 on bad arguments. A watchdog ends the process (status 3) if a run outlives its time limit
/// by a minute, which happens only when a store call hangs past every wait's own limit.
public final class BenchMain {

    private static final Duration WATCHDOG_GRACE = Duration.ofMinutes(1);

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("jmh")) {
            JmhLauncher.main(Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        }
        catch (IllegalArgumentException ex) {
            System.err.println("bench: " + ex.getMessage());
            System.err.println(BenchOptions.USAGE);
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out) ? 0 : 1);
    }

    /// Runs the scenarios of `options`, printing figures to `out`; `false` when one failed.
    static boolean run(BenchOptions options, PrintStream out) {
        FigureWriter writer = new FigureWriter(out, options.broker(), RunInfo.current(),
                options.prefetch() != options.concurrency() ? options.prefetch() : null);
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        for (Scenario scenario : List.of(new EnqueueScenario(), new ProcessScenario(), new LatencyScenario(),
                new FleetScenario(), new MemoryScenario())) {
            scenarios.put(scenario.name(), scenario);
        }
        boolean allRan = true;
        for (String name : options.scenarios()) {
            Scenario scenario = scenarios.get(name);
            int n = options.n() != null ? options.n() : scenario.defaultSize();
            try {
                runScenario(scenario, n, options, writer);
            }
            catch (Exception ex) {
                allRan = false;
                System.err.println("bench: scenario " + name + " on " + options.broker() + " failed: " + ex);
                ex.printStackTrace(System.err);
            }
        }
        return allRan;
    }

    private static void runScenario(Scenario scenario, int n, BenchOptions options, FigureWriter writer)
            throws Exception {
        Map<String, List<Figure>> byName = new LinkedHashMap<>();
        for (int run = 1; run <= options.runs(); run++) {
            System.err.printf("bench: %s on %s, n=%d, concurrency %d, prefetch %d, run %d of %d%n", scenario.name(),
                    options.broker(), n, options.concurrency(), options.prefetch(), run, options.runs());
            Deadline deadline = Deadline.in(options.timeout());
            List<Figure> figures;
            Thread watchdog = watchdog(scenario.name(), options.timeout().plus(WATCHDOG_GRACE));
            try {
                figures = scenario.run(new ScenarioRun(options.broker(), options.url(), n, options.concurrency(),
                        options.prefetch(), options.fleetSizes(), options.warmUp(), deadline));
            }
            finally {
                watchdog.interrupt();
            }
            for (Figure figure : figures) {
                writer.print(figure, options.runs() > 1 ? run : null);
                byName.computeIfAbsent(figure.name(), key -> new ArrayList<>()).add(figure);
            }
        }
        if (options.runs() > 1) {
            for (List<Figure> runs : byName.values()) {
                double median = Stats.median(runs.stream().map(Figure::value).toList());
                writer.printMedian(runs.get(0).withValue(median), runs.size());
            }
        }
    }

    private static Thread watchdog(String scenario, Duration limit) {
        return Thread.ofPlatform().daemon().name("bench-watchdog").start(() -> {
            try {
                Thread.sleep(limit);
            }
            catch (InterruptedException ex) {
                return;
            }
            System.err.println("bench: scenario " + scenario + " is stuck " + limit.toSeconds()
                    + " s after it started; ending the process (its keys or tables may remain)");
            Runtime.getRuntime().halt(3);
        });
    }
}

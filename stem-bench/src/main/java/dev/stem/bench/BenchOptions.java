package dev.stem.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.jspecify.annotations.Nullable;

/// The command line of the harness:
/// `<scenario|all> [--broker redis|postgres] [--url URL] [--n N] [--concurrency C] [--prefetch P]
/// [--runs R] [--fleet 1,2,4] [--warm-up W] [--timeout SECONDS]`.
///
/// @param scenarios the scenarios to run, in order
/// @param broker `redis` or `postgres`
/// @param url the store's URL: `redis://...` or `jdbc:postgresql://...`
/// @param n tasks per scenario run, or `null` for each scenario's own default
/// @param concurrency worker concurrency
/// @param prefetch most messages a worker leases beyond those it runs (the Boot starter's default: `concurrency`)
/// @param runs how many times each scenario runs (a median line follows when more than one)
/// @param fleetSizes worker process counts of the `fleet` scenario
/// @param warmUp tasks per warm-up round of `process`, `latency` (at most 5,000) and each `fleet` worker
///        (0: no warm-up)
/// @param timeout time limit of one scenario run
public record BenchOptions(List<String> scenarios, String broker, String url, @Nullable Integer n, int concurrency,
        int prefetch, int runs, List<Integer> fleetSizes, int warmUp, Duration timeout) {

    /// Every scenario, in the order `all` runs them.
    public static final List<String> SCENARIOS = List.of("enqueue", "process", "latency", "fleet", "memory");

    /// The local Redis of the test setup.
    public static final String DEFAULT_REDIS_URL = "redis://127.0.0.1:6379";

    /// The local PostgreSQL of the test setup.
    public static final String DEFAULT_POSTGRES_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /// The usage text printed on bad input.
    public static final String USAGE = """
            usage: bin/bench <scenario|all> [--broker redis|postgres] [--url URL] [--n N] [--concurrency C]
                             [--prefetch P] [--runs R] [--fleet 1,2,4] [--warm-up W] [--timeout SECONDS]
                   bin/bench jmh [-- JMH arguments]
              scenarios: enqueue, process, latency, fleet, memory (all runs them in this order)
              --broker   redis (default) or postgres
              --url      redis://127.0.0.1:6379 or jdbc:postgresql://127.0.0.1:5432/test?user=postgres (defaults)
              --n        tasks per run; defaults: enqueue, process, fleet 20000; latency 1000;
                         memory 200000 waiting (and a quarter as many delayed)
              --concurrency  worker concurrency (default 8)
              --prefetch messages a worker may hold waiting beyond the running ones, 0 or more
                         (default: the concurrency, as in the starter)
              --runs     runs per scenario (default 1); with more, a median line follows
              --fleet    worker process counts of the fleet scenario (default 1,2,4)
              --warm-up  tasks per warm-up round of process and of each fleet worker (default 20000,
                         at most N) and of latency (at most 5000); rounds repeat until the JIT is
                         nearly idle; 0 measures a cold JVM
              --timeout  seconds one scenario run may take (default 600)""";

    /// Parses the arguments; a bad one raises [IllegalArgumentException] naming the option and value.
    public static BenchOptions parse(String[] args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing the scenario (one of " + SCENARIOS + " or all)");
        }
        List<String> scenarios = scenarios(args[0]);
        String broker = "redis";
        String url = null;
        Integer n = null;
        int concurrency = 8;
        Integer prefetch = null;
        int runs = 1;
        List<Integer> fleet = List.of(1, 2, 4);
        int warmUp = 20_000;
        Duration timeout = Duration.ofSeconds(600);
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--broker" -> broker = broker(value);
                case "--url" -> url = value;
                case "--n" -> n = positive(option, value);
                case "--concurrency" -> concurrency = positive(option, value);
                case "--prefetch" -> prefetch = notNegative(option, value);
                case "--runs" -> runs = positive(option, value);
                case "--fleet" -> fleet = fleet(value);
                case "--warm-up" -> warmUp = notNegative(option, value);
                case "--timeout" -> timeout = Duration.ofSeconds(positive(option, value));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        String resolvedUrl = url != null ? url : broker.equals("redis") ? DEFAULT_REDIS_URL : DEFAULT_POSTGRES_URL;
        requireUrlFor(broker, resolvedUrl);
        return new BenchOptions(scenarios, broker, resolvedUrl, n, concurrency,
                prefetch != null ? prefetch : concurrency, runs, fleet, warmUp, timeout);
    }

    private static List<String> scenarios(String value) {
        if (value.equals("all")) {
            return SCENARIOS;
        }
        if (!SCENARIOS.contains(value)) {
            throw new IllegalArgumentException("unknown scenario '" + value + "': must be one of " + SCENARIOS
                    + " or all");
        }
        return List.of(value);
    }

    private static String broker(String value) {
        if (!value.equals("redis") && !value.equals("postgres")) {
            throw new IllegalArgumentException("--broker must be redis or postgres, was '" + value + "'");
        }
        return value;
    }

    private static void requireUrlFor(String broker, String url) {
        boolean fits = broker.equals("redis") ? url.startsWith("redis://") || url.startsWith("rediss://")
                : url.startsWith("jdbc:postgresql:");
        if (!fits) {
            throw new IllegalArgumentException("--url '" + url + "' is not a " + broker + " URL (expected "
                    + (broker.equals("redis") ? "redis://host:port" : "jdbc:postgresql://host:port/db") + ")");
        }
    }

    private static List<Integer> fleet(String value) {
        List<Integer> sizes = new ArrayList<>();
        for (String part : Arrays.asList(value.split(","))) {
            sizes.add(positive("--fleet", part.trim()));
        }
        return List.copyOf(sizes);
    }

    private static int positive(String option, String value) {
        int parsed = number(option, value);
        if (parsed < 1) {
            throw new IllegalArgumentException(option + " must be at least 1, was " + parsed);
        }
        return parsed;
    }

    private static int notNegative(String option, String value) {
        int parsed = number(option, value);
        if (parsed < 0) {
            throw new IllegalArgumentException(option + " must not be negative, was " + parsed);
        }
        return parsed;
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        }
        catch (NumberFormatException ex) {
            throw new IllegalArgumentException(option + " must be a whole number, was '" + value + "'");
        }
    }
}

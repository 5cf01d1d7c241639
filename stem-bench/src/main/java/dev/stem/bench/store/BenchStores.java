package dev.stem.bench.store;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/// Opens [BenchStore]s by broker name.
public final class BenchStores {

    private BenchStores() {
    }

    /// A store under a fresh random prefix that it owns: it deletes its keys or tables when closed,
    /// or when the JVM shuts down before that. `connections` is how many connections a PostgreSQL
    /// pool may hold; Redis multiplexes one.
    public static BenchStore create(String broker, String url, int connections) {
        return TrackedStore.track(switch (broker) {
            case "redis" -> RedisBenchStore.open(url, "stem-bench-" + randomHex(), true);
            case "postgres" -> PostgresBenchStore.open(url, "bench_" + randomHex() + "_", connections, true);
            default -> throw new IllegalArgumentException("broker must be redis or postgres, was '" + broker + "'");
        });
    }

    /// A store on the prefix another process created, left in place when closed.
    public static BenchStore attach(String broker, String url, String prefix, int connections) {
        return switch (broker) {
            case "redis" -> RedisBenchStore.open(url, prefix, false);
            case "postgres" -> PostgresBenchStore.open(url, prefix, connections, false);
            default -> throw new IllegalArgumentException("broker must be redis or postgres, was '" + broker + "'");
        };
    }

    /// Ten random lower-case hex digits.
    public static String randomHex() {
        byte[] bytes = new byte[5];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}

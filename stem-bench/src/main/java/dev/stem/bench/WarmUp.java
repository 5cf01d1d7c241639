package dev.stem.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/// Warms a JVM up before a measurement: repeats a round of the measured work until, in
/// [#QUIET_ROUNDS] rounds in a row, the JIT compilers spent less than a tenth of the round's time
/// compiling (at most [#MAX_ROUNDS] rounds).
/// A fixed number of tasks is not enough on two busy cores, where C2 compiles the hot paths for
/// seconds after they got hot; a measurement that overlaps that pays for the compiler threads'
/// CPU and runs half-compiled code.
public final class WarmUp {

    /// Most warm-up rounds.
    public static final int MAX_ROUNDS = 12;

    /// Quiet rounds in a row that end the warm-up: after one, C2 often still had queued work.
    public static final int QUIET_ROUNDS = 2;

    private WarmUp() {
    }

    /// One round of warm-up work.
    @FunctionalInterface
    public interface Round {

        void run() throws Exception;
    }

    /// Runs `round` until the JIT is (nearly) quiet during [#QUIET_ROUNDS] in a row; returns how many rounds ran.
    public static int untilCompiled(Round round) throws Exception {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        boolean measurable = compiler != null && compiler.isCompilationTimeMonitoringSupported();
        int quiet = 0;
        for (int rounds = 1; ; rounds++) {
            long compiledBefore = measurable ? compiler.getTotalCompilationTime() : 0;
            long start = System.nanoTime();
            round.run();
            long wallMillis = (System.nanoTime() - start) / 1_000_000;
            long compileMillis = measurable ? compiler.getTotalCompilationTime() - compiledBefore : 0;
            quiet = compileMillis * 10 <= wallMillis ? quiet + 1 : 0;
            if (!measurable || quiet == QUIET_ROUNDS || rounds == MAX_ROUNDS) {
                return rounds;
            }
        }
    }
}

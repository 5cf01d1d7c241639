package dev.stem.worker;

/// Ends the process when a worker cannot go on (see [Worker#EXIT_TOO_MANY_ABANDONED_THREADS]), so
/// that its supervisor starts a fresh one. Replaced in tests, which must not end their JVM.
@FunctionalInterface
public interface ProcessExit {

    /// [Runtime#exit]: shutdown hooks run, so a Spring application stops its worker gracefully.
    ProcessExit RUNTIME = status -> Runtime.getRuntime().exit(status);

    /// Ends the process with `status`. Called on a thread of its own, which it may block.
    void exit(int status);
}

/// In-memory implementations of every Stem contract, for tests, demos and single-process use.
///
/// Each adapter is thread-safe, keeps its state on the heap of one JVM (nothing survives a restart
/// and nothing is shared between processes), and reads time from a [java.time.Clock] given to its
/// constructor so that tests can control it. They pass the same contract test kit as the Redis and
/// JDBC adapters.
@NullMarked
package dev.stem.memory;

import org.jspecify.annotations.NullMarked;

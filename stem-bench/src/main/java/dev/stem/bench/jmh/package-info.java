/// JMH micro-benchmarks of the engine's hot paths: envelope codec, argument binding, in-memory broker.
@NullMarked
package dev.stem.bench.jmh;

import org.jspecify.annotations.NullMarked;

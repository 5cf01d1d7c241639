/// The end-to-end scenarios: enqueue, process, latency, fleet and memory, on the engine's public API.
@NullMarked
package dev.stem.bench.scenario;

import org.jspecify.annotations.NullMarked;

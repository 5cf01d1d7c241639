/// The stores a benchmark runs against (Redis or PostgreSQL), each under its own random prefix and removed afterwards.
@NullMarked
package dev.stem.bench.store;

import org.jspecify.annotations.NullMarked;

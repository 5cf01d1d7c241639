/// Interceptors around enqueue and execution: one chain for logging, tracing, signing and idempotency.
@NullMarked
package dev.stem.middleware;

import org.jspecify.annotations.NullMarked;

/// Smoke test of the redis-worker sample against a real Redis server.
@NullMarked
package dev.stem.samples.redis;

import org.jspecify.annotations.NullMarked;

/// A producer and a worker talking through Redis: thumbnail jobs enqueued by one process and run
/// by another, with priorities, a delayed job, progress over Pub/Sub and results in Redis.
@NullMarked
package dev.stem.samples.redis;

import org.jspecify.annotations.NullMarked;

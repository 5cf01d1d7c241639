/// Redis implementations of Stem's contracts on Spring Data Redis: the Streams broker, the result
/// backend, the schedule store and the coordination stores. Key layout: `docs/redis.md`.
@NullMarked
package dev.stem.redis;

import org.jspecify.annotations.NullMarked;

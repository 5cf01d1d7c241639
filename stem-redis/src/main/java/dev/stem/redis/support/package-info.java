/// Building blocks of the Redis adapters: key names, Lua script loading, lease receipts and
/// blocking reads on dedicated connections.
@NullMarked
package dev.stem.redis.support;

import org.jspecify.annotations.NullMarked;

/// Tests of the Redis auto-configuration: wiring without a server, and runs against a real one.
@NullMarked
package dev.stem.boot.autoconfigure.redis;

import org.jspecify.annotations.NullMarked;

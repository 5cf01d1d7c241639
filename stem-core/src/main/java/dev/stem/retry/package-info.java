/// Retry policies and backoff.
@NullMarked
package dev.stem.retry;

import org.jspecify.annotations.NullMarked;

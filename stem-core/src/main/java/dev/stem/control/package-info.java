/// Coordination contracts shared by processes: locks, rate limits, revokes, events, worker registry.
@NullMarked
package dev.stem.control;

import org.jspecify.annotations.NullMarked;

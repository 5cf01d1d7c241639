/// Auto-configuration of Stem's metrics, observations, MDC, state-change logs and queue monitor.
@NullMarked
package dev.stem.boot.autoconfigure.observability;

import org.jspecify.annotations.NullMarked;

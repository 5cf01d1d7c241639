/// The `stem` Actuator endpoint: overview, queues, workers and dead letters.
@NullMarked
package dev.stem.boot.actuate;

import org.jspecify.annotations.NullMarked;

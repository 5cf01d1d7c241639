/// Auto-configuration of Stem's Actuator health indicators.
@NullMarked
package dev.stem.boot.autoconfigure.health;

import org.jspecify.annotations.NullMarked;

/// Auto-configuration of the `stem` Actuator endpoint.
@NullMarked
package dev.stem.boot.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
